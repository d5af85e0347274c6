import OpenAI from 'openai';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../simulator.js';

// The official SDK as the client: `client.responses.create` (whole and `stream: true`) and the stream
// helper `client.responses.stream(...).finalResponse()`, which checks the event sequence strictly
// (every item added and done, output indices, the terminal response matching what was streamed).
let simulator: Simulator;
let client: OpenAI;

beforeAll(async () => {
  simulator = await createSimulator();
  client = new OpenAI({ apiKey: 'sk-test', baseURL: simulator.baseUrlFor('openai'), maxRetries: 0 });
});
beforeEach(() => simulator.reset());
afterAll(() => simulator.close());

const weatherTool = {
  type: 'function' as const,
  name: 'get_weather',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  strict: false,
};

describe('OpenAI Responses simulator, read by the official openai SDK', () => {
  it('answers a whole response with text, a reasoning summary and usage', async () => {
    simulator.enqueue({
      text: 'Paris.',
      reasoning: 'The capital of France is Paris.',
      usage: { promptTokens: 12, completionTokens: 20, cachedTokens: 4, reasoningTokens: 8 },
    });
    const { data, request_id } = await client.responses
      .create({ model: 'gpt-5.3-codex', input: 'Capital of France?', reasoning: { summary: 'auto' } })
      .withResponse();
    expect(request_id).toBe('req_sim000001');
    expect(data.output_text).toBe('Paris.');
    expect(data).toMatchObject({
      id: 'resp_sim000001',
      object: 'response',
      status: 'completed',
      model: 'gpt-5.3-codex',
      usage: {
        input_tokens: 12,
        output_tokens: 20,
        total_tokens: 32,
        input_tokens_details: { cached_tokens: 4 },
        output_tokens_details: { reasoning_tokens: 8 },
      },
    });
    expect(data.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
    const reasoning = data.output[0];
    expect(reasoning?.type === 'reasoning' && reasoning.summary).toEqual([
      { type: 'summary_text', text: 'The capital of France is Paris.' },
    ]);
    expect(simulator.requests[0]).toMatchObject({ protocol: 'openai-responses', path: '/v1/responses' });
  });

  it('streams typed events with sequence numbers, ending with response.completed and no [DONE]', async () => {
    simulator.enqueue({ text: 'Streaming text here', reasoning: 'Hmm.', chunkSize: 5 });
    const stream = await client.responses.create({ model: 'gpt-5.3-codex', input: 'Hello', stream: true });
    const events: ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    expect(events[0]!.type).toBe('response.created');
    expect(events.at(-1)!.type).toBe('response.completed');
    const text = events.flatMap((event) =>
      event.type === 'response.output_text.delta' ? [event.delta] : [],
    );
    expect(text).toEqual(['Strea', 'ming ', 'text ', 'here']);
    const summary = events.flatMap((event) =>
      event.type === 'response.reasoning_summary_text.delta' ? [event.delta] : [],
    );
    expect(summary.join('')).toBe('Hmm.');
  });

  it('streams a function call that the stream helper assembles into the same answer as the whole one', async () => {
    const scenario = {
      reasoning: 'I should look up the weather.',
      toolCalls: [
        { name: 'get_weather', arguments: '{"city":"Paris"}' },
        { name: 'get_weather', arguments: '{"city":"Tokyo"}' },
      ],
      chunkSize: 4,
    };
    simulator.enqueue(scenario, scenario);
    const request = { model: 'gpt-5.3-codex', input: 'Weather in Paris and Tokyo?', tools: [weatherTool] };
    const whole = await client.responses.create(request);
    const helper = client.responses.stream(request);
    const argumentDeltas: string[] = [];
    helper.on('response.function_call_arguments.delta', (event) => argumentDeltas.push(event.delta));
    const streamed = await helper.finalResponse();

    const calls = (output: typeof whole.output) =>
      output.flatMap((item) => (item.type === 'function_call' ? [[item.name, item.arguments]] : []));
    expect(calls(whole.output)).toEqual([
      ['get_weather', '{"city":"Paris"}'],
      ['get_weather', '{"city":"Tokyo"}'],
    ]);
    expect(calls(streamed.output)).toEqual(calls(whole.output));
    expect(argumentDeltas.length).toBeGreaterThan(2);
    expect(streamed.output.map((item) => item.type)).toEqual(['reasoning', 'function_call', 'function_call']);
    const summary = streamed.output[0];
    expect(summary?.type === 'reasoning' && summary.summary[0]?.text).toBe('I should look up the weather.');
    expect(streamed.status).toBe('completed');
  });

  it('answers the default scenario with a call to the offered tool, then text after its output', async () => {
    const first = await client.responses.create({
      model: 'gpt-5-pro',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'Weather in Paris?' }] }],
      tools: [weatherTool],
      tool_choice: { type: 'function', name: 'get_weather' },
    });
    const call = first.output.find((item) => item.type === 'function_call');
    expect(call).toMatchObject({ type: 'function_call', name: 'get_weather' });
    expect(JSON.parse((call as { arguments: string }).arguments)).toHaveProperty('city');

    const second = await client.responses.create({
      model: 'gpt-5-pro',
      instructions: 'Be brief.',
      input: [
        { role: 'user', content: [{ type: 'input_text', text: 'Weather in Paris?' }] },
        {
          type: 'function_call',
          call_id: (call as { call_id: string }).call_id,
          name: 'get_weather',
          arguments: '{"city":"Paris"}',
        },
        { type: 'function_call_output', call_id: (call as { call_id: string }).call_id, output: 'sunny' },
      ],
      tools: [weatherTool],
    });
    expect(second.output_text).toContain('Weather in Paris?');
  });

  it('answers max_output_tokens truncation as an incomplete response', async () => {
    simulator.enqueue({ text: 'Once upon a', finishReason: 'length' });
    const helper = client.responses.stream({
      model: 'gpt-5.3-codex',
      input: 'A story about a lighthouse keeper who counts the ships passing in the night',
      max_output_tokens: 16,
    });
    const events: string[] = [];
    helper.on('event', (event) => events.push(event.type));
    await helper.done().catch(() => undefined);
    expect(events.at(-1)).toBe('response.incomplete');
    const whole = await client.responses.create({
      model: 'gpt-5.3-codex',
      input: 'A story about a lighthouse keeper who counts the ships passing in the night',
      max_output_tokens: 16,
    });
    // No scenario queued: the default answer is cut to max_output_tokens.
    expect(whole).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
    });
  });

  it('refuses Chat Completions parameters, and sampling knobs on reasoning models, as the Responses API does', async () => {
    const failure = await client.responses
      .create({ model: 'gpt-5.3-codex', input: 'Hello', max_tokens: 10 } as never)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.BadRequestError);
    expect(failure).toMatchObject({ param: 'max_tokens', code: 'unsupported_parameter' });
    const temperature = await client.responses
      .create({ model: 'gpt-5-pro', input: 'Hello', temperature: 0.2 })
      .catch((error: unknown) => error);
    expect(temperature).toMatchObject({ status: 400, param: 'temperature' });
    const sampled = await client.responses.create({ model: 'gpt-4.1', input: 'Hello', temperature: 0.2 });
    expect(sampled.status).toBe('completed');
  });

  it('refuses a function_call_output without its function_call, and a function_call without its output', async () => {
    const call = { type: 'function_call' as const, call_id: 'call_1', name: 'get_weather', arguments: '{}' };
    const output = { type: 'function_call_output' as const, call_id: 'call_1', output: 'sunny' };
    const orphanOutput = await client.responses
      .create({ model: 'gpt-5.3-codex', input: [{ role: 'user', content: 'Weather?' }, output] })
      .catch((error: unknown) => error);
    expect(orphanOutput).toBeInstanceOf(OpenAI.BadRequestError);
    expect(orphanOutput).toMatchObject({
      param: 'input',
      message: expect.stringContaining('No tool call found for function call output with call_id call_1'),
    });
    const unanswered = await client.responses
      .create({ model: 'gpt-5.3-codex', input: [{ role: 'user', content: 'Weather?' }, call] })
      .catch((error: unknown) => error);
    expect(unanswered).toMatchObject({
      status: 400,
      param: 'input',
      message: expect.stringContaining('No tool output found for function call call_1'),
    });
    const paired = await client.responses.create({
      model: 'gpt-5.3-codex',
      input: [{ role: 'user', content: 'Weather?' }, call, output],
      tools: [weatherTool],
    });
    expect(paired.status).toBe('completed');
  });

  it('refuses max_output_tokens below 16, as the Responses API does', async () => {
    const failure = await client.responses
      .create({ model: 'gpt-5.3-codex', input: 'Hello', max_output_tokens: 5 })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ status: 400, param: 'max_output_tokens' });
  });

  it('reports a mid-stream failure as an error event the SDK raises', async () => {
    simulator.enqueue({ text: 'partial answer that fails', errorEventAfterEvents: 3 });
    const failure = await (async () => {
      const stream = await client.responses.create({ model: 'gpt-5.3-codex', input: 'Hello', stream: true });
      for await (const _event of stream) {
        // drain
      }
    })().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
  });

  it.each([
    [400, OpenAI.BadRequestError],
    [401, OpenAI.AuthenticationError],
    [404, OpenAI.NotFoundError],
    [429, OpenAI.RateLimitError],
    [500, OpenAI.InternalServerError],
  ])('answers status %i so that the SDK raises its error class', async (status, errorClass) => {
    simulator.enqueue({ error: { status, message: 'simulated' } });
    const failure = await client.responses
      .create({ model: 'gpt-5.3-codex', input: 'Hello' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(errorClass);
    expect(failure).toMatchObject({ status, message: expect.stringContaining('simulated') });
  });
});
