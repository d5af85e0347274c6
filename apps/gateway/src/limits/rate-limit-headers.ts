import { formatResetDuration } from './duration.js';

/** One limit's state as a client sees it. */
export interface LimitSnapshot {
  limit: number;
  remaining: number;
  /** Milliseconds until the limit is back to its initial state. */
  resetMs: number;
}

/**
 * OpenAI's rate-limit headers (https://platform.openai.com/docs/guides/rate-limits#rate-limits-in-headers):
 * `x-ratelimit-{limit,remaining,reset}-requests` and, where a token limit applies, the `-tokens` trio.
 */
export function buildRateLimitHeaders(
  requests: LimitSnapshot | undefined,
  tokens: LimitSnapshot | undefined,
): Record<string, string> {
  const headers: Record<string, string> = {};
  if (requests !== undefined) {
    headers['x-ratelimit-limit-requests'] = String(requests.limit);
    headers['x-ratelimit-remaining-requests'] = String(Math.max(0, requests.remaining));
    headers['x-ratelimit-reset-requests'] = formatResetDuration(requests.resetMs);
  }
  if (tokens !== undefined) {
    headers['x-ratelimit-limit-tokens'] = String(tokens.limit);
    headers['x-ratelimit-remaining-tokens'] = String(Math.max(0, Math.floor(tokens.remaining)));
    headers['x-ratelimit-reset-tokens'] = formatResetDuration(tokens.resetMs);
  }
  return headers;
}

/**
 * `retry-after` in whole seconds, rounded up (a client that waits this long finds the window open), and
 * `retry-after-ms`, which the openai SDK reads first (openai-node `retryRequest`), for the exact wait.
 */
export function buildRetryAfterHeaders(waitMs: number): Record<string, string> {
  const milliseconds = Math.max(1, Math.ceil(waitMs));
  return { 'retry-after': String(Math.ceil(milliseconds / 1000)), 'retry-after-ms': String(milliseconds) };
}
