import { describe, expect, it } from 'vitest';
import { buildRateLimitHeaders, buildRetryAfterHeaders } from './rate-limit-headers.js';

describe('buildRateLimitHeaders', () => {
  it('gives the requests trio, and the tokens trio only when a token limit applies', () => {
    expect(buildRateLimitHeaders({ limit: 60, remaining: 0, resetMs: 62_000 }, undefined)).toEqual({
      'x-ratelimit-limit-requests': '60',
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': '1m2s',
    });
    expect(
      buildRateLimitHeaders(
        { limit: 5, remaining: 4, resetMs: 6 },
        { limit: 1000, remaining: 250.5, resetMs: 1500 },
      ),
    ).toEqual({
      'x-ratelimit-limit-requests': '5',
      'x-ratelimit-remaining-requests': '4',
      'x-ratelimit-reset-requests': '6ms',
      'x-ratelimit-limit-tokens': '1000',
      'x-ratelimit-remaining-tokens': '250',
      'x-ratelimit-reset-tokens': '1.5s',
    });
  });

  it('never shows a negative remainder', () => {
    expect(buildRateLimitHeaders(undefined, { limit: 10, remaining: -40, resetMs: 0 })).toEqual({
      'x-ratelimit-limit-tokens': '10',
      'x-ratelimit-remaining-tokens': '0',
      'x-ratelimit-reset-tokens': '0s',
    });
  });
});

describe('buildRetryAfterHeaders', () => {
  it.each([
    [0.2, '1', '1'],
    [1000, '1', '1000'],
    [1001, '2', '1001'],
    [58_000, '58', '58000'],
  ])('%d ms → retry-after %s', (waitMs, seconds, milliseconds) => {
    expect(buildRetryAfterHeaders(waitMs)).toEqual({
      'retry-after': seconds,
      'retry-after-ms': milliseconds,
    });
  });
});
