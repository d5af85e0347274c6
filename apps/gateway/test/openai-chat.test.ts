import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectValid, startTestGateway, type TestGateway, USER_HELLO } from './helpers.js';

const MODEL = 'gpt-4o-mini';

describe('openai-chat through the gateway (simulate mode)', () => {
  let test: TestGateway;
  beforeAll(async () => {
    test = await startTestGateway({ LLMUX_SIMULATE: '1' });
  });
  afterAll(async () => {
    await test.close();
  });

  it('answers a whole completion that matches OpenAI schema, with usage and headers', async () => {
    const { data, response } = await test.client.chat.completions
      .create({ model: MODEL, messages: USER_HELLO })
      .withResponse();
    expectValid('completion', data);
    expect(data.model).toBe(MODEL);
    expect(data.choices[0]?.message.content).toContain('Say hello');
    expect(data.usage?.total_tokens).toBeGreaterThan(0);
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    expect(response.headers.get('x-llmux-simulated')).toBe('true');
    const upstream = test.gateway.simulator!.requests.at(-1)!;
    expect(upstream.provider).toBe('openai');
    expect((upstream.body as { model: string }).model).toBe('gpt-4o-mini');
  });

  it('streams chunks with include_usage: every chunk valid, usage last', async () => {
    const stream = await test.client.chat.completions.create({
      model: MODEL,
      messages: [
        { role: 'user', content: 'Stream [[sim:{"text":"one two three four five","chunkSize":4}]]' },
      ],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) {
      expectValid('chunk', chunk);
      chunks.push(chunk);
    }
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe('one two three four five');
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage?.completion_tokens).toBeGreaterThan(0);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
  });

  it('streams without include_usage: no usage chunk reaches the client', async () => {
    const stream = await test.client.chat.completions.create({
      model: MODEL,
      messages: USER_HELLO,
      stream: true,
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.every((chunk) => chunk.choices.length === 1)).toBe(true);
    expect(chunks.every((chunk) => chunk.usage === undefined || chunk.usage === null)).toBe(true);
  });

  it('passes tools both ways', async () => {
    const tools = [
      {
        type: 'function' as const,
        function: {
          name: 'get_weather',
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        },
      },
    ];
    const first = await test.client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools,
    });
    expectValid('completion', first);
    const call = first.choices[0]!.message.tool_calls![0]!;
    expect(first.choices[0]!.finish_reason).toBe('tool_calls');
    expect(call.type === 'function' && call.function.name).toBe('get_weather');
    const second = await test.client.chat.completions.create({
      model: MODEL,
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        first.choices[0]!.message,
        { role: 'tool', tool_call_id: call.id, content: '{"temperature": 21}' },
      ],
      tools,
    });
    expectValid('completion', second);
    expect(second.choices[0]!.message.content).toBeTruthy();
    const upstream = test.gateway.simulator!.requests.at(-1)!.body as { messages: Array<{ role: string }> };
    expect(upstream.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool']);
  });

  it('streams tool calls', async () => {
    const stream = await test.client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'Weather?' }],
      tools: [
        { type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } },
      ],
      stream: true,
    });
    let name = '';
    let finish: string | null = null;
    for await (const chunk of stream) {
      expectValid('chunk', chunk);
      name += chunk.choices[0]?.delta.tool_calls?.[0]?.function?.name ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(name).toBe('lookup');
    expect(finish).toBe('tool_calls');
  });

  it('answers json_object requests with JSON', async () => {
    const completion = await test.client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'Give me JSON' }],
      response_format: { type: 'json_object' },
    });
    expectValid('completion', completion);
    expect(() => JSON.parse(completion.choices[0]!.message.content!)).not.toThrow();
  });

  it('n=2 gives two choices', async () => {
    const completion = await test.client.chat.completions.create({
      model: MODEL,
      messages: USER_HELLO,
      n: 2,
    });
    expectValid('completion', completion);
    expect(completion.choices.map((choice) => choice.index)).toEqual([0, 1]);
  });

  it('accepts images', async () => {
    const completion = await test.client.chat.completions.create({
      model: MODEL,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          ],
        },
      ],
    });
    expectValid('completion', completion);
  });

  it('lists models', async () => {
    const models = [];
    for await (const model of test.client.models.list()) models.push(model);
    expect(models.length).toBeGreaterThan(10);
    expectValid('models', { object: 'list', data: models });
    const one = await test.client.models.retrieve(MODEL);
    expectValid('model', one);
    expect(one).toMatchObject({ id: MODEL, context_length: expect.any(Number) });
  });
});
