import { describe, expect, it } from 'vitest';
import { GatewayError } from './respond.js';
import { createRouteTable } from './route-table.js';

const table = createRouteTable([
  { pattern: '/v1/chat/completions', methods: ['POST'], handler: 'chat' },
  { pattern: '/v1beta/models/{model}:{operation}', methods: ['POST'], handler: 'gemini' },
  { pattern: '/v1/models/{id*}', methods: ['GET'], handler: 'model' },
  { pattern: '/admin/keys', methods: ['GET', 'POST'], handler: 'keys' },
]);

function refusal(method: string, path: string): GatewayError {
  try {
    table.match(method, path);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error(`${method} ${path} matched`);
}

describe('createRouteTable', () => {
  it('matches literal paths, ignoring trailing slashes', () => {
    expect(table.match('POST', '/v1/chat/completions')).toEqual({ handler: 'chat', params: {} });
    expect(table.match('POST', '/v1/chat/completions//')).toEqual({ handler: 'chat', params: {} });
  });

  it("splits Gemini's model-in-path URLs at the colon", () => {
    expect(table.match('POST', '/v1beta/models/gemini-2.5-pro:streamGenerateContent')).toEqual({
      handler: 'gemini',
      params: { model: 'gemini-2.5-pro', operation: 'streamGenerateContent' },
    });
  });

  it('takes the rest of the path for a trailing {name*}, percent-decoded', () => {
    expect(table.match('GET', '/v1/models/org%2Fmodel')).toEqual({
      handler: 'model',
      params: { id: 'org/model' },
    });
    expect(table.match('GET', '/v1/models/a/b').params).toEqual({ id: 'a/b' });
  });

  it('answers 405 naming the allowed methods when only the method is wrong', () => {
    const error = refusal('DELETE', '/admin/keys');
    expect(error.status).toBe(405);
    expect(error.headers).toEqual({ allow: 'GET, POST' });
    expect(error.message).toBe('Method DELETE is not allowed here; use GET or POST.');
  });

  it('answers 404 for an unknown URL, and 400 for a malformed escape', () => {
    expect(refusal('GET', '/v2/nothing')).toMatchObject({ status: 404, code: 'unknown_url' });
    expect(refusal('GET', '/v1/models/%E0%A4%A')).toMatchObject({ status: 400, code: 'invalid_url' });
    // A literal path is not a prefix: /v1/models/ alone has no id.
    expect(refusal('GET', '/v1/chat')).toMatchObject({ status: 404 });
  });
});
