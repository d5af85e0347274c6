import { getModel } from '@llmux/catalog';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapterRegistry } from '../src/index.js';
import { expectValid, startTestGateway, type TestGateway, USER_HELLO } from './helpers.js';

// A tiny valid PNG (1×1), as a data URL: every vendor takes inline images.
const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const FAMILIES = [
  { family: 'openai-chat', model: 'gpt-4o-mini' },
  { family: 'openai-compatible (moonshot)', model: 'kimi-k2.5' },
  { family: 'openai-compatible (ark, deepseek)', model: 'deepseek-v3-2' },
  { family: 'anthropic-messages', model: 'claude-haiku-4-5-20251001' },
  { family: 'gemini', model: 'gemini-2.5-flash' },
  { family: 'openai-responses', model: 'gpt-5-3-codex' },
] as const;

const registry = createAdapterRegistry();

function supportFor(model: string) {
  const entry = getModel(model)!;
  const endpoint = entry.endpoints[0]!;
  const adapter = registry(endpoint.provider, endpoint.protocol)!;
  return { entry, endpoint, support: adapter.parameterSupport(entry.capabilities) };
}

const tools = [
  {
    type: 'function' as const,
    function: {
      name: 'get_weather',
      description: 'Current weather',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    },
  },
];

describe.each(FAMILIES)('$family through the gateway ($model)', ({ model }) => {
  let test: TestGateway;
  const { endpoint, support } = supportFor(model);
  beforeAll(async () => {
    test = await startTestGateway({ LLMUX_SIMULATE: '1' });
  });
  afterAll(async () => {
    await test.close();
  });
  const lastUpstream = () => test.gateway.simulator!.requests.at(-1)!;

  it('answers whole', async () => {
    const completion = await test.client.chat.completions.create({ model, messages: USER_HELLO });
    expectValid('completion', completion);
    expect(completion.model).toBe(model);
    expect(completion.choices[0]!.message.content).toBeTruthy();
    expect(completion.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(lastUpstream().provider).toBe(endpoint.provider);
    expect(lastUpstream().protocol).toBe(endpoint.protocol);
  });

  it('streams with include_usage', async () => {
    const stream = await test.client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'Count [[sim:{"text":"alpha beta gamma delta","chunkSize":5}]]' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    const chunks = [];
    for await (const chunk of stream) {
      expectValid('chunk', chunk);
      chunks.push(chunk);
      text += chunk.choices[0]?.delta.content ?? '';
    }
    expect(text).toBe('alpha beta gamma delta');
    expect(chunks.at(-1)!.choices).toEqual([]);
    expect(chunks.at(-1)!.usage?.total_tokens).toBeGreaterThan(0);
    expect(chunks.filter((chunk) => chunk.usage)).toHaveLength(1);
  });

  it('calls tools and takes their results back', async () => {
    const first = await test.client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools,
    });
    expectValid('completion', first);
    const message = first.choices[0]!.message;
    const call = message.tool_calls![0]!;
    expect(call.type === 'function' && call.function.name).toBe('get_weather');
    expect(() => JSON.parse(call.type === 'function' ? call.function.arguments : '')).not.toThrow();
    const second = await test.client.chat.completions.create({
      model,
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        message,
        { role: 'tool', tool_call_id: call.id, content: '{"temperature_c": 21}' },
      ],
      tools,
    });
    expectValid('completion', second);
    expect(second.choices[0]!.finish_reason).toBe('stop');
    expect(second.choices[0]!.message.content).toBeTruthy();
  });

  it('streams tool calls', async () => {
    const stream = await test.client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'Weather in Oslo?' }],
      tools,
      stream: true,
    });
    let name = '';
    let args = '';
    let finish: string | null = null;
    for await (const chunk of stream) {
      expectValid('chunk', chunk);
      const toolCall = chunk.choices[0]?.delta.tool_calls?.[0];
      name += toolCall?.function?.name ?? '';
      args += toolCall?.function?.arguments ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(name).toBe('get_weather');
    expect(() => JSON.parse(args)).not.toThrow();
    expect(finish).toBe('tool_calls');
  });

  it(`n=2 (${support.n.mode})`, async () => {
    const result = await test.client.chat.completions
      .create({ model, messages: USER_HELLO, n: 2 })
      .withResponse()
      .catch((caught: unknown) => caught);
    if (support.n.mode === 'reject') {
      expect(result).toBeInstanceOf(OpenAI.BadRequestError);
      expect((result as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('n');
      return;
    }
    const { data, response } = result as { data: OpenAI.ChatCompletion; response: Response };
    expectValid('completion', data);
    expect(data.choices.map((choice) => choice.index)).toEqual([0, 1]);
    if (support.n.mode === 'emulate') {
      expect(response.headers.get('x-llmux-warnings')).toContain('"param":"n"');
      const stream = await test.client.chat.completions.create({
        model,
        messages: USER_HELLO,
        n: 2,
        stream: true,
        stream_options: { include_usage: true },
      });
      const finished = new Set<number>();
      let usageChunks = 0;
      for await (const chunk of stream) {
        expectValid('chunk', chunk);
        for (const choice of chunk.choices) if (choice.finish_reason) finished.add(choice.index);
        if (chunk.usage) usageChunks++;
      }
      expect([...finished].sort()).toEqual([0, 1]);
      expect(usageChunks).toBe(1);
    }
  });

  it(`json_object (${support['response_format.json_object'].mode})`, async () => {
    const result = await test.client.chat.completions
      .create({
        model,
        messages: [{ role: 'user', content: 'Reply in JSON' }],
        response_format: { type: 'json_object' },
      })
      .catch((caught: unknown) => caught);
    if (support['response_format.json_object'].mode === 'reject') {
      expect((result as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('response_format');
      return;
    }
    expectValid('completion', result);
    const content = (result as OpenAI.ChatCompletion).choices[0]!.message.content!;
    expect(typeof JSON.parse(content)).toBe('object');
  });

  it(`images (${support.image_url.mode})`, async () => {
    const result = await test.client.chat.completions
      .create({
        model,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is in this picture?' },
              { type: 'image_url', image_url: { url: PNG } },
            ],
          },
        ],
      })
      .catch((caught: unknown) => caught);
    if (support.image_url.mode === 'reject') {
      expect(result).toBeInstanceOf(OpenAI.BadRequestError);
      expect((result as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('messages');
      return;
    }
    expectValid('completion', result);
    expect(lastUpstream().body).toBeDefined();
    expect(JSON.stringify(lastUpstream().body)).toContain('iVBORw0KGgo');
  });
});

describe('gateway-side image download for Gemini', () => {
  let test: TestGateway;
  beforeAll(async () => {
    test = await startTestGateway({ LLMUX_SIMULATE: '1' });
  });
  afterAll(async () => {
    await test.close();
  });

  it('refuses an image URL on a private address (SSRF) with a 400 naming messages', async () => {
    const error = (await test.client.chat.completions
      .create({
        model: 'gemini-2.5-flash',
        messages: [
          {
            role: 'user',
            content: [{ type: 'image_url', image_url: { url: `${test.url}/health` } }],
          },
        ],
      })
      .catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(400);
    expect(error.param).toBe('messages');
    expect(test.gateway.simulator!.requests).toHaveLength(0);
  });
});
