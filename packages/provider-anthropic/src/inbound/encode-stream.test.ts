import Anthropic from '@anthropic-ai/sdk';
import type { ChatCompletion, ChatCompletionChunk } from '@llmux/contract';
import {
  type AnswerEvent,
  createChunkBlockifier,
  type InboundContext,
  unwrapForeignSignature,
  wrapForeignSignature,
} from '@llmux/provider-kit';
import { describe, expect, it } from 'vitest';
import { encodeAnthropicResponse } from './encode-response.js';
import { anthropicPing, createAnthropicStreamEncoder } from './encode-stream.js';

const context: InboundContext = {
  responseId: 'msg_gateway1',
  created: 1_700_000_000,
  publicModel: 'public-model',
  request: {},
};

function encode(events: AnswerEvent[]): string {
  const encoder = createAnthropicStreamEncoder(context);
  return events.map((event) => encoder.push(event)).join('') + encoder.finish();
}

/** The official SDK reading our text as if Anthropic had sent it. */
function clientAnswering(text: string): Anthropic {
  return new Anthropic({
    apiKey: 'sk-ant-test',
    maxRetries: 0,
    fetch: async () =>
      new Response(text, {
        status: 200,
        headers: { 'content-type': 'text/event-stream', 'request-id': 'req_1' },
      }),
  });
}

function readWithSdk(text: string) {
  return clientAnswering(text)
    .messages.stream({ model: 'public-model', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] })
    .finalMessage();
}

interface Frame {
  event: string;
  data: Record<string, unknown>;
}

function frames(text: string): Frame[] {
  expect(text.endsWith('\n\n')).toBe(true);
  return text
    .split('\n\n')
    .filter((part) => part !== '')
    .map((part) => {
      const [eventLine, dataLine, ...rest] = part.split('\n');
      expect(rest).toEqual([]);
      expect(eventLine).toMatch(/^event: /);
      expect(dataLine).toMatch(/^data: /);
      const data = JSON.parse((dataLine ?? '').slice('data: '.length)) as Record<string, unknown>;
      const event = (eventLine ?? '').slice('event: '.length);
      expect(data.type).toBe(event);
      return { event, data };
    });
}

/** `content_block_*` frames as `type@index[:detail]`, for order assertions. */
function outline(text: string): string[] {
  return frames(text).map(({ event, data }) => {
    if (event === 'content_block_start') {
      const block = data.content_block as { type: string };
      return `start@${data.index}:${block.type}`;
    }
    if (event === 'content_block_delta') return `${(data.delta as { type: string }).type}@${data.index}`;
    if (event === 'content_block_stop') return `stop@${data.index}`;
    return event;
  });
}

const usage = {
  prompt_tokens: 120,
  completion_tokens: 30,
  total_tokens: 150,
  prompt_tokens_details: { cached_tokens: 100 },
};

