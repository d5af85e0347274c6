import Anthropic from '@anthropic-ai/sdk';
import type { InboundErrorInit } from '@llmux/provider-kit';
import { describe, expect, it } from 'vitest';
import { encodeAnthropicError, toAnthropicErrorType } from './encode-error.js';

/** What the official SDK makes of our error, as it would of Anthropic's. */
async function readWithSdk(init: InboundErrorInit): Promise<InstanceType<typeof Anthropic.APIError>> {
  const encoded = encodeAnthropicError(init);
  const client = new Anthropic({
    apiKey: 'sk-ant-test',
    maxRetries: 0,
    fetch: async () =>
      new Response(encoded.body, { status: encoded.status, headers: { 'content-type': 'application/json' } }),
  });
  const failure = await client.messages
    .create({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] })
    .catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(Anthropic.APIError);
  return failure as InstanceType<typeof Anthropic.APIError>;
}

describe('toAnthropicErrorType', () => {
  it.each([
    [400, 'invalid_request_error', 'invalid_request_error'],
    [401, 'authentication_error', 'authentication_error'],
    [402, 'insufficient_quota', 'billing_error'],
    [403, 'permission_error', 'permission_error'],
    [404, 'not_found_error', 'not_found_error'],
    [413, 'invalid_request_error', 'request_too_large'],
    [429, 'rate_limit_error', 'rate_limit_error'],
    [429, 'insufficient_quota', 'billing_error'],
    [500, 'server_error', 'api_error'],
    [502, 'upstream_error', 'api_error'],
    [503, 'server_error', 'overloaded_error'],
    [504, 'timeout_error', 'timeout_error'],
    [529, 'server_error', 'overloaded_error'],
    [409, 'invalid_request_error', 'invalid_request_error'],
    [422, 'invalid_request_error', 'invalid_request_error'],
  ])('%i %s → %s', (status, type, expected) => {
    expect(toAnthropicErrorType(status, type)).toBe(expected);
  });
});

describe('encodeAnthropicError', () => {
  it('writes Anthropic’s envelope, the status kept and the parameter named in the message', () => {
    const encoded = encodeAnthropicError({
      status: 400,
      type: 'invalid_request_error',
      message: 'At most 4 stop sequences',
      param: 'stop_sequences',
      code: 'invalid_value',
    });
    expect(encoded.status).toBe(400);
    expect(JSON.parse(encoded.body)).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'At most 4 stop sequences (param: stop_sequences)' },
    });
  });

  it('keeps 503 and 529 as given', () => {
    expect(encodeAnthropicError({ status: 503, type: 'server_error', message: 'x' }).status).toBe(503);
    expect(encodeAnthropicError({ status: 529, type: 'server_error', message: 'x' }).status).toBe(529);
  });

  it('does not name the parameter twice, and says something when the message is empty', () => {
    const named = encodeAnthropicError({
      status: 400,
      type: 'invalid_request_error',
      message: 'bad (param: tools)',
      param: 'tools',
    });
    expect(JSON.parse(named.body).error.message).toBe('bad (param: tools)');
    const empty = encodeAnthropicError({ status: 500, type: 'server_error', message: '', param: null });
    expect(JSON.parse(empty.body).error.message).toBe('Request failed with status 500');
  });

  it.each([
    [400, 'invalid_request_error', Anthropic.BadRequestError],
    [401, 'authentication_error', Anthropic.AuthenticationError],
    [402, 'insufficient_quota', Anthropic.PaymentRequiredError],
    [403, 'permission_error', Anthropic.PermissionDeniedError],
    [404, 'not_found_error', Anthropic.NotFoundError],
    [429, 'rate_limit_error', Anthropic.RateLimitError],
    [413, 'invalid_request_error', Anthropic.ContentTooLargeError],
    [500, 'server_error', Anthropic.InternalServerError],
    [503, 'server_error', Anthropic.ServiceUnavailableError],
    [504, 'timeout_error', Anthropic.GatewayTimeoutError],
    [529, 'server_error', Anthropic.OverloadedError],
  ])('reads as the SDK’s error class for %i', async (status, type, errorClass) => {
    const failure = await readWithSdk({ status, type, message: 'It failed', param: null });
    expect(failure).toBeInstanceOf(errorClass);
    expect(failure.status).toBe(status);
    expect(failure.type).toBe(toAnthropicErrorType(status, type));
    expect(failure.apiMessage).toBe('It failed');
  });
});
