import type { GatewayKey, KeyLimitsRequest, LlmuxClient } from '@llmux/client';
import { EXIT_CODES, UsageError } from '../errors.js';
import { formatTable, formatTime } from '../format.js';
import { parseCommandArgs } from '../options.js';

export const KEYS_HELP = `Usage: llmux keys <create|list|show|update|revoke> [options]   (needs the master key)

  llmux keys create NAME [--models GLOB]... [--expires-at ISO] [LIMITS]
      Makes a key and prints its secret (shown only once). --models limits it to model ids matching
      the globs (* any run, ? one character; repeat the flag or separate with commas).
  llmux keys list
      The active keys (without secrets), with their limits and spend.
  llmux keys show ID
      One key: its limits, the spend of the current budget period and when that period resets.
  llmux keys update ID [LIMITS]
      Changes a key's limits; the next request sees them. 'none' removes a limit (--rpm none).
  llmux keys revoke ID
      Revokes a key at once.

Limits (each optional; see the gateway README, "Limits and budgets"):
      --rpm N               at most N requests in any 60-second window
      --tpm N               refused while the last 60 seconds' settled tokens reach N
      --parallel N          at most N requests in flight
      --budget USD          the most the key may spend, in USD, per budget period
      --budget-duration D   the budget period: 15s, 1h, 30d (absent: the key's lifetime)

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
    rpm: { type: 'string' },
    tpm: { type: 'string' },
    parallel: { type: 'string' },
    budget: { type: 'string' },
    'budget-duration': { type: 'string' },
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
    const limits = readLimits('create', values, false);
    const key = await dependencies.connect(values).admin.keys.create({
      name,
      ...(models && models.length > 0 ? { models } : {}),
      ...(expiresAt !== undefined ? { expires_at: new Date(expiresAt).toISOString() } : {}),
      ...limits,
    });
    if (values.json) print(key);
    else {
      stdout.write(`${key.key ?? ''}\n`);
      stderr.write(
        `Created key ${key.id} '${key.name}' (models: ${formatModels(key.models)}, expires: ${key.expires_at ?? 'never'}, limits: ${formatLimits(key)}).\nThe secret above is shown only once.\n`,
      );
    }
    return EXIT_CODES.ok;
  }
  if (action === 'show') {
    if (rest.length !== 1) throw new UsageError('llmux keys show: give exactly one key ID.', 'keys');
    const key = await dependencies.connect(values).admin.keys.retrieve(rest[0]!);
    if (values.json) print(key);
    else stdout.write(formatKeyDetails(key));
    return EXIT_CODES.ok;
  }
  if (action === 'update') {
    if (rest.length !== 1) throw new UsageError('llmux keys update: give exactly one key ID.', 'keys');
    const limits = readLimits('update', values, true);
    if (Object.keys(limits).length === 0) {
      throw new UsageError(
        'llmux keys update: say what to change (--rpm, --tpm, --parallel, --budget, --budget-duration).',
        'keys',
      );
    }
    const key = await dependencies.connect(values).admin.keys.update(rest[0]!, limits);
    if (values.json) print(key);
    else stdout.write(formatKeyDetails(key));
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
      ? 'llmux keys: say what to do: create, list, show, update or revoke.'
      : `llmux keys: unknown action '${action}' (create, list, show, update or revoke).`,
    'keys',
  );
}

function formatModels(models: string[] | null | undefined): string {
  return models === null || models === undefined || models.length === 0 ? 'all' : models.join(',');
}

function formatKeysTable(keys: readonly GatewayKey[]): string {
  return formatTable(
    ['ID', 'NAME', 'MODELS', 'EXPIRES', 'CREATED', 'LIMITS', 'SPEND'],
    keys.map((key) => [
      key.id,
      key.name,
      formatModels(key.models),
      formatTime(key.expires_at) || 'never',
      formatTime(key.created_at),
      formatLimits(key),
      formatSpend(key),
    ]),
  );
}

type LimitValues = Partial<Record<'rpm' | 'tpm' | 'parallel' | 'budget' | 'budget-duration', string>>;

/** The limit flags as the admin API's fields; `none` (update only) removes a limit. */
export function readLimits(action: string, values: LimitValues, allowNone: boolean): KeyLimitsRequest {
  const limits: KeyLimitsRequest = {};
  const read = (
    flag: keyof LimitValues,
    check: (text: string) => number | string | undefined,
    expected: string,
  ) => {
    const text = values[flag];
    if (text === undefined) return undefined;
    if (allowNone && text === 'none') return null;
    const value = check(text.trim());
    if (value === undefined) {
      throw new UsageError(
        `llmux keys ${action}: --${flag} must be ${expected}${allowNone ? " (or 'none')" : ''}, got '${text}'.`,
        'keys',
      );
    }
    return value;
  };
  const count = (text: string) => (/^[1-9][0-9]*$/.test(text) ? Number(text) : undefined);
  const rpm = read('rpm', count, 'an integer >= 1');
  const tpm = read('tpm', count, 'an integer >= 1');
  const parallel = read('parallel', count, 'an integer >= 1');
  const budget = read(
    'budget',
    (text) => (text !== '' && Number.isFinite(Number(text)) && Number(text) >= 0 ? Number(text) : undefined),
    'a number of USD >= 0',
  );
  const duration = read(
    'budget-duration',
    (text) => (/^[1-9][0-9]*[smhd]$/.test(text) ? text : undefined),
    'a duration like 15s, 1h or 30d',
  );
  if (rpm !== undefined) limits.rpm_limit = rpm as number | null;
  if (tpm !== undefined) limits.tpm_limit = tpm as number | null;
  if (parallel !== undefined) limits.max_parallel_requests = parallel as number | null;
  if (budget !== undefined) limits.max_budget = budget as number | null;
  if (duration !== undefined) limits.budget_duration = duration as string | null;
  return limits;
}

/** `60 rpm, 100000 tpm, 4 parallel, $25 per 30d`, or `none`. */
export function formatLimits(key: GatewayKey): string {
  const parts: string[] = [];
  if (typeof key.rpm_limit === 'number') parts.push(`${key.rpm_limit} rpm`);
  if (typeof key.tpm_limit === 'number') parts.push(`${key.tpm_limit} tpm`);
  if (typeof key.max_parallel_requests === 'number') parts.push(`${key.max_parallel_requests} parallel`);
  if (typeof key.max_budget === 'number') {
    parts.push(
      `$${key.max_budget}${typeof key.budget_duration === 'string' ? ` per ${key.budget_duration}` : ''}`,
    );
  }
  return parts.length > 0 ? parts.join(', ') : 'none';
}

function formatSpend(key: GatewayKey): string {
  return typeof key.spend_usd === 'number' ? `$${Number(key.spend_usd.toFixed(6))}` : '';
}

function formatKeyDetails(key: GatewayKey): string {
  const budget =
    typeof key.max_budget === 'number'
      ? `$${key.max_budget} ${typeof key.budget_duration === 'string' ? `per ${key.budget_duration}` : 'for its lifetime'}`
      : 'none';
  const lines: Array<[string, string]> = [
    ['id', key.id],
    ['name', key.name],
    ['models', formatModels(key.models)],
    ['expires', formatTime(key.expires_at) || 'never'],
    ['created', formatTime(key.created_at)],
    ['rpm limit', typeof key.rpm_limit === 'number' ? String(key.rpm_limit) : 'none'],
    ['tpm limit', typeof key.tpm_limit === 'number' ? String(key.tpm_limit) : 'none'],
    ['parallel', typeof key.max_parallel_requests === 'number' ? String(key.max_parallel_requests) : 'none'],
    ['budget', budget],
    ['spend', formatSpend(key) || '$0'],
    ['resets', formatTime(key.budget_reset_at) || 'never'],
  ];
  return `${formatTable(['KEY', 'VALUE'], lines).split('\n').slice(1).join('\n')}\n`;
}
