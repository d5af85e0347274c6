import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectValid, MASTER_KEY, post, startTestGateway, type TestGateway, USER_HELLO } from './helpers.js';

describe('errors in OpenAI shape', () => {
  let test: TestGateway;
  beforeAll(async () => {
    test = await startTestGateway({ LLMUX_SIMULATE: '1', LLMUX_MAX_BODY_BYTES: '65536' });
  });
  afterAll(async () => {
    await test.close();
  });

  it('401 without a key and with an unknown key', async () => {
    const missing = await post(`${test.url}/v1/chat/completions`, '{}', { authorization: '' });
    expect(missing.status).toBe(401);
    expectValid('error', missing.json);
    expect(missing.headers.get('x-request-id')).toMatch(/^req_/);
    const error = await test
      .clientWith('llmux-sk-unknown')
      .chat.completions.create({ model: 'gpt-4o', messages: USER_HELLO })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as InstanceType<typeof OpenAI.AuthenticationError>).error).toMatchObject({
      type: 'authentication_error',
    });
  });

  it('403 for a model the key may not use', async () => {
    const created = await post(
      `${test.url}/admin/keys`,
      JSON.stringify({ name: 'only-claude', models: ['claude-*'] }),
    );
    const key = (created.json as { key: string }).key;
    const error = await test
      .clientWith(key)
      .chat.completions.create({ model: 'gpt-4o', messages: USER_HELLO })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect((error as InstanceType<typeof OpenAI.APIError>).param).toBe('model');
  });

  it('404 model_not_found with a suggestion', async () => {
    const error = (await test.client.chat.completions
      .create({ model: 'gpt-4o-minii', messages: USER_HELLO })
      .catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.NotFoundError>;
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error.code).toBe('model_not_found');
    expect(error.message).toContain("Did you mean 'gpt-4o-mini'");
  });

  it('400 with param for an invalid field', async () => {
    const response = await post(
      `${test.url}/v1/chat/completions`,
      JSON.stringify({ model: 'gpt-4o', messages: USER_HELLO, temperature: 7 }),
    );
    expect(response.status).toBe(400);
    expectValid('error', response.json);
    expect(response.json).toMatchObject({ error: { type: 'invalid_request_error', param: 'temperature' } });
  });

  it('400 for malformed JSON', async () => {
    const response = await post(`${test.url}/v1/chat/completions`, '{"model": "gpt-4o", "messages": [');
    expect(response.status).toBe(400);
    expectValid('error', response.json);
    expect(response.json).toMatchObject({ error: { code: 'invalid_json' } });
  });

  it('413 for a body over the limit', async () => {
    const big = JSON.stringify({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'x'.repeat(100_000) }],
    });
    const response = await post(`${test.url}/v1/chat/completions`, big);
    expect(response.status).toBe(413);
    expectValid('error', response.json);
    // The SDK sees the same status.
    const error = await test.client.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x'.repeat(100_000) }] })
      .catch((caught: unknown) => caught);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(413);
  });

  it('404 in OpenAI shape for an unknown path, 405 for a wrong method', async () => {
    const unknown = await fetch(`${test.url}/v1/nothing`, {
      headers: { authorization: `Bearer ${MASTER_KEY}` },
    });
    expect(unknown.status).toBe(404);
    expectValid('error', await unknown.json());
    const wrong = await fetch(`${test.url}/v1/chat/completions`);
    expect(wrong.status).toBe(405);
  });

  it('translates an upstream 400 into the OpenAI error shape without leaking the upstream', async () => {
    test.gateway.simulator!.enqueue({ error: { status: 400, message: 'Invalid value for max_tokens' } });
    const error = (await test.client.chat.completions
      .create({ model: 'gpt-4o', messages: USER_HELLO })
      .catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(400);
    expect(error.message).toContain('max_tokens');
    expect(error.message).not.toContain('127.0.0.1');
    expect(JSON.stringify(error.error)).not.toContain('simulated');
  });

  it('answers a parameter the model cannot take with a 400 naming it, before any upstream call', async () => {
    const before = test.gateway.simulator!.requests.length;
    const error = (await test.client.chat.completions
      .create({ model: 'claude-haiku-4-5', messages: USER_HELLO, seed: 7 })
      .catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.BadRequestError>;
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.param).toBe('seed');
    expect(test.gateway.simulator!.requests.length).toBe(before);
  });

  it("reports an adapter's warnings in x-llmux-warnings", async () => {
    const { data, response } = await test.client.chat.completions
      .create({ model: 'claude-haiku-4-5', messages: USER_HELLO, max_tokens: 10_000_000 })
      .withResponse();
    expectValid('completion', data);
    const warnings = JSON.parse(response.headers.get('x-llmux-warnings')!) as Array<Record<string, string>>;
    expect(warnings).toContainEqual(expect.objectContaining({ param: 'max_tokens', action: 'clamped' }));
  });

  it('keeps serving after all of that', async () => {
    const completion = await test.client.chat.completions.create({ model: 'gpt-4o', messages: USER_HELLO });
    expectValid('completion', completion);
    const health = await fetch(`${test.url}/health`);
    expect(health.status).toBe(200);
  });
});
