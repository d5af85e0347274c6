import { listModels } from '@llmux/catalog';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectValid, post, startTestGateway, type TestGateway, USER_HELLO } from './helpers.js';

// The mission: every public model id answers, whole and streamed, in OpenAI's exact shape. In simulate
// mode each one still goes through its real adapter and wire protocol.
let test: TestGateway;
beforeAll(async () => {
  test = await startTestGateway();
});
afterAll(() => test.close());

const models = listModels();

describe('every catalog model, in simulate mode', () => {
  it('lists all 72 models', async () => {
    const list = await test.client.models.list();
    expect(list.data.map((model) => model.id).sort()).toEqual(models.map((model) => model.id).sort());
  });

  it.each(models.map((model) => [model.id, model] as const))(
    '%s answers whole and streamed',
    async (id, model) => {
      const { data, response } = await test.client.chat.completions
        .create({ model: id, messages: USER_HELLO, max_tokens: 200 })
        .withResponse();
      expectValid('completion', data);
      expect(data.model).toBe(id);
      expect(data.choices[0]?.message.content).toBeTruthy();
      const warnings = JSON.parse(response.headers.get('x-llmux-warnings') ?? '[]') as Array<
        Record<string, string>
      >;
      const retirement = warnings.find((warning) => warning.action === 'deprecated');
      if (model.status === 'retired' || model.status === 'deprecated') {
        expect(retirement?.message).toContain(id);
        if (model.replacement) expect(retirement?.message).toContain(model.replacement);
      } else expect(retirement).toBeUndefined();

      const stream = await test.client.chat.completions.create({
        model: id,
        messages: USER_HELLO,
        max_tokens: 200,
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = '';
      let usageChunks = 0;
      for await (const chunk of stream) {
        expectValid('chunk', chunk);
        text += chunk.choices[0]?.delta.content ?? '';
        if (chunk.usage) usageChunks++;
      }
      expect(text).toBe(data.choices[0]?.message.content);
      expect(usageChunks).toBe(1);
    },
  );
});

// The example request of the hosted aggregator llmux replaces, sent as its users send it.
const AGGREGATOR_EXAMPLE = {
  model: 'claude-sonnet-4-6',
  messages: [{ role: 'user', content: 'Hello!' }],
  max_tokens: 2,
  temperature: 1,
  top_p: 0.5,
  frequency_penalty: 0,
  presence_penalty: 0,
  stream: false,
  stop: '<string>',
  n: 1,
  response_format: { type: 'text' },
  tool_choice: '<string>',
  user: '<string>',
};

describe("the hosted aggregator's example request", () => {
  it('answers its placeholder tool_choice with a 400 naming tool_choice', async () => {
    const answer = await post(`${test.url}/v1/chat/completions`, JSON.stringify(AGGREGATOR_EXAMPLE));
    expect(answer.status).toBe(400);
    expectValid('error', answer.json);
    expect(answer.json).toMatchObject({ error: { param: 'tool_choice', type: 'invalid_request_error' } });
  });

  it('serves it without the placeholder, on every Claude model', async () => {
    const { tool_choice: _placeholder, ...request } = AGGREGATOR_EXAMPLE;
    for (const model of listModels().filter((entry) => entry.vendor === 'anthropic')) {
      const answer = await post(
        `${test.url}/v1/chat/completions`,
        JSON.stringify({ ...request, model: model.id }),
      );
      expect(answer.status, `${model.id}: ${answer.text}`).toBe(200);
      expectValid('completion', answer.json);
      expect(answer.json).toMatchObject({ choices: [{ finish_reason: 'length' }] });
    }
  });
});
