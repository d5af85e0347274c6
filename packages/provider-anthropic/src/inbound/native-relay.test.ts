import Anthropic from '@anthropic-ai/sdk';
import { isProviderError, wrapForeignSignature } from '@llmux/provider-kit';
import type { SseEvent } from '@llmux/sse';
import { describe, expect, it } from 'vitest';
import { createContext, createTarget, readFixtureEvents, readFixtureText } from '../__fixtures__/fixtures.js';
import { ANTHROPIC_VERSION } from '../anthropic-api.js';
import { createStreamTranslator } from '../convert-stream.js';
import { createAnthropicNativeRelay } from './native-relay.js';

const relay = createAnthropicNativeRelay();
const target = createTarget({ upstreamModel: 'claude-sonnet-4-5-20250929', apiKey: 'sk-ant-deployment' });

/** A `.chunks.txt` recording as the bytes Anthropic sent. */
function framed(events: SseEvent[]): string {
  return events.map((event) => `event: ${event.event}\ndata: ${event.data}\n\n`).join('');
}

function relayStream(
  events: SseEvent[],
  publicModel = 'public-claude',
): { text: string; relayed: ReturnType<typeof relay.stream> } {
  const relayed = relay.stream(publicModel);
  const text = events.map((event) => relayed.push(event)).join('') + relayed.finish();
  return { text, relayed };
}

function streamWithSdk(text: string) {
  const client = new Anthropic({
    apiKey: 'k',
    maxRetries: 0,
    fetch: async () => new Response(text, { headers: { 'content-type': 'text/event-stream' } }),
  });
  return client.messages
    .stream({ model: 'm', max_tokens: 1, messages: [{ role: 'user', content: 'x' }] })
    .finalMessage();
}

/** The usage the adapter's own translator reports for the same recording: both must account the same. */
function translatorUsage(events: SseEvent[]) {
  const translator = createStreamTranslator(createContext(), { wholeToolCalls: false });
  const chunks = [...events.flatMap((event) => translator.push(event)), ...translator.finish()];
  return chunks.at(-1)?.usage;
}

const recordings = [
  'anthropic-text',
  'anthropic-clear-thinking.1',
  'anthropic-json-tool.1',
  'anthropic-tool-no-args',
  'anthropic-refusal',
  'anthropic-message-delta-input-tokens',
  'synthetic-cache-usage',
  'synthetic-parallel-tool-calls',
  'synthetic-max-tokens',
];

