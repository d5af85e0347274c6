/** `budget_duration`: a positive whole number of seconds, minutes, hours or days (`15s`, `1h`, `30d`). */
export const BUDGET_DURATION_PATTERN = /^[1-9][0-9]*[smhd]$/;

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** The longest budget period accepted (ten years): keeps every reset time a safe integer of milliseconds. */
export const MAX_BUDGET_DURATION_MS = 3650 * UNIT_MS.d;

/** `30d` → 2,592,000,000 ms; undefined when the text is not a budget duration or exceeds ten years. */
export function parseBudgetDuration(text: string): number | undefined {
  if (!BUDGET_DURATION_PATTERN.test(text)) return undefined;
  const unit = text.at(-1) as keyof typeof UNIT_MS;
  const milliseconds = Number(text.slice(0, -1)) * UNIT_MS[unit];
  return milliseconds <= MAX_BUDGET_DURATION_MS ? milliseconds : undefined;
}

/**
 * A duration in the form OpenAI's `x-ratelimit-reset-*` headers use (Go's `time.Duration` text): `6ms` below a
 * second, else hours, minutes and seconds down to the largest unit present (`1s`, `1.5s`, `1m2s`, `6m0s`,
 * `1h0m0s`). Rounded up to the millisecond, so a client that waits this long is never early.
 */
export function formatResetDuration(milliseconds: number): string {
  const total = Math.max(0, Math.ceil(milliseconds));
  if (total === 0) return '0s';
  if (total < 1000) return `${total}ms`;
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const millis = total % 60_000;
  const seconds = millis % 1000 === 0 ? String(millis / 1000) : String(millis / 1000).replace(/0+$/, '');
  if (hours > 0) return `${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${minutes}m${seconds}s`;
  return `${seconds}s`;
}
