import { describe, expect, it } from 'vitest';
import { convertChatError } from './errors.js';
import { readJsonFixture } from './fixture-helpers.js';
import { openAIChatDialect } from './openai-chat-dialect.js';

const convert = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  convertChatError(status, body, headers, openAIChatDialect);

describe('convertChatError (OpenAI)', () => {
  it('keeps the recorded 400 for max_tokens on a reasoning model, with its param and code', () => {
    const body = readJsonFixture(
      new URL('./__fixtures__/reasoning-model-legacy-parameter-error.json', import.meta.url),
    );
    const error = convert(400, body);
    expect(error).toMatchObject({
      status: 400,
      type: 'invalid_request_error',
      param: 'max_tokens',
      code: 'unsupported_parameter',
      retryable: false,
      failover: false,
    });
    expect(error.message).toContain("Use 'max_completion_tokens' instead");
  });

  it('does not retry 429 insufficient_quota but fails over, and retries a rate limit after retry-after', () => {
    const quota = convert(429, {
      error: {
        message: 'You exceeded your current quota',
        type: 'insufficient_quota',
        code: 'insufficient_quota',
      },
    });
    expect(quota).toMatchObject({
      status: 429,
      type: 'insufficient_quota',
      retryable: false,
      failover: true,
    });
    const limited = convert(
      429,
      { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } },
      { 'Retry-After': '2' },
    );
    expect(limited).toMatchObject({
      status: 429,
      type: 'rate_limit_error',
      retryable: true,
      retryAfterMs: 2000,
    });
  });

  it.each([
    // The deployment's key or model id is wrong, not the client's: a 502 that fails over (kit policy).
    [401, 502, false, true],
    [403, 502, false, true],
    [404, 502, false, true],
    [500, 502, true, true],
    [503, 503, true, true],
    [422, 400, false, false],
  ])('maps HTTP %i to %i (retryable %s, failover %s)', (status, expected, retryable, failover) => {
    expect(convert(status, { error: { message: 'x' } })).toMatchObject({
      status: expected,
      retryable,
      failover,
    });
  });

  it('reads string bodies, xAI string errors and empty bodies', () => {
    expect(convert(502, '<html>bad gateway</html>').vendorMessage).toBe('<html>bad gateway</html>');
    expect(
      convert(400, { code: 'Client specified an invalid argument', error: 'Bad temperature' }),
    ).toMatchObject({
      message: 'Bad temperature',
      status: 400,
    });
    expect(convert(500, undefined)).toMatchObject({ status: 502, vendorMessage: undefined, retryable: true });
  });

  it('prefers retry-after-ms, and ignores HTTP-date retry-after (never decades from the epoch)', () => {
    const headers = new Headers({ 'retry-after-ms': '150', 'retry-after': '3' });
    expect(convertChatError(429, {}, headers, openAIChatDialect).retryAfterMs).toBe(150);
    expect(convert(429, {}, { 'retry-after': '3' }).retryAfterMs).toBe(3000);
    expect(convert(429, {}, { 'retry-after': 'Wed, 21 Oct 2026 07:28:00 GMT' }).retryAfterMs).toBeUndefined();
  });
});
