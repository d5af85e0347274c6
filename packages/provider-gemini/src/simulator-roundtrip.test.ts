import {
  type ChatCompletionChunk,
  type ChatCompletionRequest,
  chatCompletionChunkSchema,
  chatCompletionSchema,
} from '@llmux/contract';
import { callAdapter, ProviderError, type UpstreamTarget } from '@llmux/provider-kit';
import { createSimulator, type Simulator } from '@llmux/simulators';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGeminiAdapter } from './gemini-adapter.js';
import { createContext, createTarget } from './test-support/fixtures.js';
import { readThoughtSignature } from './thought-signature.js';

// The adapter against the Gemini simulator over real HTTP: what toUpstream builds is what the simulator
// (checked against the official SDK) accepts, and its answers translate into valid OpenAI shapes.
const adapter = createGeminiAdapter();
let simulator: Simulator;
let target: UpstreamTarget;

beforeAll(async () => {
  simulator = await createSimulator();
  target = createTarget({
    publicModel: 'gemini-3-pro-preview',
    upstreamModel: 'gemini-3-pro-preview',
    baseUrl: simulator.baseUrlFor('gemini'),
  });
});
beforeEach(() => simulator.reset());
afterAll(() => simulator.close());

let ids = 0;

/** Through provider-kit's `callAdapter`: policy, toUpstream, fetch, translation back (streams collected). */
async function call(request: ChatCompletionRequest) {
  const context = { ...createContext(request), generateToolCallId: () => `call_${ids++}` };
  const answer = await callAdapter(adapter, request, target, { context });
  if (!(Symbol.asyncIterator in answer)) return { completion: answer, chunks: [] };
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of answer) chunks.push(chunk);
  return { completion: undefined, chunks };
}

const tools: ChatCompletionRequest['tools'] = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    },
  },
];

describe('Gemini adapter ⇄ simulator', () => {
  it('runs a whole tool loop on Gemini 3, the thought signature going out and back', async () => {
    const first = await call({
      model: 'gemini-3-pro-preview',
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools,
    });
    const message = first.completion!.choices[0]!.message;
    expect(first.completion!.choices[0]!.finish_reason).toBe('tool_calls');
    expect(message.tool_calls?.[0]).toMatchObject({
      function: { name: 'get_weather', arguments: '{"city":"example"}' },
      extra_content: { google: { thought_signature: expect.any(String) } },
    });
    // The client sends the assistant message back as it got it (the usual OpenAI SDK loop).
    const second = await call({
      model: 'gemini-3-pro-preview',
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        message as ChatCompletionRequest['messages'][number],
        { role: 'tool', tool_call_id: message.tool_calls![0]!.id, content: '{"temp":21}' },
      ],
      tools,
    });
    expect(chatCompletionSchema.parse(second.completion)).toBeDefined();
    expect(second.completion!.choices[0]!.message.content).toContain(
      'Simulated answer from gemini-3-pro-preview',
    );
    const sent = simulator.requests[1]!.body as {
      contents: Array<{ parts: Array<Record<string, unknown>> }>;
    };
    expect(sent.contents[1]!.parts[0]!.thoughtSignature).toBe(readThoughtSignature(message.tool_calls![0]!));
  });

  it('streams reasoning, text and usage into valid chunks, usage last', async () => {
    simulator.enqueue({
      reasoning: 'Let me think.',
      text: 'Here is the answer.',
      chunkSize: 4,
      usage: { promptTokens: 7, completionTokens: 12, reasoningTokens: 5 },
    });
    const { chunks } = await call({
      model: 'gemini-3-pro-preview',
      messages: [{ role: 'user', content: 'Q' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    for (const chunk of chunks) chatCompletionChunkSchema.parse(chunk);
    const join = (field: 'content' | 'reasoning_content') =>
      chunks.map((chunk) => chunk.choices[0]?.delta[field] ?? '').join('');
    expect(join('reasoning_content')).toBe('Let me think.');
    expect(join('content')).toBe('Here is the answer.');
    expect(chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 7, completion_tokens: 12, completion_tokens_details: { reasoning_tokens: 5 } },
    });
  });

  it('turns a cut stream into a retryable ProviderError, never a finished answer', async () => {
    simulator.enqueue({ text: 'This answer will be cut off.', chunkSize: 4, cutAfterEvents: 2 });
    await expect(
      call({ model: 'gemini-3-pro-preview', messages: [{ role: 'user', content: 'Q' }], stream: true }),
    ).rejects.toSatisfy((error) => error instanceof ProviderError && error.retryable);
  });

  it('maps the simulator’s 429 to a retryable ProviderError', async () => {
    simulator.enqueue({ error: { status: 429, message: 'Resource has been exhausted' } });
    await expect(
      call({ model: 'gemini-3-pro-preview', messages: [{ role: 'user', content: 'Q' }] }),
    ).rejects.toMatchObject({
      status: 429,
      retryable: true,
    });
  });
});
