import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest } from '@llmux/contract';
import { isProviderError } from '@llmux/provider-kit';
import { rejectionOf, validateChunk, validateCompletion } from '@llmux/provider-kit/testing';
import { createSimulator, type Simulator } from '@llmux/simulators';
import { accumulateChunks, decodeSse } from '@llmux/sse';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createContext, createRequest, createTarget } from './fixture-helpers.js';
import { createOpenAIResponsesAdapter } from './responses-adapter.js';

// End to end against @llmux/simulators' Responses protocol (itself checked with the official openai SDK):
// translate → HTTP → translate back, as the gateway does, with no network beyond localhost. The simulator
// refuses Chat-only parameters with a 400, so a field this adapter forgot to translate fails here.
const adapter = createOpenAIResponsesAdapter();
let simulator: Simulator;

beforeAll(async () => {
  simulator = await createSimulator();
});
beforeEach(() => simulator.reset());
afterAll(() => simulator.close());

async function send(request: ChatCompletionRequest): Promise<Response> {
  const target = createTarget({ baseUrl: simulator.baseUrlFor('openai') });
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
  const completion = adapter.fromResponse(await response.json(), createContext({ request }));
  expect(validateCompletion(completion)).toEqual([]);
  return completion;
}

async function stream(request: ChatCompletionRequest): Promise<ChatCompletionChunk[]> {
  const response = await send({ ...request, stream: true });
  if (!response.ok || !response.body)
    throw adapter.fromError(response.status, await response.json(), response.headers);
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of adapter.fromStream(decodeSse(response.body), createContext({ request })))
    chunks.push(chunk);
  for (const chunk of chunks) expect(validateChunk(chunk)).toEqual([]);
  return chunks;
}

const weather = {
  type: 'function' as const,
  function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
};

describe('Responses adapter against the simulator', () => {
  it('sends a full request the Responses API accepts and reads the answer, whole and streamed', async () => {
    const scenario = {
      text: 'Paris.',
      reasoning: 'The user wants the capital.',
      usage: { promptTokens: 30, completionTokens: 12, reasoningTokens: 5 },
      chunkSize: 3,
    };
    simulator.enqueue(scenario, scenario);
    const request = createRequest({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Capital of France?' },
      ],
      max_completion_tokens: 200,
      reasoning_effort: 'high',
      response_format: { type: 'text' },
      user: 'u-1',
    });
    const whole = await complete(request);
    const streamed = accumulateChunks(await stream(request));
    expect(whole.choices[0]!.message).toMatchObject({
      content: 'Paris.',
      reasoning_content: 'The user wants the capital.',
    });
    expect(streamed.choices[0]!.message).toMatchObject({
      content: 'Paris.',
      reasoning_content: 'The user wants the capital.',
    });
    expect(whole.usage).toMatchObject({
      prompt_tokens: 30,
      completion_tokens: 12,
      completion_tokens_details: { reasoning_tokens: 5 },
    });
    expect(streamed.usage).toEqual(whole.usage);
    expect(simulator.requests.map((record) => [record.protocol, record.path])).toEqual([
      ['openai-responses', '/v1/responses'],
      ['openai-responses', '/v1/responses'],
    ]);
  });

  it('round-trips a tool call: the call_id comes back as the tool message id and is sent again', async () => {
    const scenario = {
      toolCalls: [
        { name: 'get_weather', arguments: '{"city":"Paris"}' },
        { name: 'get_weather', arguments: '{"city":"Rome"}' },
      ],
      chunkSize: 5,
    };
    simulator.enqueue(scenario, scenario);
    const request = createRequest({ messages: [{ role: 'user', content: 'Weather?' }], tools: [weather] });
    const whole = await complete(request);
    const streamed = accumulateChunks(await stream(request));
    const calls = whole.choices[0]!.message.tool_calls!;
    expect(whole.choices[0]!.finish_reason).toBe('tool_calls');
    expect(streamed.choices[0]!.finish_reason).toBe('tool_calls');
    expect(streamed.choices[0]!.message.tool_calls?.map((call) => call.function)).toEqual(
      calls.map((call) => call.function),
    );

    // No scenario queued: after tool results the simulator's default answer is text quoting the user.
    const followUp = await complete(
      createRequest({
        tools: [weather],
        messages: [
          { role: 'user', content: 'Weather?' },
          { role: 'assistant', content: null, tool_calls: calls },
          ...calls.map((call) => ({ role: 'tool' as const, tool_call_id: call.id, content: 'sunny' })),
        ],
      }),
    );
    expect(followUp.choices[0]!.message.content).toContain('Weather?');
    expect(followUp.choices[0]!.finish_reason).toBe('stop');
  });

  it('throws from finish() for a stream whose connection was cut before response.completed', async () => {
    simulator.enqueue({ text: 'a long answer that never ends', chunkSize: 2, cutAfterEvents: 5 });
    const response = await send({ ...createRequest(), stream: true });
    const translator = adapter.createStreamTranslator(createContext());
    const chunks: ChatCompletionChunk[] = [];
    // The socket is destroyed mid-body: the transport error is the gateway's to report; the translator
    // must still refuse to call what it saw a finished answer.
    await (async () => {
      for await (const event of decodeSse(response.body!)) chunks.push(...translator.push(event));
    })().catch(() => undefined);
    expect(chunks.length).toBeGreaterThan(0);
    let error: unknown;
    try {
      translator.finish();
    } catch (caught) {
      error = caught;
    }
    expect(isProviderError(error) && error).toMatchObject({ status: 502, retryable: true });
  });

  it('maps a mid-stream error event and HTTP errors to ProviderErrors', async () => {
    simulator.enqueue({ text: 'a long answer that fails', errorEventAfterEvents: 4 });
    expect(await rejectionOf(stream(createRequest()))).toMatchObject({ status: 502, retryable: true });
    simulator.enqueue({ error: { status: 429, message: 'slow down', headers: { 'retry-after': '2' } } });
    expect(await rejectionOf(complete(createRequest()))).toMatchObject({
      status: 429,
      retryable: true,
      retryAfterMs: 2000,
    });
  });

  it('leaves out a neutral temperature and top_p, which the reasoning model would refuse', async () => {
    const completion = await complete(createRequest({ temperature: 1, top_p: 1 }));
    expect(completion.choices[0]!.finish_reason).toBe('stop');
  });

  it('answers max_output_tokens truncation with finish_reason length', async () => {
    // The limit is raised to the Responses minimum (16) on the way: the default answer to this longer
    // question is still cut by it.
    const messages = [
      { role: 'user' as const, content: 'Tell me about the lighthouse keeper who counts ships at night' },
    ];
    const whole = await complete(createRequest({ max_tokens: 2, messages }));
    expect(whole.choices[0]!.finish_reason).toBe('length');
    const streamed = accumulateChunks(await stream(createRequest({ max_tokens: 2, messages })));
    expect(streamed.choices[0]!.finish_reason).toBe('length');
  });
});