describe('createAnthropicStreamEncoder', () => {
  it('opens with message_start (gateway id, public model, zero usage) and one ping', () => {
    const encoder = createAnthropicStreamEncoder(context);
    const text = encoder.push({ type: 'block-start', index: 0, block: { type: 'text' } });
    const [start, ping] = frames(text);
    expect(start?.data).toEqual({
      type: 'message_start',
      message: {
        id: 'msg_gateway1',
        type: 'message',
        role: 'assistant',
        model: 'public-model',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: 0,
          output_tokens: 0,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
        },
      },
    });
    expect(ping).toEqual({ event: 'ping', data: { type: 'ping' } });
    expect(text).toContain(anthropicPing);
    expect(encoder.push({ type: 'text-delta', index: 0, text: 'a' })).not.toContain('message_start');
  });

  it('streams a text answer the SDK assembles, with stop reason and the final usage', async () => {
    const text = encode([
      { type: 'block-start', index: 0, block: { type: 'text' } },
      { type: 'text-delta', index: 0, text: 'Hello' },
      { type: 'text-delta', index: 0, text: ', world' },
      { type: 'block-stop', index: 0 },
      { type: 'finish', reason: 'length', usage },
    ]);
    expect(outline(text)).toEqual([
      'message_start',
      'ping',
      'start@0:text',
      'text_delta@0',
      'text_delta@0',
      'stop@0',
      'message_delta',
      'message_stop',
    ]);
    const message = await readWithSdk(text);
    expect(message.id).toBe('msg_gateway1');
    expect(message.model).toBe('public-model');
    expect(message.content).toEqual([{ type: 'text', text: 'Hello, world' }]);
    expect(message.stop_reason).toBe('max_tokens');
    expect(message.usage).toMatchObject({
      input_tokens: 20,
      output_tokens: 30,
      cache_read_input_tokens: 100,
      cache_creation_input_tokens: 0,
    });
  });

  it('keeps an Anthropic thinking signature, gives unsigned thinking the none signature', async () => {
    const text = encode([
      { type: 'block-start', index: 0, block: { type: 'thinking' } },
      { type: 'thinking-delta', index: 0, text: 'Let me think' },
      { type: 'signature', index: 0, vendor: 'anthropic', signature: 'EqQBsig' },
      { type: 'block-stop', index: 0 },
      { type: 'block-start', index: 1, block: { type: 'thinking' } },
      { type: 'thinking-delta', index: 1, text: 'DeepSeek reasons' },
      { type: 'block-stop', index: 1 },
      { type: 'block-start', index: 2, block: { type: 'text' } },
      { type: 'text-delta', index: 2, text: 'Done' },
      { type: 'block-stop', index: 2 },
      { type: 'finish', reason: 'stop', usage },
    ]);
    expect(outline(text).slice(2, 11)).toEqual([
      'start@0:thinking',
      'thinking_delta@0',
      'signature_delta@0',
      'stop@0',
      'start@1:thinking',
      'thinking_delta@1',
      'signature_delta@1',
      'stop@1',
      'start@2:text',
    ]);
    const message = await readWithSdk(text);
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'thinking', 'text']);
    expect(message.content[0]).toEqual({ type: 'thinking', thinking: 'Let me think', signature: 'EqQBsig' });
    expect(message.content[1]).toEqual({
      type: 'thinking',
      thinking: 'DeepSeek reasons',
      signature: wrapForeignSignature('none', ''),
    });
    expect(message.stop_reason).toBe('end_turn');
  });

  it('wraps a Gemini thinking signature', async () => {
    const message = await readWithSdk(
      encode([
        { type: 'block-start', index: 0, block: { type: 'thinking' } },
        { type: 'thinking-delta', index: 0, text: 'hm' },
        { type: 'signature', index: 0, vendor: 'gemini', signature: 'g-sig' },
        { type: 'block-stop', index: 0 },
        { type: 'finish', reason: 'stop', usage: undefined },
      ]),
    );
    const block = message.content[0];
    expect(block?.type).toBe('thinking');
    expect(unwrapForeignSignature(block?.type === 'thinking' ? block.signature : '')).toEqual({
      vendor: 'gemini',
      signature: 'g-sig',
    });
  });

  it('puts a Gemini-signed tool call behind a thinking block carrying its signature, indexes contiguous', async () => {
    const text = encode([
      { type: 'block-start', index: 0, block: { type: 'text' } },
      { type: 'text-delta', index: 0, text: 'Checking' },
      { type: 'block-stop', index: 0 },
      { type: 'block-start', index: 1, block: { type: 'tool-call', id: 'call_1', name: 'get_weather' } },
      { type: 'signature', index: 1, vendor: 'gemini', signature: 'sig-one' },
      { type: 'arguments-delta', index: 1, json: '{"city":' },
      { type: 'arguments-delta', index: 1, json: '"Paris"}' },
      { type: 'block-stop', index: 1 },
      { type: 'block-start', index: 2, block: { type: 'tool-call', id: 'call_2', name: 'get_time' } },
      { type: 'arguments-delta', index: 2, json: '{}' },
      { type: 'block-stop', index: 2 },
      { type: 'finish', reason: 'tool_calls', usage },
    ]);
    expect(outline(text).slice(2, -2)).toEqual([
      'start@0:text',
      'text_delta@0',
      'stop@0',
      'start@1:thinking',
      'signature_delta@1',
      'stop@1',
      'start@2:tool_use',
      'input_json_delta@2',
      'input_json_delta@2',
      'stop@2',
      'start@3:tool_use',
      'input_json_delta@3',
      'stop@3',
    ]);
    const message = await readWithSdk(text);
    expect(message.content).toEqual([
      { type: 'text', text: 'Checking' },
      { type: 'thinking', thinking: '', signature: wrapForeignSignature('gemini', 'sig-one') },
      { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'call_2', name: 'get_time', input: {} },
    ]);
    expect(message.stop_reason).toBe('tool_use');
  });

  it('starts a tool call without arguments at its stop', async () => {
    const text = encode([
      { type: 'block-start', index: 0, block: { type: 'tool-call', id: 'call_9', name: 'noop' } },
      { type: 'block-stop', index: 0 },
      { type: 'finish', reason: 'tool_calls', usage: undefined },
    ]);
    expect(outline(text).slice(2, -2)).toEqual(['start@0:tool_use', 'stop@0']);
    const message = await readWithSdk(text);
    expect(message.content).toEqual([{ type: 'tool_use', id: 'call_9', name: 'noop', input: {} }]);
  });

  it('keeps Anthropic redacted thinking, turns another vendor’s into a signed thinking block', async () => {
    const message = await readWithSdk(
      encode([
        {
          type: 'block-start',
          index: 0,
          block: { type: 'redacted-thinking', data: 'RU5D', vendor: 'anthropic' },
        },
        { type: 'block-stop', index: 0 },
        {
          type: 'block-start',
          index: 1,
          block: { type: 'redacted-thinking', data: 'oai-enc', vendor: 'openai' },
        },
        { type: 'block-stop', index: 1 },
        { type: 'finish', reason: 'stop', usage: undefined },
      ]),
    );
    expect(message.content).toEqual([
      { type: 'redacted_thinking', data: 'RU5D' },
      { type: 'thinking', thinking: '', signature: wrapForeignSignature('openai', 'oai-enc') },
    ]);
  });

  it('writes a refusal as text with stop_reason refusal', async () => {
    const message = await readWithSdk(
      encode([
        { type: 'block-start', index: 0, block: { type: 'refusal' } },
        { type: 'text-delta', index: 0, text: 'I cannot help with that.' },
        { type: 'block-stop', index: 0 },
        { type: 'finish', reason: 'content_filter', usage: undefined },
      ]),
    );
    expect(message.content).toEqual([{ type: 'text', text: 'I cannot help with that.' }]);
    expect(message.stop_reason).toBe('refusal');
  });

  it('closes blocks left open and finishes an answer that had no finish event', () => {
    const encoder = createAnthropicStreamEncoder(context);
    const text =
      encoder.push({ type: 'block-start', index: 0, block: { type: 'thinking' } }) +
      encoder.push({ type: 'thinking-delta', index: 0, text: 'x' }) +
      encoder.finish();
    expect(outline(text)).toEqual([
      'message_start',
      'ping',
      'start@0:thinking',
      'thinking_delta@0',
      'signature_delta@0',
      'stop@0',
      'message_delta',
      'message_stop',
    ]);
  });

  it('drops a signature that comes after its tool call started (no place is left for it), unbound methods work', () => {
    const { push, finish } = createAnthropicStreamEncoder(context);
    const text =
      push({ type: 'block-start', index: 0, block: { type: 'tool-call', id: 'c', name: 'f' } }) +
      push({ type: 'arguments-delta', index: 0, json: '{}' }) +
      push({ type: 'signature', index: 0, vendor: 'gemini', signature: 'late' }) +
      push({ type: 'block-stop', index: 0 }) +
      finish();
    expect(outline(text).slice(2, -2)).toEqual(['start@0:tool_use', 'input_json_delta@0', 'stop@0']);
  });

  it('fails mid-stream with an error event the SDK throws as Anthropic’s', async () => {
    const encoder = createAnthropicStreamEncoder(context);
    const text =
      encoder.push({ type: 'block-start', index: 0, block: { type: 'text' } }) +
      encoder.push({ type: 'text-delta', index: 0, text: 'Hel' }) +
      encoder.fail({ status: 529, type: 'server_error', message: 'Overloaded' });
    expect(frames(text).at(-1)).toEqual({
      event: 'error',
      data: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
    });
    const failure = await readWithSdk(text).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Anthropic.APIError);
    expect((failure as InstanceType<typeof Anthropic.APIError>).type).toBe('overloaded_error');
  });
});

