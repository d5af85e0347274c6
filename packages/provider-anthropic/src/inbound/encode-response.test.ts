import type { ChatCompletion, CompletionMessage } from '@llmux/contract';
import type { InboundContext } from '@llmux/provider-kit';
import { unwrapForeignSignature, wrapForeignSignature } from '@llmux/provider-kit';
import { describe, expect, it } from 'vitest';
import { createContext, readFixtureJson } from '../__fixtures__/fixtures.js';
import { convertResponse } from '../convert-response.js';
import { encodeAnthropicResponse, toAnthropicStopReason, toAnthropicUsage } from './encode-response.js';

const context: InboundContext = {
  responseId: 'msg_gateway1',
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
  return JSON.parse(encodeAnthropicResponse(answer, context)) as Record<string, unknown>;
}

describe('encodeAnthropicResponse', () => {
  it('writes the message envelope with the gateway id and the public model', () => {
    expect(encode(completion({ content: 'Hi' }))).toEqual({
      id: 'msg_gateway1',
      type: 'message',
      role: 'assistant',
      model: 'public-model',
      content: [{ type: 'text', text: 'Hi' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: {
        input_tokens: 10,
        output_tokens: 4,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      },
    });
  });

  it('gives unsigned reasoning (DeepSeek-style) one thinking block with the wrapped "none" signature', () => {
    const body = encode(completion({ content: 'answer', reasoning_content: 'let me think' }));
    expect(body.content).toEqual([
      { type: 'thinking', thinking: 'let me think', signature: wrapForeignSignature('none', '') },
      { type: 'text', text: 'answer' },
    ]);
  });

  it('puts a Gemini-signed tool call behind a thinking block that carries the wrapped signature', () => {
    const body = encode(
      completion(
        {
          content: 'Looking.',
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'Read', arguments: '{"path":"a.ts"}' },
              extra_content: { google: { thought_signature: 'R2VtaW5pU2ln' } },
            },
            { id: 'call_2', type: 'function', function: { name: 'Ls', arguments: '' } },
          ],
        },
        'tool_calls',
      ),
    );
    expect(body.content).toEqual([
      { type: 'text', text: 'Looking.' },
      { type: 'thinking', thinking: '', signature: wrapForeignSignature('gemini', 'R2VtaW5pU2ln') },
      { type: 'tool_use', id: 'call_1', name: 'Read', input: { path: 'a.ts' } },
      { type: 'tool_use', id: 'call_2', name: 'Ls', input: {} },
    ]);
    expect(body.stop_reason).toBe('tool_use');
    const thinking = (body.content as Array<{ signature?: string }>)[1]!;
    expect(unwrapForeignSignature(thinking.signature!)).toEqual({
      vendor: 'gemini',
      signature: 'R2VtaW5pU2ln',
    });
  });

  it('turns tool arguments that are not a JSON object into an empty input', () => {
    const body = encode(
      completion(
        {
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'Bash', arguments: '{"command": "ls' } },
            { id: 'call_2', type: 'function', function: { name: 'Bash', arguments: '[1,2]' } },
          ],
        },
        'tool_calls',
      ),
    );
    expect(body.content).toEqual([
      { type: 'tool_use', id: 'call_1', name: 'Bash', input: {} },
      { type: 'tool_use', id: 'call_2', name: 'Bash', input: {} },
    ]);
  });

  it('keeps Anthropic signatures as they are and wraps other vendors’ reasoning details', () => {
    const body = encode(
      completion({
        content: 'ok',
        reasoning_content: 'ab',
        reasoning_details: [
          { type: 'reasoning.text', text: 'a', signature: 'EqQB', format: 'anthropic-claude-v1', index: 0 },
          { type: 'reasoning.encrypted', data: 'RU5D', format: 'anthropic-claude-v1', index: 1 },
          { type: 'reasoning.text', text: 'b', signature: 'g-sig', format: 'google-gemini-v1', index: 2 },
          { type: 'reasoning.encrypted', data: 'oai', format: 'openai-responses-v1', index: 3 },
        ],
      }),
    );
    expect(body.content).toEqual([
      { type: 'thinking', thinking: 'a', signature: 'EqQB' },
      { type: 'redacted_thinking', data: 'RU5D' },
      { type: 'thinking', thinking: 'b', signature: wrapForeignSignature('gemini', 'g-sig') },
      { type: 'thinking', thinking: '', signature: wrapForeignSignature('openai', 'oai') },
      { type: 'text', text: 'ok' },
    ]);
  });

  it('writes a refusal as text with stop_reason refusal', () => {
    const body = encode(completion({ content: null, refusal: 'I cannot help with that.' }, 'content_filter'));
    expect(body.content).toEqual([{ type: 'text', text: 'I cannot help with that.' }]);
    expect(body.stop_reason).toBe('refusal');
  });

  it('answers with empty content and zero usage when the hub has neither', () => {
    const answer = completion({ content: '' }, 'length');
    delete answer.usage;
    expect(encode(answer)).toMatchObject({
      content: [],
      stop_reason: 'max_tokens',
      usage: {
        input_tokens: 0,
        output_tokens: 0,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      },
    });
  });
});

