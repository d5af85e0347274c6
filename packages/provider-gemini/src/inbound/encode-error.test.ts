import { ApiError, GoogleGenAI } from '@google/genai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodeGeminiError, toGeminiErrorStatus } from './encode-error.js';

describe('toGeminiErrorStatus', () => {
  it.each([
    [400, 'invalid_request_error', 'INVALID_ARGUMENT'],
    [401, 'authentication_error', 'UNAUTHENTICATED'],
    [403, 'permission_error', 'PERMISSION_DENIED'],
    [404, 'not_found_error', 'NOT_FOUND'],
    [429, 'rate_limit_error', 'RESOURCE_EXHAUSTED'],
    [402, 'insufficient_quota', 'RESOURCE_EXHAUSTED'],
    [500, 'server_error', 'INTERNAL'],
    [502, 'upstream_error', 'UNAVAILABLE'],
    [503, 'server_error', 'UNAVAILABLE'],
    [504, 'timeout', 'DEADLINE_EXCEEDED'],
    [529, 'server_error', 'UNAVAILABLE'],
    [422, 'invalid_request_error', 'FAILED_PRECONDITION'],
    [507, 'server_error', 'INTERNAL'],
  ] as const)('%i %s → %s', (status, type, expected) => {
    expect(toGeminiErrorStatus(status, type)).toBe(expected);
  });
});

describe('encodeGeminiError', () => {
  it('keeps the status and writes Google envelope, with the parameter in the message', () => {
    const encoded = encodeGeminiError({
      status: 529,
      type: 'server_error',
      message: 'Overloaded',
      param: 'generationConfig.stopSequences',
    });
    expect(encoded.status).toBe(529);
    expect(JSON.parse(encoded.body)).toEqual({
      error: {
        code: 529,
        message: 'Overloaded (param: generationConfig.stopSequences)',
        status: 'UNAVAILABLE',
      },
    });
  });

  it('gives an empty message a readable one', () => {
    expect(JSON.parse(encodeGeminiError({ status: 404, type: 'x', message: '' }).body).error.message).toBe(
      'Request failed with status 404',
    );
  });
});

describe('read by @google/genai', () => {
  afterEach(() => vi.unstubAllGlobals());

  it.each([400, 401, 404, 429, 503])('generateContent throws ApiError with status %i', async (status) => {
    const encoded = encodeGeminiError({ status, type: 'x', message: `failed ${status}` });
    vi.stubGlobal(
      'fetch',
      async () =>
        new Response(encoded.body, {
          status: encoded.status,
          headers: { 'content-type': 'application/json' },
        }),
    );
    const client = new GoogleGenAI({ apiKey: 'test', httpOptions: { baseUrl: 'http://gateway.test' } });
    const failure = await client.models
      .generateContent({ model: 'public-model', contents: 'Hi' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).status).toBe(status);
    expect((failure as ApiError).message).toContain(`failed ${status}`);
  });
});
