import { GoogleGenAI } from '@google/genai';
import type { ChatCompletion, CompletionMessage } from '@llmux/contract';
import type { InboundContext } from '@llmux/provider-kit';
import { unwrapForeignSignature, wrapForeignSignature } from '@llmux/provider-kit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodeGeminiResponse, toGeminiFinishReason, toGeminiUsage } from './encode-response.js';

const context: InboundContext = {
  responseId: 'resp_gateway1',
  created: 1_700_000_000,
  publicModel: 'public-model',
  request: {},
};

function completion(
  message: Partial<CompletionMessage> & Record<string, unknown>,
  finishReason: ChatCompletion['choices'][number]['finish_reason'] = 'stop',
  usage: ChatCompletion['usage'] = { prompt_tokens: 10, completion_tokens: 4, total_tokens: 14 },
): ChatCompletion {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'upstream-model',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: null, refusal: null, ...message },
        logprobs: null,
        finish_reason: finishReason,
      },
    ],
    usage,
  };
}

function encode(answer: ChatCompletion): Record<string, unknown> {
  return JSON.parse(encodeGeminiResponse(answer, context)) as Record<string, unknown>;
}

function partsOf(body: Record<string, unknown>): unknown[] {
  const candidates = body.candidates as Array<{ content: { parts: unknown[] } }>;
  return candidates[0]?.content.parts ?? [];
}

describe('encodeGeminiResponse', () => {
  it('writes the response envelope with the gateway id and the public model', () => {
    expect(encode(completion({ content: 'Hi' }))).toEqual({
      candidates: [{ content: { role: 'model', parts: [{ text: 'Hi' }] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: {
        promptTokenCount: 10,
        candidatesTokenCount: 4,
        thoughtsTokenCount: 0,
        totalTokenCount: 14,
      },
      modelVersion: 'public-model',
      responseId: 'resp_gateway1',
    });
  });

  it('gives unsigned reasoning (DeepSeek-style) one thought part with the wrapped "none" signature', () => {
    expect(partsOf(encode(completion({ content: 'answer', reasoning_content: 'let me think' })))).toEqual([
      { text: 'let me think', thought: true, thoughtSignature: wrapForeignSignature('none', '') },
      { text: 'answer' },
    ]);
  });

  it("keeps Gemini's own signatures raw and wraps Anthropic's", () => {
    const parts = partsOf(
      encode(
        completion({
          content: 'Done.',
          reasoning_content: 'ab',
          reasoning_details: [
            { type: 'reasoning.text', text: 'a', signature: 'GSIG', format: 'google-gemini-v1' },
            { type: 'reasoning.text', text: 'b', signature: 'ASIG', format: 'anthropic-claude-v1' },
            { type: 'reasoning.encrypted', data: 'REDACTED', format: 'anthropic-claude-v1' },
          ],
        }),
      ),
    ) as Array<{ text: string; thoughtSignature?: string }>;
    expect(parts.map((part) => part.text)).toEqual(['a', 'b', '', 'Done.']);
    expect(parts[0]?.thoughtSignature).toBe('GSIG');
    expect(unwrapForeignSignature(parts[1]?.thoughtSignature ?? '')).toEqual({
      vendor: 'anthropic',
      signature: 'ASIG',
    });
    expect(unwrapForeignSignature(parts[2]?.thoughtSignature ?? '')).toEqual({
      vendor: 'anthropic',
      signature: 'REDACTED',
    });
  });

  it('writes function calls with object args and their Gemini signature', () => {
    const body = encode(
      completion(
        {
          content: 'Looking.',
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'read', arguments: '{"path":"a.ts"}' },
              extra_content: { google: { thought_signature: 'R2VtaW5pU2ln' } },
            },
            { id: 'call_2', type: 'function', function: { name: 'list', arguments: 'not json' } },
          ],
        },
        'tool_calls',
      ),
    );
    expect(partsOf(body)).toEqual([
      { text: 'Looking.' },
      {
        functionCall: { id: 'call_1', name: 'read', args: { path: 'a.ts' } },
        thoughtSignature: 'R2VtaW5pU2ln',
      },
      { functionCall: { id: 'call_2', name: 'list', args: {} } },
    ]);
    expect((body.candidates as Array<{ finishReason: string }>)[0]?.finishReason).toBe('STOP');
  });

  it('writes a refusal as text', () => {
    expect(partsOf(encode(completion({ refusal: 'I cannot.' }, 'content_filter')))).toEqual([
      { text: 'I cannot.' },
    ]);
  });
});

describe('toGeminiFinishReason', () => {
  it.each([
    ['stop', 'STOP'],
    ['length', 'MAX_TOKENS'],
    ['content_filter', 'SAFETY'],
    ['tool_calls', 'STOP'],
    ['function_call', 'STOP'],
    [null, 'STOP'],
  ] as const)('%s → %s', (reason, expected) => {
    expect(toGeminiFinishReason(reason)).toBe(expected);
  });
});

describe('toGeminiUsage', () => {
  it('takes reasoning out of candidatesTokenCount and reports cached tokens', () => {
    expect(
      toGeminiUsage({
        prompt_tokens: 100,
        completion_tokens: 30,
        total_tokens: 130,
        prompt_tokens_details: { cached_tokens: 60 },
        completion_tokens_details: { reasoning_tokens: 20 },
      }),
    ).toEqual({
      promptTokenCount: 100,
      candidatesTokenCount: 10,
      thoughtsTokenCount: 20,
      totalTokenCount: 130,
      cachedContentTokenCount: 60,
    });
  });

  it('is all zeros without usage', () => {
    expect(toGeminiUsage(undefined)).toEqual({
      promptTokenCount: 0,
      candidatesTokenCount: 0,
      thoughtsTokenCount: 0,
      totalTokenCount: 0,
    });
  });
});

describe('read by @google/genai', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('generateContent reads text, thoughts, calls and usage', async () => {
    const text = encodeGeminiResponse(
      completion(
        {
          content: 'Hello',
          reasoning_content: 'hmm',
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"x":1}' } }],
        },
        'tool_calls',
        {
          prompt_tokens: 7,
          completion_tokens: 5,
          total_tokens: 12,
          completion_tokens_details: { reasoning_tokens: 2 },
        },
      ),
      context,
    );
    vi.stubGlobal(
      'fetch',
      async () => new Response(text, { headers: { 'content-type': 'application/json' } }),
    );
    const client = new GoogleGenAI({ apiKey: 'test', httpOptions: { baseUrl: 'http://gateway.test' } });
    const response = await client.models.generateContent({ model: 'public-model', contents: 'Hi' });
    const parts = response.candidates?.[0]?.content?.parts ?? [];
    expect(parts.filter((part) => part.thought).map((part) => part.text)).toEqual(['hmm']);
    expect(parts.filter((part) => part.text && !part.thought).map((part) => part.text)).toEqual(['Hello']);
    expect(response.functionCalls).toEqual([{ id: 'call_1', name: 'f', args: { x: 1 } }]);
    expect(response.candidates?.[0]?.finishReason).toBe('STOP');
    expect(response.usageMetadata?.thoughtsTokenCount).toBe(2);
    expect(response.usageMetadata?.candidatesTokenCount).toBe(3);
    expect(response.modelVersion).toBe('public-model');
    expect(response.responseId).toBe('resp_gateway1');
  });
});
