import { createClient, LlmuxError } from '@llmux/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectValid, MASTER_KEY, startTestGateway, type TestGateway } from './helpers.js';

// @llmux/client against the real gateway (simulate mode): the client's own tests cover hand-made bad
// servers; these cover what the gateway really sends.
let test: TestGateway;
beforeAll(async () => {
  test = await startTestGateway();
});
afterAll(() => test.close());

const client = () => createClient({ baseURL: `${test.url}/v1`, apiKey: MASTER_KEY });
const scripted = (scenario: object, text = 'hello') => [
  { role: 'user' as const, content: `${text} [[sim:${JSON.stringify(scenario)}]]` },
];

describe('@llmux/client against the gateway', () => {
  it('gets a whole completion', async () => {
    const completion = await client().chat.completions.create({
      model: 'claude-haiku-4-5',
      messages: scripted({ text: 'Hi there.' }),
    });
    expectValid('completion', completion);
    expect(completion.choices[0]?.message.content).toBe('Hi there.');
  });

  it('streams, and finalCompletion() equals the chunks', async () => {
    const stream = await client().chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: scripted({ text: 'One two three four five.', chunkSize: 4 }),
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    const completion = await stream.finalCompletion();
    expect(text).toBe('One two three four five.');
    expect(completion.choices[0]?.message.content).toBe(text);
    expect(completion.usage?.total_tokens).toBeGreaterThan(0);
    expect(stream.requestId).toMatch(/.+/);
  });

  it('stops the upstream request when the caller stops iterating', async () => {
    const simulator = test.gateway.simulator!;
    const before = simulator.requests.length;
    const stream = await client().chat.completions.create({
      model: 'gpt-4o',
      messages: scripted({ text: 'x'.repeat(400), chunkSize: 4, chunkDelayMs: 20 }),
      stream: true,
    });
    let chunks = 0;
    for await (const _chunk of stream) if (++chunks === 3) break;
    await expect
      .poll(() => simulator.requests.slice(before).some((request) => request.closedByClient), {
        timeout: 10_000,
      })
      .toBe(true);
  });

  it('raises an upstream error event in the middle of a stream', async () => {
    const stream = await client().chat.completions.create({
      model: 'claude-haiku-4-5',
      messages: scripted({
        text: 'a long answer that breaks',
        chunkSize: 2,
        errorEventAfterEvents: 4,
        chunkDelayMs: 20,
      }),
      stream: true,
    });
    const error = await stream.finalCompletion().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LlmuxError);
    expect((error as LlmuxError).message.length).toBeGreaterThan(0);
  });

  it('raises when the upstream cuts the stream', async () => {
    const stream = await client().chat.completions.create({
      model: 'gpt-4o',
      messages: scripted({ text: 'a long answer that is cut', chunkSize: 2, cutAfterEvents: 4 }),
      stream: true,
    });
    const error = await stream.finalCompletion().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LlmuxError);
  });

  it('turns gateway errors into LlmuxError with status, type, param and request id', async () => {
    const badKey = createClient({ baseURL: `${test.url}/v1`, apiKey: 'llmux-sk-wrong' });
    const unauthorized = await badKey.models.list().catch((caught: unknown) => caught);
    expect(unauthorized).toMatchObject({ status: 401, type: 'authentication_error' });
    expect((unauthorized as LlmuxError).requestId).toMatch(/.+/);

    const invalid = await client()
      .chat.completions.create({ model: 'gpt-4o', messages: scripted({}), temperature: 5 })
      .catch((caught: unknown) => caught);
    expect(invalid).toMatchObject({ status: 400, type: 'invalid_request_error', param: 'temperature' });

    const unknown = await client()
      .chat.completions.create({ model: 'claude-sonet-4-6', messages: scripted({}) })
      .catch((caught: unknown) => caught);
    expect(unknown).toMatchObject({ status: 404, code: 'model_not_found' });
    expect((unknown as LlmuxError).message).toContain('claude-sonnet-4-6');
  });

  it('lists models and manages keys', async () => {
    const models = await client().models.list();
    expect(models.data.length).toBe(72);
    const key = await client().admin.keys.create({ name: 'client-test', models: ['gpt-*'] });
    expect(key.key).toMatch(/^llmux-sk-/);
    const limited = createClient({ baseURL: `${test.url}/v1`, apiKey: key.key! });
    const forbidden = await limited.chat.completions
      .create({ model: 'claude-haiku-4-5', messages: scripted({}) })
      .catch((caught: unknown) => caught);
    expect(forbidden).toMatchObject({ status: 403 });
    await client().admin.keys.revoke(key.id);
    const revoked = await limited.models.list().catch((caught: unknown) => caught);
    expect(revoked).toMatchObject({ status: 401 });
  });
});