describe('createAnthropicNativeRelay: stream', () => {
  it.each(recordings)(
    '%s: bytes out are bytes in but the model id; usage as the adapter reads it',
    async (name) => {
      const events = readFixtureEvents(`${name}.chunks.txt`);
      const input = framed(events);
      const upstreamModel = (JSON.parse(events[0]?.data ?? '{}') as { message: { model: string } }).message
        .model;
      const modelField = `"model":"${upstreamModel}"`;
      expect(input.split(modelField)).toHaveLength(2);
      const { text, relayed } = relayStream(events);
      expect(text).toBe(input.replace(modelField, '"model":"public-claude"'));
      expect(relayed.usage).toEqual(translatorUsage(events));
      expect(relayed.usage?.prompt_tokens).toBeGreaterThan(0);
      const [fromRelay, fromAnthropic] = await Promise.all([streamWithSdk(text), streamWithSdk(input)]);
      expect(fromRelay).toEqual({ ...fromAnthropic, model: 'public-claude' });
    },
  );

  it('counts cache reads and writes into prompt_tokens, cache reads as cached_tokens', () => {
    const { relayed } = relayStream([
      sse({
        type: 'message_start',
        message: {
          id: 'msg_1',
          model: 'claude',
          usage: {
            input_tokens: 5,
            output_tokens: 1,
            cache_read_input_tokens: 100,
            cache_creation_input_tokens: 20,
          },
        },
      }),
      sse({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 9 } }),
      sse({ type: 'message_stop' }),
    ]);
    expect(relayed.usage).toEqual({
      prompt_tokens: 125,
      completion_tokens: 9,
      total_tokens: 134,
      prompt_tokens_details: { cached_tokens: 100 },
    });
  });

  it('throws the cut when the stream ends before message_stop', () => {
    const events = readFixtureEvents('anthropic-text.chunks.txt').filter(
      (event) => event.event !== 'message_stop',
    );
    const relayed = relay.stream('public-claude');
    for (const event of events) relayed.push(event);
    expect(() => relayed.finish()).toThrow(
      expect.objectContaining({ code: 'upstream_stream_incomplete', retryable: true }),
    );
  });

  it('throws an error event seen before any content, retryable when Anthropic was overloaded', () => {
    const relayed = relay.stream('public-claude');
    relayed.push(
      sse({ type: 'message_start', message: { id: 'msg_1', model: 'claude', usage: { input_tokens: 5 } } }),
    );
    relayed.push(sse({ type: 'ping' }));
    let thrown: unknown;
    try {
      relayed.push(sse({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }));
    } catch (error) {
      thrown = error;
    }
    expect(isProviderError(thrown)).toBe(true);
    expect(thrown).toMatchObject({ status: 503, retryable: true });
  });

  it('passes on an error event after content (the client has the beginning)', () => {
    const relayed = relay.stream('public-claude');
    relayed.push(sse({ type: 'message_start', message: { id: 'msg_1', model: 'claude' } }));
    relayed.push(sse({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }));
    const error = sse({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
    expect(relayed.push(error)).toBe(`event: error\ndata: ${error.data}\n\n`);
  });

  it('drops a repeated message_start, throws the cut on a spliced one', () => {
    const duplicate = relayStream(readFixtureEvents('duplicate-message-start.chunks.txt'));
    expect(duplicate.text.split('event: message_start')).toHaveLength(2);
    const relayed = relay.stream('public-claude');
    expect(() => {
      for (const event of readFixtureEvents('spliced-message-start.chunks.txt')) relayed.push(event);
    }).toThrow(expect.objectContaining({ code: 'upstream_stream_incomplete' }));
  });

  it('refuses a message_start that is not JSON', () => {
    expect(() => relay.stream('m').push({ event: 'message_start', data: '{oops' })).toThrow(
      expect.objectContaining({ code: 'upstream_malformed_response' }),
    );
  });
});

describe('createAnthropicNativeRelay: whole answers', () => {
  it('rewrites the model and reads the usage', () => {
    const text = readFixtureText('synthetic-cache-usage.json');
    const relayed = relay.response(text, 'public-claude');
    const original = JSON.parse(text) as Record<string, unknown> & { usage: Record<string, number> };
    expect(JSON.parse(relayed.text)).toEqual({ ...original, model: 'public-claude' });
    const cacheRead = original.usage.cache_read_input_tokens ?? 0;
    const prompt =
      (original.usage.input_tokens ?? 0) + cacheRead + (original.usage.cache_creation_input_tokens ?? 0);
    expect(relayed.usage).toEqual({
      prompt_tokens: prompt,
      completion_tokens: original.usage.output_tokens,
      total_tokens: prompt + (original.usage.output_tokens ?? 0),
      prompt_tokens_details: { cached_tokens: cacheRead },
    });
  });

  it('leaves a count_tokens answer as it is', () => {
    expect(relay.response('{"input_tokens":42}', 'public-claude')).toEqual({
      text: '{"input_tokens":42}',
      usage: undefined,
    });
  });
});

describe('createAnthropicNativeRelay: request', () => {
  const body = {
    model: 'public-claude',
    max_tokens: 1024,
    thinking: { type: 'enabled', budget_tokens: 2048 },
    context_management: { edits: [{ type: 'clear_thinking_20251015' }] },
    metadata: { user_id: 'u1' },
    stream: true,
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'Hi', cache_control: { type: 'ephemeral' } }] },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'gemini thought', signature: wrapForeignSignature('gemini', 'g') },
          { type: 'redacted_thinking', data: wrapForeignSignature('openai', 'enc') },
          { type: 'tool_use', id: 't1', name: 'Bash', input: { command: 'ls' } },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'a b' }] },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'claude thought', signature: 'EqQBanthropic' },
          { type: 'redacted_thinking', data: 'RU5Danthropic' },
          { type: 'text', text: 'Done' },
        ],
      },
      {
        role: 'assistant',
        content: [{ type: 'thinking', thinking: 'x', signature: wrapForeignSignature('none', '') }],
      },
      { role: 'user', content: 'Next' },
    ],
  };

  it('changes only the model and strips thinking the gateway made for other vendors', () => {
    const request = relay.request(body, target, {}, { stream: true, operation: 'generate' });
    expect(request.url).toBe('https://api.anthropic.com/v1/messages');
    expect(request.method).toBe('POST');
    expect(request.stream).toBe(true);
    const { messages, ...rest } = request.body as typeof body;
    const { messages: originalMessages, ...originalRest } = body;
    expect(rest).toEqual({ ...originalRest, model: 'claude-sonnet-4-5-20250929' });
    expect(Object.keys(request.body)).toEqual(Object.keys(body));
    expect(messages).toEqual([
      originalMessages[0],
      { role: 'assistant', content: [originalMessages[1]?.content[2]] },
      originalMessages[2],
      originalMessages[3],
      originalMessages[5],
    ]);
    // Untouched messages are the client's own objects, so they serialise exactly as sent.
    expect(messages[3]).toBe(originalMessages[3]);
  });

  it('passes a conversation without foreign thinking as it is', () => {
    const plain = { model: 'public-claude', max_tokens: 5, messages: [{ role: 'user', content: 'Hi' }] };
    const request = relay.request(plain, target, {}, { stream: false, operation: 'generate' });
    expect(request.body.messages).toBe(plain.messages);
    expect(JSON.stringify(request.body)).toBe(
      JSON.stringify({ ...plain, model: 'claude-sonnet-4-5-20250929' }),
    );
  });

  it('sends the deployment key, the client’s version and betas, never the client’s credentials', () => {
    const request = relay.request(
      body,
      target,
      {
        'x-api-key': 'llmux-gateway-key',
        authorization: 'Bearer llmux-gateway-key',
        'anthropic-version': '2024-01-01',
        'anthropic-beta': 'interleaved-thinking-2025-05-14,context-management-2025-06-27',
        'user-agent': 'claude-cli',
      },
      { stream: true, operation: 'generate' },
    );
    expect(request.headers).toEqual({
      'content-type': 'application/json',
      'x-api-key': 'sk-ant-deployment',
      'anthropic-version': '2024-01-01',
      'anthropic-beta': 'interleaved-thinking-2025-05-14,context-management-2025-06-27',
      accept: 'text/event-stream',
    });
  });

  it('defaults the version, and goes to count_tokens for that operation', () => {
    const request = relay.request(
      { model: 'public-claude', messages: [{ role: 'user', content: 'Hi' }] },
      createTarget({ baseUrl: 'https://proxy.example/anthropic/' }),
      new Headers({ 'x-api-key': 'gateway' }),
      { stream: false, operation: 'count-tokens' },
    );
    expect(request.url).toBe('https://proxy.example/anthropic/v1/messages/count_tokens');
    expect(request.headers).toEqual({
      'content-type': 'application/json',
      'x-api-key': 'sk-ant-test',
      'anthropic-version': ANTHROPIC_VERSION,
    });
    expect(request.stream).toBe(false);
  });

  it('refuses an operation it does not know', () => {
    expect(() => relay.request(body, target, {}, { stream: false, operation: 'batches' as never })).toThrow(
      TypeError,
    );
  });
});

function sse(data: { type: string } & Record<string, unknown>): SseEvent {
  return { event: data.type, data: JSON.stringify(data) };
}
