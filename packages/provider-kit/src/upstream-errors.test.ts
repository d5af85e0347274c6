import { describe, expect, it } from 'vitest';
import {
  createUpstreamError,
  headerValue,
  mapUpstreamStatus,
  parseDurationMs,
  parseRetryAfter,
  redactSecrets,
} from './upstream-errors.js';

describe('mapUpstreamStatus', () => {
  it.each([
    [400, 400, 'invalid_request_error', null, false, false],
    [422, 400, 'invalid_request_error', null, false, false],
    [401, 502, 'upstream_error', 'upstream_authentication_failed', false, true],
    [403, 502, 'upstream_error', 'upstream_authentication_failed', false, true],
    [402, 429, 'insufficient_quota', 'insufficient_quota', false, true],
    [404, 502, 'upstream_error', 'upstream_model_not_found', false, true],
    [408, 504, 'timeout_error', 'upstream_timeout', true, true],
    [504, 504, 'timeout_error', 'upstream_timeout', true, true],
    [409, 409, 'api_error', 'upstream_conflict', true, true],
    [413, 413, 'invalid_request_error', 'request_too_large', false, false],
    [429, 429, 'rate_limit_error', 'rate_limit_exceeded', true, true],
    [500, 502, 'upstream_error', 'upstream_server_error', true, true],
    [502, 502, 'upstream_error', 'upstream_server_error', true, true],
    [503, 503, 'upstream_error', 'upstream_overloaded', true, true],
    [529, 503, 'upstream_error', 'upstream_overloaded', true, true],
    [418, 502, 'upstream_error', 'upstream_unexpected_status', false, false],
  ])('maps upstream %i to %i %s', (upstream, status, type, code, retryable, failover) => {
    expect(mapUpstreamStatus(upstream)).toMatchObject({
      status,
      type,
      code,
      retryable,
      failover,
      vendorStatus: upstream,
    });
  });

  it('treats a quota code on a 429 as exhausted quota: no retry, but fail over', () => {
    expect(mapUpstreamStatus(429, { vendorCode: 'insufficient_quota' })).toMatchObject({
      status: 429,
      type: 'insufficient_quota',
      retryable: false,
      failover: true,
    });
    expect(mapUpstreamStatus(429, { vendorCode: 'RESOURCE_EXHAUSTED', quotaExhausted: true }).retryable).toBe(
      false,
    );
    expect(mapUpstreamStatus(429, { vendorCode: 'rate_limit_exceeded' }).retryable).toBe(true);
  });

  it('keeps the retry hint and a 400 vendor message, redacted, with its param', () => {
    const error = createUpstreamError(400, {
      vendorMessage:
        "Unsupported parameter 'max_tokens' (see https://internal.example/v1, key sk-abcdef123456)",
      param: 'max_tokens',
      vendorCode: 'unsupported_parameter',
    });
    expect(error).toMatchObject({ status: 400, param: 'max_tokens', code: 'unsupported_parameter' });
    expect(error.message).toBe("Unsupported parameter 'max_tokens' (see [redacted] key [redacted])");
    expect(createUpstreamError(429, { retryAfterMs: 1500 }).retryAfterMs).toBe(1500);
  });

  it('never shows the vendor message of an authentication failure', () => {
    const error = createUpstreamError(401, { vendorMessage: 'Incorrect API key provided: sk-proj-abcdefgh' });
    expect(error.message).not.toContain('sk-proj');
    expect(error.vendorMessage).toContain('Incorrect API key');
  });
});

describe('headers', () => {
  it('reads a header from Headers and from Node records, in any case', () => {
    expect(headerValue(new Headers({ 'Retry-After': '3' }), 'retry-after')).toBe('3');
    expect(headerValue({ 'Retry-After': '3' }, 'retry-after')).toBe('3');
    expect(headerValue({ 'set-cookie': ['a', 'b'] }, 'Set-Cookie')).toBe('a, b');
    expect(headerValue({ other: '1' }, 'retry-after')).toBeUndefined();
    expect(headerValue(undefined, 'retry-after')).toBeUndefined();
  });

  it('parses retry-after-ms, retry-after seconds and HTTP dates', () => {
    expect(parseRetryAfter({ 'retry-after-ms': '250', 'retry-after': '9' })).toBe(250);
    expect(parseRetryAfter(new Headers({ 'retry-after': '2' }))).toBe(2000);
    expect(parseRetryAfter({ 'retry-after': '0.5' })).toBe(500);
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    expect(parseRetryAfter({ 'retry-after': 'Wed, 21 Oct 2015 07:28:30 GMT' }, now)).toBe(30_000);
    expect(parseRetryAfter({ 'retry-after': 'Wed, 21 Oct 2015 07:27:00 GMT' }, now)).toBe(0);
    expect(parseRetryAfter({ 'retry-after': 'soon' })).toBeUndefined();
    // Without a clock the date form cannot be resolved: pure translation code must not read one.
    expect(parseRetryAfter({ 'retry-after': 'Wed, 21 Oct 2015 07:28:30 GMT' })).toBeUndefined();
    expect(parseRetryAfter({})).toBeUndefined();
  });

  it('parses vendor durations', () => {
    expect(parseDurationMs('3s')).toBe(3000);
    expect(parseDurationMs('0.5s')).toBe(500);
    expect(parseDurationMs('12ms')).toBe(12);
    expect(parseDurationMs('6m0s')).toBe(360_000);
    expect(parseDurationMs('1h2m3.5s')).toBe(3_723_500);
    expect(parseDurationMs('later')).toBeUndefined();
  });
});

describe('redactSecrets', () => {
  it('removes bearer tokens, keys and URLs', () => {
    expect(redactSecrets('Bearer abc.def failed')).toBe('[redacted] failed');
    expect(redactSecrets('key AIzaSyA1234567890abcdefghijklmn bad')).toBe('key [redacted] bad');
    expect(redactSecrets('GET /models?key=secret&x=1')).toBe('GET /models?[redacted]&x=1');
    expect(redactSecrets('plain text stays')).toBe('plain text stays');
  });
});