describe('stream and whole-answer encoders agree', () => {
  // One answer two ways: as the hub's chunks through provider-kit's blockifier and this encoder, and as a
  // whole completion through encodeAnthropicResponse; the SDK's assembled message must match the whole one.
  const signature = 'gemini-thought-signature';
  const chunks: ChatCompletionChunk[] = [
    chunk({ role: 'assistant', reasoning_content: 'Think ' }),
    chunk({ reasoning_content: 'hard' }),
    chunk({ content: 'Calling the tool.' }),
    chunk({
      tool_calls: [
        {
          index: 0,
          id: 'call_a',
          type: 'function',
          function: { name: 'lookup', arguments: '{"q":' },
          extra_content: { google: { thought_signature: signature } },
        },
      ],
    } as ChatCompletionChunk['choices'][number]['delta']),
    chunk({ tool_calls: [{ index: 0, function: { arguments: '"x"}' } }] }),
    chunk({}, 'tool_calls'),
    { ...chunk({}), choices: [], usage },
  ];
  const whole: ChatCompletion = {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'gemini-3-pro',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: 'Calling the tool.',
          refusal: null,
          reasoning_content: 'Think hard',
          tool_calls: [
            {
              id: 'call_a',
              type: 'function',
              function: { name: 'lookup', arguments: '{"q":"x"}' },
              extra_content: { google: { thought_signature: signature } },
            } as NonNullable<ChatCompletion['choices'][number]['message']['tool_calls']>[number],
          ],
        },
        logprobs: null,
        finish_reason: 'tool_calls',
      },
    ],
    usage,
  };

  it('gives the same blocks, stop reason and usage', async () => {
    const blockifier = createChunkBlockifier();
    const events = [...chunks.flatMap((item) => blockifier.push(item)), ...blockifier.finish()];
    const streamed = await readWithSdk(encode(events));
    const expected = JSON.parse(encodeAnthropicResponse(whole, context)) as Anthropic.Message;
    expect(streamed.content).toEqual(expected.content);
    expect(expected.content.map((block) => block.type)).toEqual(['thinking', 'text', 'thinking', 'tool_use']);
    expect(streamed.stop_reason).toBe(expected.stop_reason);
    expect(streamed.usage).toMatchObject(expected.usage);
  });
});

function chunk(
  delta: ChatCompletionChunk['choices'][number]['delta'],
  finishReason: ChatCompletionChunk['choices'][number]['finish_reason'] = null,
): ChatCompletionChunk {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'gemini-3-pro',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  };
}
