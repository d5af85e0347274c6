import type { CompletionUsage, ModelPricing } from '@llmux/contract';

/** ANSI styling that is on only for a terminal and when NO_COLOR is unset (https://no-color.org). */
export interface Style {
  readonly enabled: boolean;
  dim(text: string): string;
  bold(text: string): string;
  red(text: string): string;
}

export function createStyle(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): Style {
  const enabled = stream.isTTY === true && !env.NO_COLOR;
  const wrap = (open: string, close: string) => (text: string) =>
    enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return { enabled, dim: wrap('2', '22'), bold: wrap('1', '22'), red: wrap('31', '39') };
}

/** A plain-text table: columns padded to their widest cell, numbers right-aligned. */
export function formatTable(
  headers: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  rightAligned: ReadonlySet<number> = new Set(),
): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const render = (cells: readonly string[]) =>
    cells
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        return rightAligned.has(column) ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [render(headers), ...rows.map(render)].join('\n');
}

/** 128000 → "128k", 131072 → "128k", 1048576 → "1M" (vendors state limits in both decimal and binary units). */
export function formatTokenCount(tokens: number): string {
  const scale = (decimal: number, binary: number) =>
    tokens % decimal !== 0 && tokens % binary === 0 ? tokens / binary : tokens / decimal;
  if (tokens >= 1_000_000) return `${trimNumber(scale(1_000_000, 1_048_576))}M`;
  if (tokens >= 1000) return `${trimNumber(scale(1000, 1024))}k`;
  return String(tokens);
}

function trimNumber(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** A price per million tokens: "$0.15", "$15", "—" when unknown. */
export function formatPricePerMillion(price: number | null | undefined): string {
  if (price === null || price === undefined) return '—';
  return `$${Number(price.toPrecision(6))}`;
}

/** A cost in USD with enough digits to show sub-cent amounts. */
export function formatUsd(amount: number): string {
  if (amount === 0) return '$0';
  if (amount >= 1) return `$${amount.toFixed(2)}`;
  if (amount >= 0.01) return `$${amount.toFixed(4)}`;
  return `$${Number(amount.toPrecision(3)).toFixed(8).replace(/0+$/, '')}`;
}

/**
 * The USD cost of one answer at list prices, as the gateway computes it for standard-tier requests
 * (cached prompt tokens at `cached_input`, else `input`). Long-context tiers are not in the models list.
 */
export function computeCost(usage: CompletionUsage, pricing: ModelPricing): number {
  const cached = Math.min(usage.prompt_tokens_details?.cached_tokens ?? 0, usage.prompt_tokens);
  const uncached = usage.prompt_tokens - cached;
  const cachedPrice = pricing.cached_input ?? pricing.input;
  return (
    (uncached * pricing.input + cached * cachedPrice + usage.completion_tokens * pricing.output) / 1_000_000
  );
}

/** "gpt-4o-mini · 12 prompt + 40 completion tokens (8 reasoning) · $0.000026" */
export function formatUsageLine(
  model: string,
  usage: CompletionUsage | null | undefined,
  pricing: ModelPricing | null | undefined,
): string {
  const parts = [model];
  if (usage) {
    const details: string[] = [];
    const cached = usage.prompt_tokens_details?.cached_tokens ?? 0;
    const reasoning = usage.completion_tokens_details?.reasoning_tokens ?? 0;
    if (cached > 0) details.push(`${cached} cached`);
    if (reasoning > 0) details.push(`${reasoning} reasoning`);
    parts.push(
      `${usage.prompt_tokens} prompt + ${usage.completion_tokens} completion tokens${details.length > 0 ? ` (${details.join(', ')})` : ''}`,
    );
    if (pricing) parts.push(formatUsd(computeCost(usage, pricing)));
    // A model without a price is never shown as free.
    else if (pricing === null) parts.push('unpriced');
  } else {
    parts.push('no usage reported');
  }
  return parts.join(' · ');
}

const DURATION = /^(\d+(?:\.\d+)?)\s*(m|min|h|d|w)$/i;
const UNIT_MS: Record<string, number> = {
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/**
 * `--since`: a duration back from `now` (`30m`, `24h`, `7d`, `2w`), an ISO 8601 date or date-time, or
 * Unix seconds. Returns an ISO 8601 date-time, or undefined when the text is none of these.
 */
export function parseSince(text: string, now: number): string | undefined {
  const trimmed = text.trim();
  const duration = DURATION.exec(trimmed);
  if (duration) {
    const unit = UNIT_MS[duration[2]!.toLowerCase()]!;
    return new Date(now - Number(duration[1]) * unit).toISOString();
  }
  if (/^\d{9,}$/.test(trimmed)) return new Date(Number(trimmed) * 1000).toISOString();
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return undefined;
  const time = Date.parse(trimmed);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** The gateway may send ISO strings or Unix seconds; shown as ISO to the minute, UTC. */
export function formatTime(value: unknown): string {
  if (value === null || value === undefined) return '';
  const time = typeof value === 'number' ? value * 1000 : Date.parse(String(value));
  if (Number.isNaN(time)) return String(value);
  return `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')}Z`;
}
