import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import openAISpec from '../__fixtures__/openai-spec/chat-completions.schema.json' with { type: 'json' };
import { createSimulator, type Simulator } from '../simulator.js';

// The official SDK as the client: if it accepts every answer (and its typed helpers assemble streams),
// the simulator is faithful enough for adapters and the gateway to be tested against it.
const ajv = new Ajv2020({ allErrors: true, strictTypes: false });
addFormats(ajv);
ajv.addFormat('unixtime', { type: 'number', validate: () => true });
ajv.addSchema(openAISpec);
const validateCompletion = ajv.getSchema(`${openAISpec.$id}#/$defs/CreateChatCompletionResponse`)!;
const validateChunk = ajv.getSchema(`${openAISpec.$id}#/$defs/CreateChatCompletionStreamResponse`)!;
const validateError = ajv.getSchema(`${openAISpec.$id}#/$defs/ErrorResponse`)!;

function expectValid(validate: typeof validateCompletion, value: unknown) {
  const valid = validate(value);
  expect(valid ? [] : validate.errors).toEqual([]);
}

let simulator: Simulator;
let client: OpenAI;

beforeAll(async () => {
  simulator = await createSimulator();
  client = new OpenAI({ apiKey: 'sk-test', baseURL: simulator.baseUrlFor('openai'), maxRetries: 0 });
});
beforeEach(() => simulator.reset());
afterAll(() => simulator.close());

const messages = [{ role: 'user' as const, content: 'Hello' }];
const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

