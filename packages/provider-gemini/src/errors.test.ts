import { describe, expect, it } from 'vitest';
import { convertError, parseDuration } from './errors.js';
import { readJsonFixture } from './test-support/fixtures.js';

const googleError = (code: number, status: string, message: string, details: unknown[] = []) => ({
  error: { code, status, message, details },
});

describe('convertError', () => {
  it('reads RetryInfo from the recorded 429', () => {
    const error = convertError(429, readJsonFixture('google-429-retry-info.json'), {});
    expect(error).toMatchObject({
      status: 429,
      type: 'rate_limit_error',
      retryable: true,
      retryAfterMs: 34_400,
      vendorCode: 'RESOURCE_EXHAUSTED',
    });
  });

  it('treats 400 API_KEY_INVALID as an upstream auth failure, not a bad request', () => {
    const error = convertError(
      400,
      googleError(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
        {
          '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
          reason: 'API_KEY_INVALID',
          domain: 'googleapis.com',
        },
      ]),
      {},
    );
    expect(error).toMatchObject({
      status: 401,
      type: 'authentication_error',
      retryable: false,
      failover: true,
    });
    expect(error.message).toBe('Gemini refused the API key of this deployment.');
    expect(error.vendorMessage).toBe('API key not valid. Please pass a valid API key.');
  });

  it.each([
    [400, 'INVALID_ARGUMENT', 400, 'invalid_request_error', false, false],
    [403, 'PERMISSION_DENIED', 401, 'authentication_error', false, true],
    [404, 'NOT_FOUND', 404, 'not_found_error', false, true],
    [500, 'INTERNAL', 502, 'upstream_error', true, true],
    [503, 'UNAVAILABLE', 503, 'server_error', true, true],
    [504, 'DEADLINE_EXCEEDED', 502, 'timeout_error', true, true],
  ] as const)('maps %i %s', (status, vendorStatus, clientStatus, type, retryable, failover) => {
    const error = convertError(status, googleError(status, vendorStatus, 'boom'), {});
    expect(error).toMatchObject({
      status: clientStatus,
      type,
      retryable,
      failover,
      vendorCode: vendorStatus,
    });
    expect(error.message).toBe('Gemini: boom');
  });

  it('reads an error body that is not JSON, and retry-after headers', () => {
    const error = convertError(503, 'upstream connect error', new Headers({ 'retry-after': '2' }));
    expect(error).toMatchObject({
      status: 503,
      retryAfterMs: 2000,
      message: 'Gemini: upstream connect error',
    });
  });

  it('parses protobuf durations', () => {
    expect(parseDuration('34.4s')).toBe(34_400);
    expect(parseDuration('1s')).toBe(1000);
    expect(parseDuration('soon')).toBeUndefined();
  });
});
