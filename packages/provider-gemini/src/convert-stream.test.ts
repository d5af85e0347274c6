import { type ChatCompletionChunk, chatCompletionChunkSchema } from '@llmux/contract';
import { ProviderError } from '@llmux/provider-kit';
import { describe, expect, it } from 'vitest';
import { createStreamTranslator } from './convert-stream.js';
import { createContext, readChunksFixture } from './test-support/fixtures.js';

function translate(events: Array<{ data: string }>): ChatCompletionChunk[] {
  const translator = createStreamTranslator(createContext());
  const chunks = events.flatMap((event) => translator.push(event));
  chunks.push(...translator.finish());
  for (const chunk of chunks) chatCompletionChunkSchema.parse(chunk);
  return chunks;
}

function collectToolCalls(chunks: ChatCompletionChunk[]) {
  return chunks.flatMap((chunk) => chunk.choices.flatMap((choice) => choice.delta.tool_calls ?? []));
}

const text = (chunks: ChatCompletionChunk[]) =>
  chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');

describe('createStreamTranslator', () => {
  it('translates a recorded text stream, usage last in a chunk with no choices', () => {
    const chunks = translate(readChunksFixture('google-text.chunks.txt'));
    expect(text(chunks)).toBe('There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y');
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    const finishes = chunks
      .flatMap((chunk) => chunk.choices.map((choice) => choice.finish_reason))
      .filter(Boolean);
    expect(finishes).toEqual(['stop']);
    expect(chunks.at(-1)).toEqual({
      id: 'chatcmpl-llmux-1',
      object: 'chat.completion.chunk',
      created: 1_780_000_000,
      model: 'gemini-3-pro-preview',
      choices: [],
      usage: {
        prompt_tokens: 9,
        completion_tokens: 23 + 185,
        total_tokens: 9 + 23 + 185,
        prompt_tokens_details: { cached_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 185 },
      },
    });
  });

  it('translates a recorded Gemini 3 function call with its signature and finish tool_calls', () => {
    const events = readChunksFixture('google-tool-call-gemini3.chunks.txt');
    const signature = JSON.parse(events[0]!.data).candidates[0].content.parts[0].thoughtSignature;
    const chunks = translate(events);
    expect(collectToolCalls(chunks)).toEqual([
      {
        index: 0,
        id: 'call_llmux_1',
        type: 'function',
        function: { name: 'weather', arguments: '{"location":"San Francisco"}' },
        extra_content: { google: { thought_signature: signature } },
      },
    ]);
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe('tool_calls');
  });

  it('assembles streamed arguments (partialArgs) into whole calls, one index each', () => {
    const chunks = translate(readChunksFixture('google-stream-tool-call-arguments.chunks.txt'));
    expect(
      collectToolCalls(chunks).map((call) => [call.index, call.function?.name, call.function?.arguments]),
    ).toEqual([
      [0, 'getWeather', '{"location":"Boston"}'],
      [1, 'getWeather', '{"location":"San Francisco"}'],
    ]);
  });

  it('keeps calls without arguments and the thoughts before them', () => {
    const chunks = translate(readChunksFixture('google-stream-no-args-tool-call.chunks.txt'));
    expect(
      collectToolCalls(chunks).map((call) => [call.index, call.function?.name, call.function?.arguments]),
    ).toEqual([
      [0, 'read_theme', '{}'],
      [1, 'read_screen', '{"id":"A"}'],
      [2, 'read_screen', '{"id":"B"}'],
      [3, 'read_screen', '{"id":"C"}'],
    ]);
    const reasoning = chunks.map((chunk) => chunk.choices[0]?.delta.reasoning_content ?? '').join('');
    expect(reasoning).toContain('**Processing User Requests**');
  });

  it('does not lose the call whose closing part never arrives', () => {
    const chunks = translate(
      readChunksFixture('google-stream-tool-call-array-arguments-missing-terminal-function-call.chunks.txt'),
    );
    const calls = collectToolCalls(chunks);
    expect(calls).toHaveLength(1);
    expect(JSON.parse(calls[0]!.function!.arguments!)).toEqual({
      operations: [
        { action: 'add', description: 'Fresh red apple', itemid: 'apple_001', price: 0.5 },
        { action: 'add', description: 'Ripe yellow banana', itemid: 'banana_001', price: 0.3 },
      ],
    });
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe('tool_calls');
  });

  it('throws on a cut stream (no finishReason) instead of finishing', () => {
    const events = readChunksFixture('google-text.chunks.txt').slice(0, 2);
    const translator = createStreamTranslator(createContext());
    for (const event of events) translator.push(event);
    const cut = { status: 502, code: 'upstream_stream_incomplete', retryable: true };
    expect(() => translator.finish()).toThrow(expect.objectContaining(cut));
    expect(() => createStreamTranslator(createContext()).finish()).toThrow(
      expect.objectContaining({
        ...cut,
        message: expect.stringMatching(/ended the stream before a finishReason/),
      }),
    );
  });

  it('throws a ProviderError on an error chunk, a malformed event and a blocked prompt', () => {
    const translator = createStreamTranslator(createContext());
    expect(() =>
      translator.push({
        data: JSON.stringify({ error: { code: 503, status: 'UNAVAILABLE', message: 'overloaded' } }),
      }),
    ).toThrow(expect.objectContaining({ status: 503, retryable: true }));
    expect(() => createStreamTranslator(createContext()).push({ data: '{not json' })).toThrow(ProviderError);
    expect(() =>
      createStreamTranslator(createContext()).push({
        data: JSON.stringify({ promptFeedback: { blockReason: 'OTHER' } }),
      }),
    ).toThrow(expect.objectContaining({ code: 'content_filter' }));
  });

  it('keeps candidates apart by index', () => {
    const event = (data: unknown) => ({ data: JSON.stringify(data) });
    const chunks = translate([
      event({
        candidates: [
          { index: 0, content: { parts: [{ text: 'a' }] } },
          { index: 1, content: { parts: [{ text: 'b' }] } },
        ],
      }),
      event({
        candidates: [
          { index: 0, content: { parts: [{ text: '1' }] }, finishReason: 'STOP' },
          { index: 1, content: { parts: [{ text: '2' }] }, finishReason: 'MAX_TOKENS' },
        ],
        usageMetadata: { promptTokenCount: 1, candidatesTokenCount: 4 },
      }),
    ]);
    const byIndex = (index: number) =>
      chunks
        .flatMap((chunk) =>
          chunk.choices
            .filter((choice) => choice.index === index)
            .map((choice) => choice.delta.content ?? ''),
        )
        .join('');
    expect([byIndex(0), byIndex(1)]).toEqual(['a1', 'b2']);
    expect(
      chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.finish_reason)).filter(Boolean),
    ).toEqual(['stop', 'length']);
  });
});
