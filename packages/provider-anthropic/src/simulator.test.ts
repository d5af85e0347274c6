import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest } from '@llmux/contract';
import { callAdapter } from '@llmux/provider-kit';
import { rejectionOf, validateChunk, validateCompletion } from '@llmux/provider-kit/testing';
import { createSimulator, type Simulator } from '@llmux/simulators';
import { accumulateChunks, decodeSse, type SseEvent } from '@llmux/sse';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createContext, createRequest, createTarget } from './__fixtures__/fixtures.js';
import { createAnthropicAdapter } from './anthropic-adapter.js';

// End to end against @llmux/simulators' Anthropic protocol (itself checked against the official SDK):
// translate → HTTP → translate back, as the gateway does, with no network beyond localhost.
const adapter = createAnthropicAdapter();
let simulator: Simulator;

beforeAll(async () => {
  simulator = await createSimulator();
});
beforeEach(() => simulator.reset());
afterAll(() => simulator.close());

async function send(request: ChatCompletionRequest): Promise<Response> {
  const target = createTarget({ baseUrl: simulator.baseUrlFor('anthropic') });
  const { request: upstream } = adapter.toUpstream(request, target);
  return fetch(upstream.url, {
    method: upstream.method,
    headers: upstream.headers,
    body: JSON.stringify(upstream.body),
  });
}

async function complete(request: ChatCompletionRequest): Promise<ChatCompletion> {
  const response = await send(request);
  if (!response.ok) throw adapter.fromError(response.status, await response.json(), response.headers);
  const completion = adapter.fromResponse(await response.json(), createContext(request));
  expect(validateCompletion(completion)).toEqual([]);
  return completion;
}

async function stream(request: ChatCompletionRequest): Promise<ChatCompletionChunk[]> {
  const response = await send({ ...request, stream: true });
  if (!response.ok || !response.body)
    throw adapter.fromError(response.status, await response.json(), response.headers);
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of adapter.fromStream(decodeSse(response.body), createContext(request)))
    chunks.push(chunk);
  for (const chunk of chunks) expect(validateChunk(chunk)).toEqual([]);
  return chunks;
}

/** Assembles streamed reasoning_details by index, as a client that keeps them must. */
function collectReasoningDetails(chunks: ChatCompletionChunk[]): Array<Record<string, unknown>> {
  const byIndex = new Map<number, Record<string, unknown>>();
  for (const chunk of chunks) {
    const details = (
      chunk.choices[0]?.delta as { reasoning_details?: Array<Record<string, unknown>> } | undefined
    )?.reasoning_details;
    for (const detail of details ?? []) {
      const index = detail.index as number;
      const current = byIndex.get(index) ?? { ...detail, text: '' };
      if (typeof detail.text === 'string') current.text = `${current.text as string}${detail.text}`;
      if (typeof detail.signature === 'string') current.signature = detail.signature;
      byIndex.set(index, current);
    }
  }
  return [...byIndex.values()];
}

const calculator = {
  type: 'function' as const,
  function: {
    name: 'divide',
    parameters: {
      type: 'object',
      properties: { a: { type: 'number' }, b: { type: 'number' } },
      required: ['a', 'b'],
    },
  },
};

