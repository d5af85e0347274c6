import { GoogleGenAI } from '@google/genai';
import type { UpstreamTarget } from '@llmux/provider-kit';
import { ProviderError, wrapForeignSignature } from '@llmux/provider-kit';
import type { SseEvent } from '@llmux/sse';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SKIP_THOUGHT_SIGNATURE } from '../convert-request.js';
import { createGeminiNativeRelay } from './native-relay.js';

const target: UpstreamTarget = {
  publicModel: 'gemini-3-pro',
  upstreamModel: 'gemini-3-pro-preview',
  baseUrl: 'https://generativelanguage.example/',
  apiKey: 'AIza-upstream',
  maxOutputTokens: 64_000,
  capabilities: {
    tools: true,
    vision: true,
    jsonMode: true,
    jsonSchema: true,
    reasoning: true,
    nativeN: false,
    penalties: false,
    stop: true,
    seed: false,
    logprobs: false,
    logitBias: false,
    temperature: { min: 0, max: 2 },
    topP: true,
    parallelToolCalls: true,
    toolChoiceRequired: true,
    reasoningEffort: ['low', 'high'],
    streamUsage: true,
  },
};

const relay = createGeminiNativeRelay();
const event = (data: unknown): SseEvent => ({ data: JSON.stringify(data), event: undefined, id: undefined });
const usageMetadata = {
  promptTokenCount: 8,
  candidatesTokenCount: 3,
  thoughtsTokenCount: 2,
  totalTokenCount: 13,
};

describe('createGeminiNativeRelay: request', () => {
  const body = {
    contents: [{ role: 'user', parts: [{ text: 'Hi' }] }],
    generationConfig: { temperature: 0.2 },
  };

  it.each([
    [false, 'generate', 'gemini-3-pro-preview:generateContent'],
    [true, 'generate', 'gemini-3-pro-preview:streamGenerateContent?alt=sse'],
    [false, 'count-tokens', 'gemini-3-pro-preview:countTokens'],
  ] as const)('stream %s %s → %s', (stream, operation, path) => {
    const upstream = relay.request(
      { body, framing: 'json-array' },
      target,
      { 'x-goog-api-key': 'gateway-key' },
      {
        stream,
        operation,
      },
    );
    expect(upstream.url).toBe(`https://generativelanguage.example/v1beta/models/${path}`);
    expect(upstream.headers['x-goog-api-key']).toBe('AIza-upstream');
    expect(upstream.stream).toBe(stream);
    expect(upstream.body).toEqual(body);
  });

  it("drops another vendor's thoughts, unwraps Gemini's signatures, and keeps a call signed", () => {
    const upstream = relay.request(
      {
        body: {
          contents: [
            { role: 'user', parts: [{ text: 'Hi' }] },
            {
              role: 'model',
              parts: [
                { text: 'hmm', thought: true, thoughtSignature: wrapForeignSignature('anthropic', 'ASIG') },
                { text: '', thought: true, thoughtSignature: wrapForeignSignature('none', '') },
                { text: 'Sure', thoughtSignature: wrapForeignSignature('gemini', 'GSIG') },
                {
                  functionCall: { name: 'f', args: {} },
                  thoughtSignature: wrapForeignSignature('openai', 'O'),
                },
                { functionCall: { name: 'g', args: {} }, thoughtSignature: 'RAW' },
              ],
            },
            {
              role: 'model',
              parts: [{ text: '', thought: true, thoughtSignature: wrapForeignSignature('none', '') }],
            },
          ],
        },
      },
      target,
      {},
      { stream: false, operation: 'generate' },
    );
    expect(upstream.body.contents).toEqual([
      { role: 'user', parts: [{ text: 'Hi' }] },
      {
        role: 'model',
        parts: [
          { text: 'Sure', thoughtSignature: 'GSIG' },
          { functionCall: { name: 'f', args: {} }, thoughtSignature: SKIP_THOUGHT_SIGNATURE },
          { functionCall: { name: 'g', args: {} }, thoughtSignature: 'RAW' },
        ],
      },
    ]);
  });

  it("names the upstream model in countTokens' generateContentRequest", () => {
    const upstream = relay.request(
      { body: { generateContentRequest: { model: 'models/gemini-3-pro', contents: [] } } },
      target,
      {},
      { stream: false, operation: 'count-tokens' },
    );
    expect(upstream.body).toEqual({
      generateContentRequest: { model: 'models/gemini-3-pro-preview', contents: [] },
    });
  });
});

