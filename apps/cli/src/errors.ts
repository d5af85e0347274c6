import { LlmuxError } from '@llmux/client';
import { suggestClosest } from './suggest.js';

/** The exit codes, documented in the README. */
export const EXIT_CODES = {
  ok: 0,
  /** The gateway answered with an error (401, 403, 404, 400, 429, 5xx) or a stream broke. */
  apiError: 1,
  /** Bad command line: unknown command or flag, bad value, missing argument. */
  usage: 2,
  /** The gateway could not be reached. */
  unreachable: 3,
  /** Ctrl-C (128 + SIGINT). */
  interrupted: 130,
} as const;

/** A mistake on the command line; printed with a pointer to `--help`, exit code 2. */
export class UsageError extends Error {
  readonly command: string | undefined;
  constructor(message: string, command?: string) {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }
}

export interface ErrorContext {
  baseURL: string;
  /** Where the key came from, or undefined when none was given. */
  apiKeySource: '--api-key' | 'LLMUX_API_KEY' | undefined;
  /** The admin commands need the master key. */
  admin?: boolean;
  /** Lists the model ids the key may use, for "did you mean" when the gateway gave no suggestion. */
  listModelIds?: () => Promise<string[]>;
}

export interface ExplainedError {
  message: string;
  exitCode: number;
}

/** Turns any failure into a message a person can act on and the exit code to leave with. */
export async function explainError(error: unknown, context: ErrorContext): Promise<ExplainedError> {
  if (error instanceof UsageError) {
    const help = error.command ? `llmux ${error.command} --help` : 'llmux --help';
    return { message: `${error.message}\nRun '${help}' for usage.`, exitCode: EXIT_CODES.usage };
  }
  if (!(error instanceof LlmuxError)) {
    const message = error instanceof Error ? error.message : String(error);
    return { message, exitCode: EXIT_CODES.apiError };
  }
  if (error.code === 'aborted') return { message: 'Interrupted.', exitCode: EXIT_CODES.interrupted };
  if (error.status === 0 && error.code === 'connection_error') {
    return {
      message: [
        `Cannot reach the llmux gateway at ${context.baseURL}.`,
        `  ${error.message}`,
        'Is it running? Start it with `pnpm start` in the llmux repository, or point LLMUX_BASE_URL',
        '(or --base-url) at a running gateway.',
      ].join('\n'),
      exitCode: EXIT_CODES.unreachable,
    };
  }
  const requestId = error.requestId ? ` (request ${error.requestId})` : '';
  if (error.status === 401) {
    const where = 'the gateway prints its master key at first start; `llmux keys create` makes others';
    const hint =
      context.apiKeySource === undefined
        ? 'No API key was given: set LLMUX_API_KEY or pass --api-key.'
        : context.apiKeySource === '--api-key'
          ? `The key given with --api-key was refused: pass a valid one (${where}).`
          : `The key in LLMUX_API_KEY was refused: set it to a valid one, or pass --api-key (${where}).`;
    return { message: `Authentication failed: ${error.message}\n${hint}`, exitCode: EXIT_CODES.apiError };
  }
  if (error.status === 403) {
    const hint = context.admin
      ? 'The admin commands (keys, usage) need the master key in LLMUX_API_KEY or --api-key.'
      : 'This key is not allowed to do that (a key can be limited to some models).';
    return {
      message: `Permission denied: ${error.message}\n${hint}${requestId}`,
      exitCode: EXIT_CODES.apiError,
    };
  }
  if (error.status === 404 && error.code === 'model_not_found') {
    let message = error.message;
    if (!/did you mean/i.test(message) && context.listModelIds) {
      const wanted = /model '([^']+)'/.exec(message)?.[1];
      const ids = await context.listModelIds().catch(() => []);
      const closest = wanted ? suggestClosest(wanted, ids) : [];
      if (closest.length > 0) message += ` Did you mean ${closest.map((id) => `'${id}'`).join(', ')}?`;
    }
    return {
      message: `${message}\nRun 'llmux models' to see the models this key can use.`,
      exitCode: EXIT_CODES.apiError,
    };
  }
  if (error.status === 404 && !/\/v1\/?$/.test(context.baseURL)) {
    return {
      message: `${error.message}\nThe base URL ${context.baseURL} does not end in /v1: the gateway's API root is http://HOST:PORT/v1.`,
      exitCode: EXIT_CODES.apiError,
    };
  }
  // Status 0 past the checks above: the answer had started (an error event, a cut, no [DONE]).
  const status = error.status > 0 ? `HTTP ${error.status}` : 'The answer broke off';
  const param = error.param ? ` [${error.param}]` : '';
  return { message: `${status}${param}: ${error.message}${requestId}`, exitCode: EXIT_CODES.apiError };
}
