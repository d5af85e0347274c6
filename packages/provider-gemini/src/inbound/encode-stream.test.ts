import { GoogleGenAI } from '@google/genai';
import type { ChatCompletion, ChatCompletionChunk } from '@llmux/contract';
import type { AnswerEvent, InboundContext } from '@llmux/provider-kit';
import { createChunkBlockifier, unwrapForeignSignature, wrapForeignSignature } from '@llmux/provider-kit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodeGeminiResponse } from './encode-response.js';
import { createGeminiStreamEncoder, type GeminiStreamFraming } from './encode-stream.js';

function contextFor(framing?: GeminiStreamFraming): InboundContext {
  return {
    responseId: 'resp_1',
    created: 1_700_000_000,
    publicModel: 'public-model',
    request: framing === undefined ? {} : { body: {}, framing },
  };
}

const usage = {
  prompt_tokens: 9,
  completion_tokens: 6,
  total_tokens: 15,
  completion_tokens_details: { reasoning_tokens: 2 },
};

const answer: AnswerEvent[] = [
  { type: 'block-start', index: 0, block: { type: 'thinking' } },
  { type: 'thinking-delta', index: 0, text: 'Let me ' },
  { type: 'thinking-delta', index: 0, text: 'think.' },
  { type: 'block-stop', index: 0 },
  { type: 'block-start', index: 1, block: { type: 'text' } },
  { type: 'text-delta', index: 1, text: 'Hel' },
  { type: 'text-delta', index: 1, text: 'lo' },
  { type: 'block-stop', index: 1 },
  { type: 'block-start', index: 2, block: { type: 'tool-call', id: 'call_1', name: 'read' } },
  { type: 'arguments-delta', index: 2, json: '{"pa' },
  { type: 'signature', index: 2, vendor: 'gemini', signature: 'GSIG' },
  { type: 'arguments-delta', index: 2, json: 'th":"a.ts"}' },
  { type: 'block-stop', index: 2 },
  { type: 'finish', reason: 'tool_calls', usage },
];

function encodeAll(events: AnswerEvent[], framing?: GeminiStreamFraming): string {
  const encoder = createGeminiStreamEncoder(contextFor(framing));
  return events.map((event) => encoder.push(event)).join('') + encoder.finish();
}

/** The SSE text's data payloads, parsed (the framing is checked by the SDK test). */
function sseChunks(text: string): Array<Record<string, unknown>> {
  expect(text.endsWith('\r\n\r\n')).toBe(true);
  return text
    .split('\r\n\r\n')
    .filter((event) => event !== '')
    .map((event) => {
      expect(event.startsWith('data: ')).toBe(true);
      return JSON.parse(event.slice('data: '.length)) as Record<string, unknown>;
    });
}

type Chunk = {
  candidates: Array<{ content: { parts: Array<Record<string, unknown>> }; finishReason?: string }>;
  usageMetadata?: Record<string, number>;
};

