import { describe, expect, it } from 'vitest';
import { convertError } from './errors.js';

const body = (type: string, message = 'something happened', extra: Record<string, unknown> = {}) => ({
  type: 'error',
  error: { type, message, ...extra },
  request_id: 'req_011CSHoEeqs5C35K2UUqR7Fy',
});

describe('convertError', () => {
  // Client status and retry policy come from provider-kit's one table (mapUpstreamStatus).
  it.each([
    [400, 'invalid_request_error', 400, 'invalid_request_error', false, false],
    [401, 'authentication_error', 502, 'upstream_error', false, true],
    [402, 'billing_error', 429, 'insufficient_quota', false, true],
    [403, 'permission_error', 502, 'upstream_error', false, true],
    [404, 'not_found_error', 502, 'upstream_error', false, true],
    [413, 'request_too_large', 413, 'invalid_request_error', false, false],
    [429, 'rate_limit_error', 429, 'rate_limit_error', true, true],
    [500, 'api_error', 502, 'upstream_error', true, true],
    [504, 'timeout_error', 504, 'timeout_error', true, true],
    [529, 'overloaded_error', 503, 'upstream_error', true, true],
  ] as const)('maps %i %s to %i %s', (status, vendorType, expectedStatus, type, retryable, failover) => {
    const error = convertError(status, body(vendorType), {});
    expect(error).toMatchObject({
      status: expectedStatus,
      type,
      retryable,
      failover,
      vendorStatus: status,
      vendorCode: vendorType,
      vendorMessage: 'something happened (request-id req_011CSHoEeqs5C35K2UUqR7Fy)',
    });
  });

  it("shows a 400's own message to the client, which describes the client's request", () => {
    const error = convertError(400, body('invalid_request_error', 'max_tokens: Field required'), {});
    expect(error.message).toContain('max_tokens: Field required');
  });

  it('reads retry-after on a 429, from plain or Headers objects', () => {
    expect(convertError(429, body('rate_limit_error'), { 'Retry-After': '7' }).retryAfterMs).toBe(7000);
    expect(
      convertError(429, body('rate_limit_error'), new Headers({ 'retry-after': '2' })).retryAfterMs,
    ).toBe(2000);
    expect(
      convertError(400, body('invalid_request_error'), { 'retry-after': '7' }).retryAfterMs,
    ).toBeUndefined();
  });

  it('never retries a 429 for an exhausted spend limit', () => {
    const error = convertError(
      429,
      body('rate_limit_error', 'spend limit', { details: { error_code: 'enforced_spend_limit_reached' } }),
      { 'retry-after': '60' },
    );
    expect(error).toMatchObject({
      status: 429,
      type: 'insufficient_quota',
      retryable: false,
      failover: true,
    });
  });

  it('still makes an error of an empty or non-JSON body, with the request-id header', () => {
    const empty = convertError(529, undefined, { 'request-id': 'req_9' });
    expect(empty).toMatchObject({
      status: 503,
      retryable: true,
      vendorCode: 'overloaded_error',
      vendorMessage: 'no message (request-id req_9)',
    });
    const html = convertError(502, '<html>Bad Gateway</html>', {});
    expect(html).toMatchObject({ status: 502, retryable: true, vendorMessage: '<html>Bad Gateway</html>' });
    const jsonText = convertError(
      400,
      JSON.stringify(body('invalid_request_error', 'max_tokens: required')),
      {},
    );
    expect(jsonText.vendorMessage).toContain('max_tokens: required');
  });
});

describe('retry-after (read by provider-kit parseRetryAfter)', () => {
  const retryAfterOf = (headers: Record<string, string>) =>
    convertError(429, body('rate_limit_error'), headers).retryAfterMs;
  it('reads seconds and retry-after-ms; an HTTP date needs the gateway clock, so it gives undefined', () => {
    expect(retryAfterOf({ 'retry-after': '1.5' })).toBe(1500);
    expect(retryAfterOf({ 'retry-after-ms': '250', 'retry-after': '9' })).toBe(250);
    expect(retryAfterOf({ 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' })).toBeUndefined();
    expect(retryAfterOf({})).toBeUndefined();
    expect(retryAfterOf({ 'retry-after': 'soon' })).toBeUndefined();
  });
});