describe('createGeminiNativeRelay: response', () => {
  it('rewrites modelVersion and reads usage', () => {
    const relayed = relay.response(
      JSON.stringify({
        candidates: [],
        usageMetadata,
        modelVersion: 'gemini-3-pro-preview',
        responseId: 'r',
      }),
      'gemini-3-pro',
    );
    expect(JSON.parse(relayed.text).modelVersion).toBe('gemini-3-pro');
    expect(relayed.usage).toMatchObject({ prompt_tokens: 8, completion_tokens: 5, total_tokens: 13 });
  });

  it('passes countTokens and unreadable answers through', () => {
    expect(relay.response('{"totalTokens":12}', 'm')).toEqual({
      text: '{"totalTokens":12}',
      usage: undefined,
    });
    expect(relay.response('not json', 'm')).toEqual({ text: 'not json', usage: undefined });
  });
});

const upstreamChunks = [
  { candidates: [{ content: { role: 'model', parts: [{ text: 'Hel' }] }, index: 0 }], modelVersion: 'up' },
  {
    candidates: [{ content: { role: 'model', parts: [{ text: 'lo' }] }, finishReason: 'STOP', index: 0 }],
    usageMetadata,
    modelVersion: 'up',
  },
];

describe('createGeminiNativeRelay: stream', () => {
  it('re-frames SSE as SSE with the public model and reads usage', () => {
    const stream = relay.stream('gemini-3-pro', { framing: 'sse' });
    const text = upstreamChunks.map((chunk) => stream.push(event(chunk))).join('') + stream.finish();
    const chunks = text
      .split('\r\n\r\n')
      .filter((part) => part !== '')
      .map((part) => JSON.parse(part.slice('data: '.length)));
    expect(chunks).toEqual(upstreamChunks.map((chunk) => ({ ...chunk, modelVersion: 'gemini-3-pro' })));
    expect(stream.usage).toMatchObject({ prompt_tokens: 8, completion_tokens: 5 });
  });

  it('re-frames SSE as the JSON array', () => {
    const stream = relay.stream('gemini-3-pro', { framing: 'json-array' });
    const text = upstreamChunks.map((chunk) => stream.push(event(chunk))).join('') + stream.finish();
    expect(JSON.parse(text)).toEqual(
      upstreamChunks.map((chunk) => ({ ...chunk, modelVersion: 'gemini-3-pro' })),
    );
  });

  it('throws the adapter error for an error chunk before any content', () => {
    const stream = relay.stream('m', { framing: 'sse' });
    const failure = (() => {
      try {
        stream.push(event({ error: { code: 429, message: 'quota', status: 'RESOURCE_EXHAUSTED' } }));
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(ProviderError);
    expect((failure as ProviderError).status).toBe(429);
  });

  it('passes an error chunk after content on, as the JSON array last element', () => {
    const stream = relay.stream('m', { framing: 'json-array' });
    let text = stream.push(event(upstreamChunks[0]));
    text += stream.push(event({ error: { code: 500, message: 'died', status: 'INTERNAL' } }));
    text += stream.finish();
    const elements = JSON.parse(text) as unknown[];
    expect(elements).toHaveLength(2);
    expect(elements[1]).toEqual({ error: { code: 500, message: 'died', status: 'INTERNAL' } });
  });

  it('throws upstreamStreamCut when the stream ends without a finishReason', () => {
    const stream = relay.stream('m', { framing: 'sse' });
    stream.push(event(upstreamChunks[0]));
    expect(() => stream.finish()).toThrow(expect.objectContaining({ code: 'upstream_stream_incomplete' }));
  });

  it('throws for a chunk that is not JSON', () => {
    const stream = relay.stream('m');
    expect(() => stream.push({ data: '{oops', event: undefined, id: undefined })).toThrow(ProviderError);
  });
});

describe('read by @google/genai', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('generateContentStream reads the relayed stream', async () => {
    const stream = relay.stream('gemini-3-pro', { framing: 'sse' });
    const text = upstreamChunks.map((chunk) => stream.push(event(chunk))).join('') + stream.finish();
    vi.stubGlobal(
      'fetch',
      async () => new Response(text, { headers: { 'content-type': 'text/event-stream' } }),
    );
    const client = new GoogleGenAI({ apiKey: 'test', httpOptions: { baseUrl: 'http://gateway.test' } });
    let joined = '';
    let model: string | undefined;
    for await (const chunk of await client.models.generateContentStream({
      model: 'gemini-3-pro',
      contents: 'Hi',
    })) {
      joined += chunk.text ?? '';
      model = chunk.modelVersion;
    }
    expect(joined).toBe('Hello');
    expect(model).toBe('gemini-3-pro');
  });
});
