import { describe, expect, it } from 'vitest';
import { convertError, convertStreamError } from './errors.js';
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
      vendorStatus: 429,
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
      status: 502,
      type: 'upstream_error',
      code: 'upstream_authentication_failed',
      retryable: false,
      failover: true,
      vendorStatus: 400,
    });
    expect(error.vendorMessage).toBe('API key not valid. Please pass a valid API key.');
  });

  it('keeps a plain 400 the client’s error, with Google’s message', () => {
    const error = convertError(
      400,
      googleError(400, 'INVALID_ARGUMENT', '* GenerateContentRequest.contents: contents is not specified'),
      {},
    );
    expect(error).toMatchObject({
      status: 400,
      type: 'invalid_request_error',
      retryable: false,
      failover: false,
    });
    expect(error.message).toBe('* GenerateContentRequest.contents: contents is not specified');
  });

  it('makes FAILED_PRECONDITION (region, billing) a deployment failure worth failing over', () => {
    const error = convertError(
      400,
      googleError(400, 'FAILED_PRECONDITION', 'User location is not supported for the API use.'),
      {},
    );
    expect(error).toMatchObject({
      status: 502,
      code: 'upstream_precondition_failed',
      retryable: false,
      failover: true,
    });
  });

  it.each([
    [403, 'PERMISSION_DENIED', 502, 'upstream_error', false, true],
    [404, 'NOT_FOUND', 502, 'upstream_error', false, true],
    [500, 'INTERNAL', 502, 'upstream_error', true, true],
    [503, 'UNAVAILABLE', 503, 'upstream_error', true, true],
    [504, 'DEADLINE_EXCEEDED', 504, 'timeout_error', true, true],
  ] as const)('maps %i %s', (status, vendorStatus, clientStatus, type, retryable, failover) => {
    const error = convertError(status, googleError(status, vendorStatus, 'boom'), {});
    expect(error).toMatchObject({
      status: clientStatus,
      type,
      retryable,
      failover,
      vendorCode: vendorStatus,
    });
  });

  it('reads an error body that is not JSON, and retry-after headers', () => {
    const error = convertError(503, 'upstream connect error', new Headers({ 'retry-after': '2' }));
    expect(error).toMatchObject({ status: 503, retryAfterMs: 2000, vendorMessage: 'upstream connect error' });
  });

  it('maps an error chunk of a stream by the code inside it', () => {
    expect(convertStreamError(googleError(429, 'RESOURCE_EXHAUSTED', 'slow down'))).toMatchObject({
      status: 429,
    });
    expect(convertStreamError({ error: { message: 'no code' } })).toMatchObject({
      status: 502,
      retryable: true,
    });
  });
});