describe('OpenAI chat simulator, read by the official openai SDK', () => {
  it('answers a whole completion with every required field', async () => {
    simulator.enqueue({
      text: 'Hi there!',
      usage: { promptTokens: 5, completionTokens: 3, cachedTokens: 2 },
    });
    const { data, request_id } = await client.chat.completions
      .create({ model: 'gpt-4o', messages })
      .withResponse();
    expectValid(validateCompletion, data);
    expect(request_id).toBe('req_sim000001');
    expect(data).toMatchObject({
      id: 'chatcmpl-sim000001',
      object: 'chat.completion',
      model: 'gpt-4o',
      choices: [
        {
          index: 0,
          finish_reason: 'stop',
          logprobs: null,
          message: { role: 'assistant', content: 'Hi there!', refusal: null },
        },
      ],
      usage: {
        prompt_tokens: 5,
        completion_tokens: 3,
        total_tokens: 8,
        prompt_tokens_details: { cached_tokens: 2 },
      },
    });
  });

  it('streams chunks with the role first, finish_reason null until the end and usage last', async () => {
    simulator.enqueue({
      text: 'Streaming text here',
      chunkSize: 5,
      usage: { promptTokens: 4, completionTokens: 5 },
    });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    for (const chunk of chunks) expectValid(validateChunk, chunk);
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('Streaming text here');
    expect(chunks.map((chunk) => chunk.choices[0]?.finish_reason ?? null)).toEqual([
      null,
      null,
      null,
      null,
      null,
      'stop',
      null,
    ]);
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject({ prompt_tokens: 4, completion_tokens: 5, total_tokens: 9 });
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
  });

  it('sends no usage chunk without include_usage', async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages, stream: true });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((chunk) => chunk.choices.length === 1 && chunk.usage === undefined)).toBe(true);
  });

  it('answers tool calls, whole and streamed, and the stream helper assembles them', async () => {
    const scenario = {
      toolCalls: [
        { name: 'get_weather', arguments: '{"city":"Paris"}' },
        { name: 'get_weather', arguments: '{"city":"Tokyo"}' },
      ],
      chunkSize: 4,
    };
    simulator.enqueue(scenario, scenario);
    const whole = await client.chat.completions.create({ model: 'gpt-4o', messages, tools: [weatherTool] });
    expectValid(validateCompletion, whole);
    expect(whole.choices[0]!.finish_reason).toBe('tool_calls');
    expect(whole.choices[0]!.message.content).toBeNull();

    const runner = client.chat.completions.stream({ model: 'gpt-4o', messages, tools: [weatherTool] });
    const chunks: unknown[] = [];
    runner.on('chunk', (chunk) => chunks.push(chunk));
    const streamed = await runner.finalChatCompletion();
    for (const chunk of chunks) expectValid(validateChunk, chunk);
    expect(chunks.length).toBeGreaterThan(6);
    expect(streamed.choices[0]!.finish_reason).toBe('tool_calls');
    const calls = (message: (typeof whole.choices)[0]['message']) =>
      message.tool_calls?.map((call) =>
        call.type === 'function' ? [call.function.name, call.function.arguments] : [],
      );
    expect(calls(streamed.choices[0]!.message)).toEqual([
      ['get_weather', '{"city":"Paris"}'],
      ['get_weather', '{"city":"Tokyo"}'],
    ]);
    expect(calls(streamed.choices[0]!.message)).toEqual(calls(whole.choices[0]!.message));
    expect(streamed.choices[0]!.message.tool_calls?.map((call) => call.id)).toEqual(
      whole.choices[0]!.message.tool_calls?.map((call) => call.id).map((id) =>
        id.replace('sim000001', 'sim000002'),
      ),
    );
  });

  it('finalChatCompletion matches the whole answer for text and reasoning', async () => {
    const scenario = { text: 'The answer is 42.', reasoning: 'Think, think.', chunkSize: 3 };
    simulator.enqueue(scenario, scenario);
    const whole = await client.chat.completions.create({ model: 'deepseek-reasoner', messages });
    const streamed = await client.chat.completions
      .stream({ model: 'deepseek-reasoner', messages, stream_options: { include_usage: true } })
      .finalChatCompletion();
    expect(streamed.choices[0]!.message.content).toBe(whole.choices[0]!.message.content);
    expect(streamed.usage).toEqual(whole.usage);
    expect((whole.choices[0]!.message as unknown as { reasoning_content: string }).reasoning_content).toBe(
      'Think, think.',
    );
  });

  it('renders n choices, each with its own finish_reason', async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages, n: 2, stream: true });
    const finished = new Map<number, number>();
    for await (const chunk of stream) {
      for (const choice of chunk.choices) {
        if (choice.finish_reason) finished.set(choice.index, (finished.get(choice.index) ?? 0) + 1);
      }
    }
    expect([...finished.entries()]).toEqual([
      [0, 1],
      [1, 1],
    ]);
  });

  it.each([
    [400, OpenAI.BadRequestError],
    [401, OpenAI.AuthenticationError],
    [403, OpenAI.PermissionDeniedError],
    [404, OpenAI.NotFoundError],
    [429, OpenAI.RateLimitError],
    [500, OpenAI.InternalServerError],
    [503, OpenAI.InternalServerError],
  ])('answers status %i so that the SDK raises its error class', async (status, errorClass) => {
    simulator.enqueue({ error: { status, message: 'simulated' } });
    const failure = await client.chat.completions
      .create({ model: 'gpt-4o', messages })
      .catch((error) => error);
    expect(failure).toBeInstanceOf(errorClass);
    expect(failure).toMatchObject({ status, message: expect.stringContaining('simulated') });
    expect(failure.requestID).toBe('req_sim000001');
    expectValid(validateError, { error: failure.error });
  });

  it('refuses max_tokens and a non-default temperature on reasoning models, as OpenAI does', async () => {
    const failure = await client.chat.completions
      .create({ model: 'gpt-5', messages, max_tokens: 10 })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.BadRequestError);
    expect(failure).toMatchObject({ param: 'max_tokens', code: 'unsupported_parameter' });
    const temperature = await client.chat.completions
      .create({ model: 'o3-mini', messages, temperature: 0.2 })
      .catch((error: unknown) => error);
    expect(temperature).toMatchObject({ status: 400, param: 'temperature', code: 'unsupported_value' });
    const accepted = await client.chat.completions.create({
      model: 'gpt-5',
      messages,
      max_completion_tokens: 10,
    });
    expect(accepted.choices[0]!.finish_reason).toBe('length');
    await client.chat.completions.create({
      model: 'gpt-5-chat-latest',
      messages,
      max_tokens: 10,
      temperature: 0.2,
    });
    await client.chat.completions.create({ model: 'gpt-4o', messages, max_tokens: 10, temperature: 0.2 });
  });

  it('makes a mid-stream error event surface as an SDK error', async () => {
    simulator.enqueue({ text: 'partial answer', chunkSize: 4, errorEventAfterEvents: 2 });
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages, stream: true });
    await expect(async () => {
      for await (const _chunk of stream) {
        // drain
      }
    }).rejects.toThrow(/error while processing/);
  });
});
