import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './errors.js';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** Options every command takes. */
export const GLOBAL_OPTIONS = {
  'base-url': { type: 'string' },
  'api-key': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionsConfig;

type ParsedCommand<T extends OptionsConfig> = ReturnType<
  typeof parseArgs<{
    args: string[];
    options: typeof GLOBAL_OPTIONS & T;
    allowPositionals: true;
    strict: true;
  }>
>;

/** `parseArgs`, strict, with the global options added and its errors turned into usage errors. */
export function parseCommandArgs<T extends OptionsConfig>(
  command: string,
  args: string[],
  options: T,
): ParsedCommand<T> {
  try {
    return parseArgs({
      args,
      options: { ...GLOBAL_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    // Node's messages go on about '--' and positionals; the first sentence is the useful part.
    const message = error instanceof Error ? error.message.split(/\. To specify/)[0]! : String(error);
    throw new UsageError(`llmux ${command}: ${message.endsWith('.') ? message : `${message}.`}`, command);
  }
}

export function readNumber(
  command: string,
  name: string,
  value: string | undefined,
  check: (value: number) => boolean,
  expected: string,
): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || !check(number)) {
    throw new UsageError(`llmux ${command}: --${name} must be ${expected}, got '${value}'.`, command);
  }
  return number;
}