describe('the Anthropic adapter against the simulator', () => {
  it('answers whole and streamed, with the same text and usage', async () => {
    const scenario = {
      text: 'Bonjour, le monde!',
      usage: { promptTokens: 40, completionTokens: 6, cachedTokens: 10 },
    };
    simulator.enqueue(scenario, { ...scenario, chunkSize: 3 });
    const request = createRequest({
      messages: [
        { role: 'system', content: 'French.' },
        { role: 'user', content: 'Hi' },
      ],
    });
    const whole = await complete(request);
    const chunks = await stream(request);
    const assembled = accumulateChunks(chunks);
    expect(assembled.choices[0]?.message.content).toBe(whole.choices[0]?.message.content);
    expect(whole.usage).toEqual({
      prompt_tokens: 40,
      completion_tokens: 6,
      total_tokens: 46,
      prompt_tokens_details: { cached_tokens: 10 },
    });
    expect(assembled.usage).toEqual(whole.usage);
    expect(simulator.requests[0]?.body).toMatchObject({
      system: [{ type: 'text', text: 'French.' }],
      max_tokens: 64_000,
    });
    expect(simulator.requests[0]?.headers['x-api-key']).toBe('sk-ant-test');
  });

  it("works on its own through provider-kit's callAdapter, whole and streamed", async () => {
    simulator.enqueue({ text: 'Standalone.' }, { text: 'Standalone.', chunkSize: 3 });
    const target = createTarget({ baseUrl: simulator.baseUrlFor('anthropic') });
    const whole = await callAdapter(adapter, { ...createRequest(), stream: false }, target);
    expect(whole.choices[0]?.message.content).toBe('Standalone.');
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of await callAdapter(adapter, { ...createRequest(), stream: true }, target))
      chunks.push(chunk);
    expect(accumulateChunks(chunks).choices[0]?.message.content).toBe('Standalone.');
  });

  it('runs a thinking tool loop: the signature goes back untouched and Anthropic accepts it', async () => {
    const turn = {
      reasoning: 'I should divide with the tool.',
      toolCalls: [{ name: 'divide', arguments: '{"a":925,"b":5}' }],
    };
    simulator.enqueue(turn, { text: '185' }, { ...turn, chunkSize: 5 }, { text: '185' }, { text: '185' });
    const first = createRequest({
      messages: [{ role: 'user', content: 'What is 925 / 5?' }],
      tools: [calculator],
      reasoning_effort: 'low',
    });

    const whole = await complete(first);
    const assistant = whole.choices[0]?.message;
    expect(whole.choices[0]?.finish_reason).toBe('tool_calls');
    const followUp = (message: Record<string, unknown>, callId: string) =>
      createRequest({
        ...first,
        messages: [
          ...first.messages,
          message as ChatCompletionRequest['messages'][number],
          { role: 'tool', tool_call_id: callId, content: '185' },
        ],
      });
    const second = await complete(
      followUp(assistant as Record<string, unknown>, assistant?.tool_calls?.[0]?.id ?? ''),
    );
    expect(second.choices[0]?.message.content).toBe('185');

    // The same through a stream: the client assembles the reasoning details and sends them back.
    const chunks = await stream(first);
    const assembled = accumulateChunks(chunks);
    const streamedAssistant = {
      ...assembled.choices[0]?.message,
      reasoning_details: collectReasoningDetails(chunks),
    };
    expect(streamedAssistant.reasoning_details).toEqual([
      expect.objectContaining({
        type: 'reasoning.text',
        text: 'I should divide with the tool.',
        signature: expect.any(String),
      }),
    ]);
    const streamedSecond = await complete(
      followUp(streamedAssistant, assembled.choices[0]?.message.tool_calls?.[0]?.id ?? ''),
    );
    expect(streamedSecond.choices[0]?.message.content).toBe('185');

    // A client that drops reasoning_details still gets an answer: thinking is off for that turn.
    const { reasoning_details: _dropped, ...bare } = assistant as unknown as Record<string, unknown>;
    const withoutThinking = await complete(followUp(bare, assistant?.tool_calls?.[0]?.id ?? ''));
    expect(withoutThinking.choices[0]?.message.content).toBe('185');
    expect(simulator.requests.at(-1)?.body).not.toHaveProperty('thinking');

    // A signature altered on the way is refused, as Anthropic refuses it.
    simulator.enqueue({ text: 'never sent' });
    const tampered = {
      ...assistant,
      reasoning_details: [
        {
          ...(assistant as unknown as { reasoning_details: object[] }).reasoning_details[0],
          text: 'Something else.',
        },
      ],
    };
    const error = await rejectionOf(complete(followUp(tampered, assistant?.tool_calls?.[0]?.id ?? '')));
    expect(error).toMatchObject({ status: 400, retryable: false, vendorCode: 'invalid_request_error' });
    expect(error.message).toContain('Invalid `signature`');
  });

  it('emulates a JSON schema answer with the forced tool, whole and streamed', async () => {
    const request = createRequest({
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'city',
          schema: {
            type: 'object',
            properties: { city: { type: 'string' }, population: { type: 'integer' } },
            required: ['city'],
          },
        },
      },
    });
    const whole = await complete(request);
    expect(whole.choices[0]?.finish_reason).toBe('stop');
    expect(JSON.parse(whole.choices[0]?.message.content ?? '')).toEqual({ city: 'example', population: 1 });
    const assembled = accumulateChunks(await stream(request));
    expect(assembled.choices[0]?.finish_reason).toBe('stop');
    expect(assembled.choices[0]?.message.tool_calls).toBeUndefined();
    expect(JSON.parse(assembled.choices[0]?.message.content ?? '')).toEqual({
      city: 'example',
      population: 1,
    });
  });

  it('streams parallel tool calls with their own indices', async () => {
    simulator.enqueue({
      text: 'Two at once.',
      toolCalls: [
        { name: 'divide', arguments: '{"a":1,"b":2}' },
        { name: 'divide', arguments: '{"a":3,"b":4}' },
      ],
      chunkSize: 4,
    });
    const assembled = accumulateChunks(await stream(createRequest({ tools: [calculator] })));
    expect(assembled.choices[0]?.message.tool_calls?.map((call) => call.function.arguments)).toEqual([
      '{"a":1,"b":2}',
      '{"a":3,"b":4}',
    ]);
    expect(assembled.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('turns upstream errors into ProviderErrors: 529 and 429 retryable, a mid-stream error and a cut stream thrown', async () => {
    simulator.enqueue(
      { error: { status: 529, message: 'Overloaded' } },
      { error: { status: 429, message: 'Slow down', headers: { 'retry-after': '3' } } },
      { text: 'A long answer that fails', chunkSize: 2, errorEventAfterEvents: 4 },
      { text: 'A long answer that is cut', chunkSize: 2, cutAfterEvents: 4 },
    );
    expect(await rejectionOf(complete(createRequest()))).toMatchObject({ status: 503, retryable: true });
    expect(await rejectionOf(complete(createRequest()))).toMatchObject({
      status: 429,
      retryable: true,
      retryAfterMs: 3000,
    });
    expect(await rejectionOf(stream(createRequest()))).toMatchObject({
      status: 502,
      retryable: true,
      vendorCode: 'api_error',
    });
    // A dropped connection is the transport's error; what arrived before it must not look finished.
    const response = await send({ ...createRequest(), stream: true });
    const events: SseEvent[] = [];
    await (async () => {
      for await (const event of decodeSse(response.body as ReadableStream<Uint8Array>)) events.push(event);
    })().catch(() => undefined);
    const translator = adapter.createStreamTranslator(createContext());
    expect(events.flatMap((event) => translator.push(event)).length).toBeGreaterThan(0);
    expect(() => translator.finish()).toThrow(expect.objectContaining({ status: 502, retryable: true }));
  });
});