describe('a Claude answer through the hub and back', () => {
  // convertResponse is the adapter's Anthropic → hub direction; encoding its result must give the client
  // the blocks Anthropic sent (signatures included, or the next turn would be rejected).
  it.each([
    'anthropic-text.json',
    'anthropic-clear-thinking.1.json',
    'anthropic-claude-opus-5-reasoning-high.1.json',
    'anthropic-tool-no-args.json',
    'synthetic-parallel-tool-calls.json',
    'synthetic-max-tokens.json',
  ])('%s keeps its content, stop reason and usage', (name) => {
    const original = readFixtureJson(name) as {
      content: unknown[];
      stop_reason: string;
      usage: Record<string, number>;
    };
    const hub = convertResponse(original, createContext());
    const body = encode(hub);
    expect(body.content).toEqual(original.content);
    expect(body.stop_reason).toBe(original.stop_reason);
    expect(body.usage).toEqual({
      input_tokens: original.usage.input_tokens,
      output_tokens: original.usage.output_tokens,
      cache_creation_input_tokens: original.usage.cache_creation_input_tokens,
      cache_read_input_tokens: original.usage.cache_read_input_tokens,
    });
  });

  it('keeps cache reads apart and counts cache writes as input (the hub does not separate them)', () => {
    const hub = convertResponse(readFixtureJson('synthetic-cache-usage.json'), createContext());
    expect(encode(hub).usage).toEqual({
      input_tokens: 12 + 300,
      output_tokens: 3,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 4000,
    });
  });
});

describe('toAnthropicStopReason', () => {
  it.each([
    ['stop', 'end_turn'],
    ['length', 'max_tokens'],
    ['tool_calls', 'tool_use'],
    ['function_call', 'tool_use'],
    ['content_filter', 'refusal'],
    [null, 'end_turn'],
  ] as const)('%s → %s', (reason, expected) => {
    expect(toAnthropicStopReason(reason)).toBe(expected);
  });
});

describe('toAnthropicUsage', () => {
  it('moves cached tokens out of input_tokens into cache_read_input_tokens', () => {
    expect(
      toAnthropicUsage({
        prompt_tokens: 1000,
        completion_tokens: 50,
        total_tokens: 1050,
        prompt_tokens_details: { cached_tokens: 800 },
      }),
    ).toEqual({
      input_tokens: 200,
      output_tokens: 50,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 800,
    });
  });

  it('never reports negative input when a vendor claims more cached than prompt tokens', () => {
    expect(
      toAnthropicUsage({
        prompt_tokens: 5,
        completion_tokens: 1,
        total_tokens: 6,
        prompt_tokens_details: { cached_tokens: 9 },
      }),
    ).toMatchObject({ input_tokens: 0, cache_read_input_tokens: 5 });
  });
});