describe('createGeminiStreamEncoder', () => {
  it('writes one chunk per delta, the calls with the finish and usage last (SSE)', () => {
    const chunks = sseChunks(encodeAll(answer)) as Chunk[];
    const parts = chunks.map((chunk) => chunk.candidates[0]?.content.parts);
    expect(parts).toEqual([
      [{ text: 'Let me ', thought: true }],
      [{ text: 'think.', thought: true }],
      [{ text: '', thought: true, thoughtSignature: wrapForeignSignature('none', '') }],
      [{ text: 'Hel' }],
      [{ text: 'lo' }],
      [{ functionCall: { id: 'call_1', name: 'read', args: { path: 'a.ts' } }, thoughtSignature: 'GSIG' }],
    ]);
    expect(chunks.slice(0, -1).every((chunk) => chunk.usageMetadata === undefined)).toBe(true);
    expect(chunks.slice(0, -1).every((chunk) => chunk.candidates[0]?.finishReason === undefined)).toBe(true);
    const last = chunks.at(-1);
    expect(last?.candidates[0]?.finishReason).toBe('STOP');
    expect(last?.usageMetadata).toEqual({
      promptTokenCount: 9,
      candidatesTokenCount: 4,
      thoughtsTokenCount: 2,
      totalTokenCount: 15,
    });
    expect(chunks.every((chunk) => (chunk as Record<string, unknown>).modelVersion === 'public-model')).toBe(
      true,
    );
  });

  it('writes the JSON array Google streams without alt=sse', () => {
    const text = encodeAll(answer, 'json-array');
    expect(text.startsWith('[{')).toBe(true);
    expect(text).toContain('},\r\n{');
    const chunks = JSON.parse(text) as Chunk[];
    expect(chunks).toEqual(sseChunks(encodeAll(answer, 'sse')));
  });

  it('closes an empty JSON array stream with a finish chunk', () => {
    const chunks = JSON.parse(encodeAll([], 'json-array')) as Chunk[];
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.candidates[0]?.finishReason).toBe('STOP');
  });

  it('puts a call still open at finish, and its arguments, on the last chunk', () => {
    const chunks = sseChunks(
      encodeAll([
        { type: 'block-start', index: 0, block: { type: 'tool-call', id: 'c', name: 'f' } },
        { type: 'arguments-delta', index: 0, json: '{"a":[1,2]}' },
        { type: 'finish', reason: 'length', usage: undefined },
      ]),
    ) as Chunk[];
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.candidates[0]).toMatchObject({
      content: { parts: [{ functionCall: { id: 'c', name: 'f', args: { a: [1, 2] } } }] },
      finishReason: 'MAX_TOKENS',
    });
  });

  it("wraps another vendor's signatures and keeps Gemini's raw", () => {
    const chunks = sseChunks(
      encodeAll([
        { type: 'block-start', index: 0, block: { type: 'thinking' } },
        { type: 'thinking-delta', index: 0, text: 'x' },
        { type: 'signature', index: 0, vendor: 'anthropic', signature: 'ASIG' },
        { type: 'block-stop', index: 0 },
        {
          type: 'block-start',
          index: 1,
          block: { type: 'redacted-thinking', data: 'ENC', vendor: 'anthropic' },
        },
        { type: 'block-stop', index: 1 },
        { type: 'block-start', index: 2, block: { type: 'text' } },
        { type: 'text-delta', index: 2, text: 'ok' },
        { type: 'signature', index: 2, vendor: 'gemini', signature: 'GTEXT' },
        { type: 'finish', reason: 'stop', usage: undefined },
      ]),
    ) as Chunk[];
    const parts = chunks.flatMap((chunk) => chunk.candidates[0]?.content.parts ?? []);
    expect(unwrapForeignSignature(String(parts[1]?.thoughtSignature))).toEqual({
      vendor: 'anthropic',
      signature: 'ASIG',
    });
    expect(unwrapForeignSignature(String(parts[2]?.thoughtSignature))).toEqual({
      vendor: 'anthropic',
      signature: 'ENC',
    });
    expect(parts[4]).toEqual({ text: '', thoughtSignature: 'GTEXT' });
    // A signed thought gets no `none` signature on its stop.
    expect(parts.filter((part) => part.thoughtSignature === wrapForeignSignature('none', ''))).toEqual([]);
  });

  it('fails with an error event (SSE) and ends nothing after it', () => {
    const encoder = createGeminiStreamEncoder(contextFor('sse'));
    encoder.push({ type: 'block-start', index: 0, block: { type: 'text' } });
    encoder.push({ type: 'text-delta', index: 0, text: 'Hi' });
    const failure = encoder.fail({ status: 503, type: 'server_error', message: 'No deployment left' });
    expect(sseChunks(failure)).toEqual([
      { error: { code: 503, message: 'No deployment left', status: 'UNAVAILABLE' } },
    ]);
    expect(encoder.push({ type: 'text-delta', index: 0, text: 'more' })).toBe('');
    expect(encoder.finish()).toBe('');
  });

  it('fails as the JSON array last element', () => {
    const encoder = createGeminiStreamEncoder(contextFor('json-array'));
    let text = encoder.push({ type: 'block-start', index: 0, block: { type: 'text' } });
    text += encoder.push({ type: 'text-delta', index: 0, text: 'Hi' });
    text += encoder.fail({ status: 429, type: 'rate_limit_error', message: 'Slow down' });
    const elements = JSON.parse(text) as unknown[];
    expect(elements).toHaveLength(2);
    expect(elements[1]).toEqual({ error: { code: 429, message: 'Slow down', status: 'RESOURCE_EXHAUSTED' } });
  });

  it('fails before any chunk as a one-element JSON array', () => {
    const encoder = createGeminiStreamEncoder(contextFor('json-array'));
    const text = encoder.fail({ status: 500, type: 'server_error', message: 'boom' });
    expect(JSON.parse(text)).toEqual([{ error: { code: 500, message: 'boom', status: 'INTERNAL' } }]);
  });
});

describe('read by @google/genai', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('generateContentStream reads the SSE stream', async () => {
    const text = encodeAll(answer, 'sse');
    let url = '';
    vi.stubGlobal('fetch', async (input: string | URL | Request) => {
      url = String(input instanceof Request ? input.url : input);
      return new Response(text, { headers: { 'content-type': 'text/event-stream' } });
    });
    const client = new GoogleGenAI({ apiKey: 'test', httpOptions: { baseUrl: 'http://gateway.test' } });
    const stream = await client.models.generateContentStream({ model: 'public-model', contents: 'Hi' });
    const texts: string[] = [];
    const calls: unknown[] = [];
    let finishReason: string | undefined;
    let thoughtsTokenCount: number | undefined;
    for await (const chunk of stream) {
      for (const part of chunk.candidates?.[0]?.content?.parts ?? []) {
        if (part.text && !part.thought) texts.push(part.text);
        if (part.functionCall) calls.push(part.functionCall);
      }
      finishReason = chunk.candidates?.[0]?.finishReason ?? finishReason;
      thoughtsTokenCount = chunk.usageMetadata?.thoughtsTokenCount ?? thoughtsTokenCount;
    }
    expect(url).toContain(':streamGenerateContent?alt=sse');
    expect(texts.join('')).toBe('Hello');
    expect(calls).toEqual([{ id: 'call_1', name: 'read', args: { path: 'a.ts' } }]);
    expect(finishReason).toBe('STOP');
    expect(thoughtsTokenCount).toBe(2);
  });

  it('generateContentStream throws on a mid-stream error event', async () => {
    const encoder = createGeminiStreamEncoder(contextFor('sse'));
    const text =
      encoder.push({ type: 'block-start', index: 0, block: { type: 'text' } }) +
      encoder.push({ type: 'text-delta', index: 0, text: 'Hi' }) +
      encoder.fail({ status: 500, type: 'server_error', message: 'upstream died' });
    vi.stubGlobal(
      'fetch',
      async () => new Response(text, { headers: { 'content-type': 'text/event-stream' } }),
    );
    const client = new GoogleGenAI({ apiKey: 'test', httpOptions: { baseUrl: 'http://gateway.test' } });
    const stream = await client.models.generateContentStream({ model: 'public-model', contents: 'Hi' });
    await expect(
      (async () => {
        for await (const _chunk of stream) {
          // drain
        }
      })(),
    ).rejects.toThrow(/upstream died/);
  });
});

