import type { LlmuxClient, UsageQuery } from '@llmux/client';
import { EXIT_CODES, UsageError } from '../errors.js';
import { formatTable, formatTime, formatUsd, parseSince } from '../format.js';
import { parseCommandArgs } from '../options.js';

export const USAGE_HELP = `Usage: llmux usage [options]   (needs the master key)

Requests, errors, tokens and cost recorded by the gateway: totals, then one row per model.

Options:
      --since WHEN     from: a duration back from now (30m, 24h, 7d, 2w), an ISO 8601 date or
                       date-time, or Unix seconds (default: everything recorded)
      --until WHEN     to (exclusive), same forms
      --key ID         only the requests made with this key id
      --json           print the gateway's JSON answer
      --base-url URL   the gateway (default: $LLMUX_BASE_URL, else http://127.0.0.1:8787/v1)
      --api-key KEY    the master key (default: $LLMUX_API_KEY)
  -h, --help           this help
`;

/** The row shape of GET /admin/usage (apps/gateway: queryUsage). */
interface UsageRow {
  model?: string | null;
  requests: number;
  errors: number;
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number;
  reasoning_tokens: number;
  cost_usd: number;
  unpriced_requests: number;
}

export async function runUsage(
  args: string[],
  dependencies: { stdout: NodeJS.WriteStream; connect: (values: object) => LlmuxClient },
): Promise<number> {
  const { values, positionals } = parseCommandArgs('usage', args, {
    since: { type: 'string' },
    until: { type: 'string' },
    key: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) {
    dependencies.stdout.write(USAGE_HELP);
    return EXIT_CODES.ok;
  }
  if (positionals.length > 0)
    throw new UsageError(`llmux usage: unexpected argument '${positionals[0]}'.`, 'usage');
  const now = Date.now();
  const query: UsageQuery = {};
  for (const name of ['since', 'until'] as const) {
    const text = values[name];
    if (text === undefined) continue;
    const iso = parseSince(text, now);
    if (iso === undefined) {
      throw new UsageError(
        `llmux usage: --${name} must be a duration (24h, 7d), an ISO 8601 date or Unix seconds, got '${text}'.`,
        'usage',
      );
    }
    query[name] = iso;
  }
  if (values.key) query.key_id = values.key;
  const report = await dependencies.connect(values).admin.usage(query);
  if (values.json) {
    dependencies.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return EXIT_CODES.ok;
  }
  dependencies.stdout.write(formatUsageReport(report, query));
  return EXIT_CODES.ok;
}

export function formatUsageReport(report: Record<string, unknown>, query: UsageQuery): string {
  const totals = report.totals as UsageRow | undefined;
  const models = (report.models as UsageRow[] | undefined) ?? [];
  const period = `${query.since ? `since ${formatTime(query.since)}` : 'all time'}${query.until ? ` until ${formatTime(query.until)}` : ''}${query.key_id ? `, key ${query.key_id}` : ''}`;
  if (!totals || totals.requests === 0) return `No requests recorded (${period}).\n`;
  const lines = [
    `Usage (${period})`,
    `  requests   ${totals.requests}${totals.errors > 0 ? ` (${totals.errors} failed)` : ''}`,
    `  tokens     ${totals.prompt_tokens} prompt (${totals.cached_tokens} cached) + ${totals.completion_tokens} completion (${totals.reasoning_tokens} reasoning)`,
    `  cost       ${formatCost(totals)}`,
    '',
    formatTable(
      ['MODEL', 'REQUESTS', 'ERRORS', 'PROMPT', 'CACHED', 'COMPLETION', 'REASONING', 'COST'],
      models.map((row) => [
        row.model ?? '(none)',
        String(row.requests),
        String(row.errors),
        String(row.prompt_tokens),
        String(row.cached_tokens),
        String(row.completion_tokens),
        String(row.reasoning_tokens),
        formatCost(row),
      ]),
      new Set([1, 2, 3, 4, 5, 6, 7]),
    ),
  ];
  return `${lines.join('\n')}\n`;
}

/** A missing price is never $0: the gateway counts unpriced requests apart. */
function formatCost(row: UsageRow): string {
  if (row.unpriced_requests > 0 && row.cost_usd === 0)
    return row.unpriced_requests === row.requests ? 'unpriced' : `${row.unpriced_requests} unpriced`;
  const unpriced = row.unpriced_requests > 0 ? ` + ${row.unpriced_requests} unpriced` : '';
  return `${formatUsd(row.cost_usd)}${unpriced}`;
}
