import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../simulator.js';
import { signThinking } from './anthropic.js';

// The official SDK as the client: if it parses every answer (and its MessageStream assembles the
// streams) exactly as it parses Anthropic's, the simulator is faithful enough to test adapters against.
let simulator: Simulator;
let client: Anthropic;

beforeAll(async () => {
  simulator = await createSimulator();
  client = new Anthropic({
    apiKey: 'sk-ant-test',
    baseURL: simulator.baseUrlFor('anthropic'),
    maxRetries: 0,
  });
});
beforeEach(() => simulator.reset());
afterAll(() => simulator.close());

const model = 'claude-sonnet-4-6';
const messages = [{ role: 'user' as const, content: 'Hello' }];
const weatherTool = {
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] },
};

describe('Anthropic Messages simulator, read by the official @anthropic-ai/sdk', () => {
  it('counts tokens (messages.countTokens): the prompt estimate, or the scenario usage', async () => {
    const estimated = await client.messages.countTokens({ model, messages, tools: [weatherTool] });
    expect(estimated.input_tokens).toBeGreaterThan(0);
    simulator.enqueue({ text: 'unused', usage: { promptTokens: 1234, completionTokens: 1 } });
    expect(await client.messages.countTokens({ model, messages })).toEqual({ input_tokens: 1234 });
    expect(simulator.requests.map((request) => request.path)).toEqual([
      '/v1/messages/count_tokens',
      '/v1/messages/count_tokens',
    ]);
  });

  it('answers a whole message with a request-id and Anthropic usage', async () => {
    simulator.enqueue({
      text: 'Hi there!',
      usage: { promptTokens: 50, completionTokens: 3, cachedTokens: 20 },
    });
    const { data, request_id, response } = await client.messages
      .create({ model, max_tokens: 100, messages })
      .withResponse();
    expect(request_id).toBe('req_sim000001');
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(data).toEqual({
      id: 'msg_sim000001',
      type: 'message',
      role: 'assistant',
      model,
      content: [{ type: 'text', text: 'Hi there!' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: {
        input_tokens: 30,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 20,
        output_tokens: 3,
        service_tier: 'standard',
      },
    });
    // SDK 1.x authenticates with a bearer token and speaks API version 2026-10-21; llmux's adapter sends
    // x-api-key and 2023-06-01. The simulator serves both, as Anthropic does.
    expect(simulator.requests[0]?.headers.authorization).toBe('Bearer sk-ant-test');
    expect(simulator.requests[0]?.headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('streams typed events, with ping, that MessageStream assembles into the same message', async () => {
    const scenario = { text: 'The quick brown fox jumps over the lazy dog.', chunkSize: 5 };
    simulator.enqueue(scenario, scenario);
    const whole = await client.messages.create({ model, max_tokens: 100, messages });
    const stream = client.messages.stream({ model, max_tokens: 100, messages });
    const events: string[] = [];
    stream.on('streamEvent', (event) => events.push(event.type));
    let text = '';
    stream.on('text', (delta) => {
      text += delta;
    });
    const final = await stream.finalMessage();
    expect(text).toBe(scenario.text);
    expect(final.content).toEqual(whole.content);
    expect(final.stop_reason).toBe('end_turn');
    expect(final.usage.output_tokens).toBe(whole.usage.output_tokens);
    expect(events[0]).toBe('message_start');
    expect(events.slice(-2)).toEqual(['message_delta', 'message_stop']);
    expect(stream.request_id ?? null).toBe('req_sim000002');
  });

  it('serves tool use, whole and streamed, with input parsed by the SDK', async () => {
    const call = { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' };
    simulator.enqueue(
      { text: 'Let me check.', toolCalls: [call] },
      { text: 'Let me check.', toolCalls: [call], chunkSize: 4 },
    );
    const whole = await client.messages.create({ model, max_tokens: 100, messages, tools: [weatherTool] });
    expect(whole.stop_reason).toBe('tool_use');
    expect(whole.content).toEqual([
      { type: 'text', text: 'Let me check.' },
      {
        type: 'tool_use',
        id: 'toolu_sim000001x0',
        name: 'get_weather',
        input: { city: 'Paris', unit: 'celsius' },
      },
    ]);
    const streamed = await client.messages
      .stream({ model, max_tokens: 100, messages, tools: [weatherTool] })
      .finalMessage();
    expect(streamed.content[1]).toMatchObject({
      type: 'tool_use',
      name: 'get_weather',
      input: { city: 'Paris', unit: 'celsius' },
    });
    expect(streamed.stop_reason).toBe('tool_use');
  });

  it('calls the forced tool by default, with input generated from its schema', async () => {
    const message = await client.messages.create({
      model,
      max_tokens: 100,
      messages,
      tools: [weatherTool],
      tool_choice: { type: 'tool', name: 'get_weather' },
    });
    expect(message.content).toEqual([
      expect.objectContaining({ type: 'tool_use', name: 'get_weather', input: { city: 'example' } }),
    ]);
  });

  it('serves thinking with a signature, whole and streamed, and checks the signature sent back', async () => {
    const scenario = { reasoning: 'Greet the user back.', text: 'Hello!' };
    simulator.enqueue(scenario, { ...scenario, chunkSize: 3 });
    const thinking = { type: 'enabled' as const, budget_tokens: 1024 };
    const whole = await client.messages.create({ model, max_tokens: 2000, messages, thinking });
    expect(whole.content[0]).toEqual({
      type: 'thinking',
      thinking: 'Greet the user back.',
      signature: signThinking('Greet the user back.'),
    });
    const streamed = await client.messages
      .stream({ model, max_tokens: 2000, messages, thinking })
      .finalMessage();
    expect(streamed.content).toEqual(whole.content);

    const followUp = (content: typeof whole.content) =>
      client.messages.create({
        model,
        max_tokens: 2000,
        thinking,
        messages: [...messages, { role: 'assistant', content }, { role: 'user', content: 'Again' }],
      });
    await expect(followUp(whole.content)).resolves.toMatchObject({ type: 'message' });
    const altered = [
      { ...(whole.content[0] as Anthropic.ThinkingBlock), thinking: 'Something else.' },
      whole.content[1]!,
    ];
    await expect(followUp(altered)).rejects.toMatchObject({
      status: 400,
      type: 'invalid_request_error',
      apiMessage: 'messages.1.content.0: Invalid `signature` in `thinking` block',
    });
  });

  it('refuses a thinking tool loop whose assistant turn does not start with its thinking block', async () => {
    const loop = (assistant: Anthropic.ContentBlockParam[]) =>
      client.messages.create({
        model,
        max_tokens: 2000,
        thinking: { type: 'enabled', budget_tokens: 1024 },
        tools: [weatherTool],
        messages: [
          ...messages,
          { role: 'assistant', content: assistant },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '18C' }] },
        ],
      });
    const call = { type: 'tool_use' as const, id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } };
    await expect(loop([call])).rejects.toMatchObject({
      status: 400,
      apiMessage: expect.stringContaining('must start with a thinking block'),
    });
    const signed = { type: 'thinking' as const, thinking: 'Check it.', signature: signThinking('Check it.') };
    simulator.enqueue({ text: 'Mild.' });
    await expect(loop([signed, call])).resolves.toMatchObject({ content: [{ type: 'text', text: 'Mild.' }] });
  });

  it("answers errors in Anthropic's shape, which the SDK turns into typed errors", async () => {
    simulator.enqueue(
      { error: { status: 529, message: 'Overloaded' } },
      { error: { status: 429, message: 'Slow down', headers: { 'retry-after': '3' } } },
    );
    const overloaded = await client.messages
      .create({ model, max_tokens: 10, messages })
      .catch((error: unknown) => error);
    expect(overloaded).toBeInstanceOf(Anthropic.APIError);
    expect(overloaded).toMatchObject({
      status: 529,
      type: 'overloaded_error',
      apiMessage: 'Overloaded',
      requestID: 'req_sim000001',
    });
    const limited = await client.messages
      .create({ model, max_tokens: 10, messages })
      .catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    expect((limited as InstanceType<typeof Anthropic.APIError>).headers?.get('retry-after')).toBe('3');
  });

  it('refuses what Anthropic refuses: no max_tokens, a system role, a budget above max_tokens, no key', async () => {
    const post = (body: unknown, headers: Record<string, string> = { 'x-api-key': 'k' }) =>
      fetch(`${simulator.baseUrlFor('anthropic')}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const noMax = await post({ model, messages });
    expect(noMax.status).toBe(400);
    expect(await noMax.json()).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'max_tokens: Field required' },
    });
    expect(noMax.headers.get('request-id')).toMatch(/^req_/);
    const system = await post({ model, max_tokens: 10, messages: [{ role: 'system', content: 'x' }] });
    expect(((await system.json()) as { error: { message: string } }).error.message).toContain(
      'messages.0.role',
    );
    const budget = await post({
      model,
      max_tokens: 1024,
      messages,
      thinking: { type: 'enabled', budget_tokens: 1024 },
    });
    expect(budget.status).toBe(400);
    const noKey = await post({ model, max_tokens: 10, messages }, {});
    expect(noKey.status).toBe(401);
    expect(((await noKey.json()) as { error: { type: string } }).error.type).toBe('authentication_error');
  });

  it('frames every event as `event: <type>` + `data:` with the same type, and pings (the SDK hides pings)', async () => {
    simulator.enqueue({
      reasoning: 'Think.',
      text: 'Hi',
      toolCalls: [{ name: 'get_weather', arguments: '{}' }],
    });
    const response = await fetch(`${simulator.baseUrlFor('anthropic')}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'k', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model, max_tokens: 2000, stream: true, messages }),
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(response.headers.get('request-id')).toBe('req_sim000001');
    const frames = (await response.text()).split('\n\n').filter((part) => part !== '');
    const parsed = frames.map((part) => {
      const [eventLine = '', dataLine = ''] = part.split('\n');
      return { event: eventLine.replace('event: ', ''), data: JSON.parse(dataLine.replace('data: ', '')) };
    });
    for (const { event, data } of parsed) expect(data.type).toBe(event);
    expect(parsed.map(({ event }) => event)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'ping',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
  });

  it('sends an error event mid-stream, which the SDK raises', async () => {
    simulator.enqueue({ text: 'Partial answer that will fail', chunkSize: 4, errorEventAfterEvents: 3 });
    const stream = client.messages.stream({ model, max_tokens: 100, messages });
    await expect(stream.finalMessage()).rejects.toMatchObject({ type: 'api_error' });
  });
});