type Part = Record<string, unknown>;

/**
 * What a client that keeps a streamed answer has at the end (the way @google/genai's chat history joins
 * chunks): consecutive text (or thought) parts joined, a signature closing the part it follows, empty unsigned
 * text left out.
 */
function joinStreamedParts(chunks: Chunk[]): Part[] {
  const joined: Array<Part & { closed?: boolean }> = [];
  for (const part of chunks.flatMap((chunk) => chunk.candidates[0]?.content.parts ?? [])) {
    if (part.functionCall !== undefined) {
      joined.push({ ...part, closed: true });
      continue;
    }
    const last = joined.at(-1);
    if (last !== undefined && !last.closed && last.thought === part.thought) {
      last.text = `${String(last.text)}${String(part.text)}`;
      if (part.thoughtSignature !== undefined) {
        last.thoughtSignature = part.thoughtSignature;
        last.closed = true;
      }
    } else if (part.text !== '' || part.thoughtSignature !== undefined)
      joined.push({ ...part, closed: part.thoughtSignature !== undefined });
  }
  return joined.map(({ closed: _closed, ...part }) => part);
}

function chunkOf(delta: Record<string, unknown>, finishReason: string | null = null) {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk' as const,
    created: 1,
    model: 'upstream',
    choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
  } as unknown as ChatCompletionChunk;
}

describe('the stream joined equals the whole answer', () => {
  const cases: Array<{ name: string; completion: ChatCompletion; chunks: ChatCompletionChunk[] }> = [
    {
      name: 'unsigned reasoning and text',
      completion: wholeAnswer({ content: 'Hello', reasoning_content: 'Let me think.' }, 'stop'),
      chunks: [
        chunkOf({ role: 'assistant', reasoning_content: 'Let me ' }),
        chunkOf({ reasoning_content: 'think.' }),
        chunkOf({ content: 'Hel' }),
        chunkOf({ content: 'lo' }),
        chunkOf({}, 'stop'),
      ],
    },
    {
      name: 'a Gemini-signed call after text',
      completion: wholeAnswer(
        {
          content: 'Reading.',
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'read', arguments: '{"path":"a.ts"}' },
              extra_content: { google: { thought_signature: 'GSIG' } },
            },
          ],
        },
        'tool_calls',
      ),
      chunks: [
        chunkOf({ role: 'assistant', content: 'Reading.' }),
        chunkOf({
          tool_calls: [
            {
              index: 0,
              id: 'call_1',
              type: 'function',
              function: { name: 'read', arguments: '{"pa' },
              extra_content: { google: { thought_signature: 'GSIG' } },
            },
          ],
        }),
        chunkOf({ tool_calls: [{ index: 0, function: { arguments: 'th":"a.ts"}' } }] }),
        chunkOf({}, 'tool_calls'),
      ],
    },
  ];

  for (const { name, completion, chunks } of cases) {
    it(name, () => {
      const whole = JSON.parse(encodeGeminiResponse(completion, contextFor())) as Chunk;
      const blocks = createChunkBlockifier();
      const encoder = createGeminiStreamEncoder(contextFor('sse'));
      let text = '';
      for (const chunk of chunks) for (const event of blocks.push(chunk)) text += encoder.push(event);
      for (const event of blocks.finish()) text += encoder.push(event);
      text += encoder.finish();
      const streamed = sseChunks(text) as Chunk[];
      expect(joinStreamedParts(streamed)).toEqual(whole.candidates[0]?.content.parts);
      expect(streamed.at(-1)?.candidates[0]?.finishReason).toBe(whole.candidates[0]?.finishReason);
    });
  }
});

function wholeAnswer(message: Record<string, unknown>, finishReason: 'stop' | 'tool_calls'): ChatCompletion {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'upstream',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: null, refusal: null, ...message },
        logprobs: null,
        finish_reason: finishReason,
      },
    ],
  } as ChatCompletion;
}
