import { type ChatCompletionChunk, chatCompletionChunkSchema } from '@llmux/contract';
import { ProviderError } from '@llmux/provider-kit';
import type { SseEvent } from '@llmux/sse';
import { describe, expect, it } from 'vitest';
import { createChatStreamTranslator } from './convert-stream.js';
import { createContext, readChunkEvents } from './fixture-helpers.js';
import { openAIChatDialect } from './openai-chat-dialect.js';

const fixtureUrl = (name: string) => new URL(`./__fixtures__/${name}`, import.meta.url);

function translate(events: SseEvent[]): ChatCompletionChunk[] {
  const translator = createChatStreamTranslator(createContext(), openAIChatDialect);
  const chunks = events.flatMap((event) => translator.push(event));
  return [...chunks, ...translator.finish()];
}

function textOf(chunks: ChatCompletionChunk[]): string {
  return chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
}

describe('createChatStreamTranslator (OpenAI)', () => {
  it('replays the recorded text stream: strict chunks, gateway id, usage last in its own chunk', () => {
    const chunks = translate(readChunkEvents(fixtureUrl('openai-text.chunks.txt')));
    for (const chunk of chunks) expect(chatCompletionChunkSchema.safeParse(chunk).success).toBe(true);
    expect(new Set(chunks.map((chunk) => chunk.id))).toEqual(new Set(['chatcmpl-llmux-1']));
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '' });
    expect(textOf(chunks)).toMatch(/^\*\*Holiday Name:\*\* Harmony Day/);
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage).toMatchObject({ prompt_tokens: 16, completion_tokens: 300, total_tokens: 316 });
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.filter((chunk) => chunk.usage)).toHaveLength(1);
  });

  it('forwards one finish_reason per choice when the upstream repeats it on its usage chunk', () => {
    const chunk = (choice: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
      data: JSON.stringify({
        id: 'x',
        object: 'chat.completion.chunk',
        created: 1,
        model: 'm',
        choices: [choice],
        ...extra,
      }),
    });
    const chunks = translate([
      chunk({ index: 0, delta: { role: 'assistant', content: 'Hi' }, finish_reason: null }),
      chunk({ index: 0, delta: {}, finish_reason: 'stop' }),
      chunk(
        { index: 0, delta: {}, finish_reason: 'stop' },
        { usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } },
      ),
      { data: '[DONE]' },
    ]);
    const finishes = chunks.flatMap((out) => out.choices.filter((choice) => choice.finish_reason !== null));
    expect(finishes).toHaveLength(1);
    expect(chunks.at(-1)?.usage).toMatchObject({ total_tokens: 2 });
  });

  it('skips the Azure prompt-filter chunk with object "" and keeps reasoning token counts', () => {
    const chunks = translate(readChunkEvents(fixtureUrl('azure-model-router.1.chunks.txt')));
    for (const chunk of chunks) expect(chatCompletionChunkSchema.safeParse(chunk).success).toBe(true);
    expect(textOf(chunks)).toBe('Capital of Denmark.');
    expect(chunks.at(-1)?.usage?.completion_tokens_details?.reasoning_tokens).toBe(64);
  });

  it('keeps interleaved parallel tool calls apart by index', () => {
    const chunks = translate(readChunkEvents(fixtureUrl('handmade-parallel-tool-calls.chunks.txt')));
    const deltas = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(deltas[0]).toEqual({
      index: 0,
      id: 'call_a',
      type: 'function',
      function: { name: 'get_weather', arguments: '' },
    });
    const argumentsOf = (index: number) =>
      deltas
        .filter((delta) => delta.index === index)
        .map((delta) => delta.function?.arguments ?? '')
        .join('');
    expect(argumentsOf(0)).toBe('{"city":"Paris"}');
    expect(argumentsOf(1)).toBe('{"zone":"CET"}');
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('tool_calls');
    expect(chunks.at(-1)?.usage?.prompt_tokens_details?.cached_tokens).toBe(64);
  });

  it('gives whole tool calls without index or id (Grok style) their own slots and ids', () => {
    const chunks = translate([
      {
        data: JSON.stringify({
          choices: [
            { delta: { role: 'assistant', tool_calls: [{ function: { name: 'a', arguments: '{}' } }] } },
          ],
        }),
      },
      {
        data: JSON.stringify({
          choices: [
            { delta: { tool_calls: [{ id: 'call_z', function: { name: 'b', arguments: '{"x":1}' } }] } },
          ],
        }),
      },
      { data: JSON.stringify({ choices: [{ delta: {}, finish_reason: 'tool_calls' }] }) },
    ]);
    const deltas = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(deltas).toEqual([
      { index: 0, id: 'call_llmux_1', type: 'function', function: { name: 'a', arguments: '{}' } },
      { index: 1, id: 'call_z', type: 'function', function: { name: 'b', arguments: '{"x":1}' } },
    ]);
    // No [DONE], but every choice finished: a complete answer.
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('opens a new tool call when a second call reuses index 0 under another id', () => {
    const call = (id: string, name: string, args: string) => ({
      data: JSON.stringify({
        choices: [
          {
            index: 0,
            delta: { tool_calls: [{ index: 0, id, type: 'function', function: { name, arguments: args } }] },
          },
        ],
      }),
    });
    const chunks = translate([
      call('call_a', 'get_weather', '{"city":"Paris"}'),
      call('call_b', 'get_time', '{"zone":"CET"}'),
      { data: JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] }) },
      { data: '[DONE]' },
    ]);
    const deltas = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(deltas).toEqual([
      {
        index: 0,
        id: 'call_a',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
      },
      {
        index: 1,
        id: 'call_b',
        type: 'function',
        function: { name: 'get_time', arguments: '{"zone":"CET"}' },
      },
    ]);
  });

  it('throws on a stream cut before the end, instead of looking finished', () => {
    const events = readChunkEvents(fixtureUrl('openai-text.chunks.txt'), { done: false }).slice(0, 20);
    const translator = createChatStreamTranslator(createContext(), openAIChatDialect);
    for (const event of events) translator.push(event);
    expect(() => translator.finish()).toThrow(
      expect.objectContaining({ status: 502, code: 'upstream_stream_incomplete', retryable: true }),
    );
  });

  it('throws a ProviderError for an error event and for a malformed event', () => {
    const translator = createChatStreamTranslator(createContext(), openAIChatDialect);
    expect(() =>
      translator.push({
        data: JSON.stringify({
          error: { message: 'overloaded', type: 'server_error', code: 'server_error' },
        }),
      }),
    ).toThrow(expect.objectContaining({ vendorMessage: 'overloaded', retryable: true }));
    expect(() => translator.push({ data: '{"choices": [' })).toThrow(ProviderError);
    expect(() => translator.push({ data: JSON.stringify({ choices: 'no' }) })).toThrow(
      expect.objectContaining({ status: 502, code: 'upstream_malformed_response', retryable: false }),
    );
  });

  it('ignores keep-alive blank events', () => {
    expect(translate([{ data: '' }, { data: '[DONE]' }])).toEqual([]);
  });
});
