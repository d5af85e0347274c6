import type { GatewayKey, LlmuxClient } from '@llmux/client';
import { EXIT_CODES, UsageError } from '../errors.js';
import { formatTable, formatTime } from '../format.js';
import { parseCommandArgs } from '../options.js';

export const KEYS_HELP = `Usage: llmux keys <create|list|revoke> [options]   (needs the master key)

  llmux keys create NAME [--models GLOB]... [--expires-at ISO]
      Makes a key and prints its secret (shown only once). --models limits it to model ids matching
      the globs (* any run, ? one character; repeat the flag or separate with commas).
  llmux keys list
      The active keys (without secrets).
  llmux keys revoke ID
      Revokes a key at once.

Options:
      --json           print the gateway's JSON answer
      --base-url URL   the gateway (default: $LLMUX_BASE_URL, else http://127.0.0.1:8787/v1)
      --api-key KEY    the master key (default: $LLMUX_API_KEY)
  -h, --help           this help
`;

interface KeysDependencies {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  connect: (values: object) => LlmuxClient;
}

export async function runKeys(args: string[], dependencies: KeysDependencies): Promise<number> {
  const { stdout, stderr } = dependencies;
  const { values, positionals } = parseCommandArgs('keys', args, {
    models: { type: 'string', multiple: true },
    'expires-at': { type: 'string' },
    json: { type: 'boolean' },
  });
  const [action, ...rest] = positionals;
  if (values.help || action === 'help') {
    stdout.write(KEYS_HELP);
    return EXIT_CODES.ok;
  }
  const print = (value: unknown) => stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  if (action === 'create') {
    const name = rest.join(' ').trim();
    if (name === '') throw new UsageError('llmux keys create: give the key a NAME.', 'keys');
    const models = values.models
      ?.flatMap((glob) => glob.split(','))
      .map((glob) => glob.trim())
      .filter((glob) => glob !== '');
    const expiresAt = values['expires-at'];
    if (expiresAt !== undefined && Number.isNaN(Date.parse(expiresAt))) {
      throw new UsageError(
        `llmux keys create: --expires-at must be an ISO 8601 date-time (2026-12-31T00:00:00Z), got '${expiresAt}'.`,
        'keys',
      );
    }
    const key = await dependencies.connect(values).admin.keys.create({
      name,
      ...(models && models.length > 0 ? { models } : {}),
      ...(expiresAt !== undefined ? { expires_at: new Date(expiresAt).toISOString() } : {}),
    });
    if (values.json) print(key);
    else {
      stdout.write(`${key.key ?? ''}\n`);
      stderr.write(
        `Created key ${key.id} '${key.name}' (models: ${formatModels(key.models)}, expires: ${key.expires_at ?? 'never'}).\nThe secret above is shown only once.\n`,
      );
    }
    return EXIT_CODES.ok;
  }
  if (action === 'list') {
    if (rest.length > 0) throw new UsageError(`llmux keys list: unexpected argument '${rest[0]}'.`, 'keys');
    const keys = await dependencies.connect(values).admin.keys.list();
    if (values.json) print(keys);
    else if (keys.length === 0) stdout.write('No active keys (the master key is not listed).\n');
    else stdout.write(`${formatKeysTable(keys)}\n`);
    return EXIT_CODES.ok;
  }
  if (action === 'revoke') {
    if (rest.length !== 1) throw new UsageError('llmux keys revoke: give exactly one key ID.', 'keys');
    await dependencies.connect(values).admin.keys.revoke(rest[0]!);
    if (values.json) print({ id: rest[0], deleted: true });
    else stdout.write(`Revoked key ${rest[0]}.\n`);
    return EXIT_CODES.ok;
  }
  throw new UsageError(
    action === undefined
      ? 'llmux keys: say what to do: create, list or revoke.'
      : `llmux keys: unknown action '${action}' (create, list or revoke).`,
    'keys',
  );
}

function formatModels(models: string[] | null | undefined): string {
  return models === null || models === undefined || models.length === 0 ? 'all' : models.join(',');
}

function formatKeysTable(keys: readonly GatewayKey[]): string {
  return formatTable(
    ['ID', 'NAME', 'MODELS', 'EXPIRES', 'CREATED'],
    keys.map((key) => [
      key.id,
      key.name,
      formatModels(key.models),
      formatTime(key.expires_at) || 'never',
      formatTime(key.created_at),
    ]),
  );
}
