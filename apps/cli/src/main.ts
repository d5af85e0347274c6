import packageJson from '../package.json';
import { runChat } from './commands/chat.js';
import { runKeys } from './commands/keys.js';
import { runModels } from './commands/models.js';
import { runUsage } from './commands/usage.js';
import { connect, resolveConnection } from './context.js';
import { EXIT_CODES, explainError, UsageError } from './errors.js';
import { createStyle } from './format.js';

export const VERSION: string = packageJson.version;

export const MAIN_HELP = `Usage: llmux <command> [options]

Commands:
  chat [PROMPT]        ask a model (streamed; piped stdin is included; no PROMPT on a terminal: a conversation)
  models               list the models, their context, prices and capabilities
  keys create|list|revoke
                       manage gateway keys (master key)
  usage                requests, tokens and cost (master key)

Options (every command):
      --base-url URL   the gateway's API root (default: $LLMUX_BASE_URL, else http://127.0.0.1:8787/v1)
      --api-key KEY    the key (default: $LLMUX_API_KEY)
  -h, --help           help; 'llmux <command> --help' for a command's options
  -V, --version        the version

Environment: LLMUX_BASE_URL, LLMUX_API_KEY, LLMUX_MODEL (chat's default model), NO_COLOR.
Exit codes: 0 ok, 1 the gateway answered with an error, 2 bad command line, 3 gateway unreachable,
130 interrupted (Ctrl-C).
`;

const COMMANDS = ['chat', 'models', 'keys', 'usage'] as const;
type Command = (typeof COMMANDS)[number];

/** Options that take a value, so their value is not mistaken for the command name. */
const VALUE_OPTIONS = new Set(['--base-url', '--api-key']);

export interface CliEnvironment {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: Record<string, string | undefined>;
}

/** Runs one command line; resolves to the exit code. Never throws. */
export async function runCli(argv: string[], environment: CliEnvironment): Promise<number> {
  const { stdout, stderr, env } = environment;
  const commandIndex = findCommandIndex(argv);
  const command = commandIndex === -1 ? undefined : argv[commandIndex];
  const rest =
    commandIndex === -1 ? [...argv] : [...argv.slice(0, commandIndex), ...argv.slice(commandIndex + 1)];
  const connectionFlags: { 'base-url'?: string; 'api-key'?: string } = {};
  try {
    if (command === undefined) {
      if (rest.includes('--version') || rest.includes('-V')) {
        stdout.write(`${VERSION}\n`);
        return EXIT_CODES.ok;
      }
      if (rest.includes('--help') || rest.includes('-h') || rest.length === 0) {
        stdout.write(MAIN_HELP);
        return rest.length === 0 ? EXIT_CODES.usage : EXIT_CODES.ok;
      }
      throw new UsageError('llmux: no command given (chat, models, keys or usage).');
    }
    if (!COMMANDS.includes(command as Command)) {
      if (command === 'help') {
        stdout.write(MAIN_HELP);
        return EXIT_CODES.ok;
      }
      throw new UsageError(`llmux: unknown command '${command}' (chat, models, keys, usage).`);
    }
    const connectWith = (values: { 'base-url'?: string; 'api-key'?: string }) => {
      Object.assign(connectionFlags, values);
      return connect(resolveConnection(values, env));
    };
    const explain = (error: unknown) => explainFor(error, command as Command, connectionFlags, env);
    const dependencies = { ...environment, connect: connectWith, explain };
    switch (command as Command) {
      case 'chat':
        return await runChat(rest, dependencies);
      case 'models':
        return await runModels(rest, dependencies);
      case 'keys':
        return await runKeys(rest, dependencies);
      case 'usage':
        return await runUsage(rest, dependencies);
    }
  } catch (error) {
    const explained = await explainFor(error, command as Command | undefined, connectionFlags, env);
    stderr.write(`${createStyle(stderr, env).red(explained.message)}\n`);
    return explained.exitCode;
  }
  return EXIT_CODES.ok;
}

function explainFor(
  error: unknown,
  command: Command | undefined,
  flags: { 'base-url'?: string; 'api-key'?: string },
  env: Record<string, string | undefined>,
) {
  const connection = resolveConnection(flags, env);
  return explainError(error, {
    baseURL: connection.baseURL,
    apiKeySource: connection.apiKeySource,
    admin: command === 'keys' || command === 'usage',
    listModelIds: async () => (await connect(connection).models.list()).data.map((model) => model.id),
  });
}

/** The first argument that is neither an option nor the value of one. */
function findCommandIndex(argv: readonly string[]): number {
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index]!;
    if (argument === '--') return -1;
    if (VALUE_OPTIONS.has(argument)) {
      index++;
      continue;
    }
    if (!argument.startsWith('-')) return index;
  }
  return -1;
}
