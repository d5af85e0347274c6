import { describe, expect, it } from 'vitest';
import { convertResponsesError, convertResponsesFailure } from './errors.js';
import { readFixtureJson } from './fixture-helpers.js';

describe('convertResponsesError', () => {
  it('maps the recorded 429 insufficient_quota to a non-retryable quota error that fails over', () => {
    const error = convertResponsesError(429, readFixtureJson('openai-error.1.json'), {});
    expect(error).toMatchObject({
      status: 429,
      type: 'insufficient_quota',
      retryable: false,
      failover: true,
    });
    expect(error.message).not.toContain('https://');
  });

  it("keeps the recorded 400's message and param for the client", () => {
    const error = convertResponsesError(400, readFixtureJson('reasoning-model-temperature-error.json'), {});
    expect(error).toMatchObject({
      status: 400,
      type: 'invalid_request_error',
      param: 'temperature',
      message: "Unsupported parameter: 'temperature' is not supported with this model.",
    });
  });

  it('reads retry-after-ms from a 429', () => {
    const error = convertResponsesError(
      429,
      { error: { message: 'Rate limit', type: 'requests', code: 'rate_limit_exceeded', param: null } },
      new Headers({ 'retry-after-ms': '250' }),
    );
    expect(error).toMatchObject({ status: 429, retryable: true, retryAfterMs: 250 });
  });

  it('answers an empty 500 body with a retryable 502', () => {
    expect(convertResponsesError(500, '', {})).toMatchObject({ status: 502, retryable: true });
  });
});

describe('convertResponsesFailure (response.failed and error events)', () => {
  it.each([
    [{ code: 'rate_limit_exceeded', message: 'x' }, 429, true],
    [{ code: 'insufficient_quota', message: 'x' }, 429, false],
    [{ code: 'server_error', message: 'x' }, 502, true],
    [{ code: 'invalid_prompt', message: 'Your prompt was flagged.' }, 400, false],
    [{ code: 'vector_store_timeout', message: 'x' }, 504, true],
    [{ code: 'something_new', message: 'x' }, 502, true],
    [{ type: 'insufficient_quota', code: null, message: 'x' }, 429, false],
    [null, 502, true],
  ])('%j → %i (retryable %s)', (error, status, retryable) => {
    expect(convertResponsesFailure(error)).toMatchObject({ status, retryable });
  });

  it('shows the vendor message of a request error, and not of a server error', () => {
    expect(
      convertResponsesFailure({ code: 'invalid_prompt', message: 'Your prompt was flagged.' }).message,
    ).toBe('Your prompt was flagged.');
    const server = convertResponsesFailure({ code: 'server_error', message: 'internal detail at host-12' });
    expect(server.message).not.toContain('host-12');
    expect(server.vendorMessage).toBe('internal detail at host-12');
  });
});
