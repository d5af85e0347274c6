import type { ChatCompletionChunk } from '@llmux/contract';
import { isProviderError, type ProviderError } from '@llmux/provider-kit';
import { accumulateStream, checkStreamChunks, validateChunk } from '@llmux/provider-kit/testing';
import type { SseEvent } from '@llmux/sse';
import { describe, expect, it } from 'vitest';
import { convertResponsesResponse } from './convert-response.js';
import { createResponsesStreamTranslator } from './convert-stream.js';
import { createContext, readFixtureEvents, readFixtureJson, readFixtureText } from './fixture-helpers.js';

function translate(events: readonly SseEvent[]): ChatCompletionChunk[] {
  const context = createContext();
  const translator = createResponsesStreamTranslator(context);
  const chunks = events.flatMap((event) => translator.push(event));
  chunks.push(...translator.finish());
  for (const chunk of chunks) expect(validateChunk(chunk)).toEqual([]);
  checkStreamChunks(chunks, context);
  return chunks;
}

function failure(events: readonly SseEvent[]): ProviderError {
  try {
    const translator = createResponsesStreamTranslator(createContext());
    for (const event of events) translator.push(event);
    translator.finish();
  } catch (error) {
    if (isProviderError(error)) return error;
    throw error;
  }
  throw new Error('expected a ProviderError');
}

const event = (payload: Record<string, unknown>): SseEvent => ({
  event: payload.type as string,
  data: JSON.stringify(payload),
});

describe('createResponsesStreamTranslator', () => {
  it('translates the recorded reasoning + call stream: the call at output_index 1 is tool index 0', () => {
    const chunks = translate(readFixtureEvents('openai-reasoning-encrypted-content.1.chunks.txt', 0));
    expect(chunks[0]!.choices[0]!.delta).toEqual({ role: 'assistant', content: '' });
    const toolDeltas = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(toolDeltas[0]).toEqual({
      index: 0,
      id: 'call_AB6AaRZ1FYZB2RwS6A5vbdqn',
      type: 'function',
      function: { name: 'calculator', arguments: '' },
    });
    expect(toolDeltas.every((delta) => delta.index === 0)).toBe(true);
    expect(chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 134, completion_tokens: 28, total_tokens: 162 },
    });
    expect(chunks.at(-2)!.choices[0]).toMatchObject({ delta: {}, finish_reason: 'tool_calls' });
  });

  it('gives parallel calls dense indices 0 and 1 although their output indices are 1 and 2', () => {
    const answer = accumulateStream(translate(readFixtureEvents('handmade-parallel-tool-calls.chunks.txt')));
    expect(answer.choices[0]!.toolCalls).toEqual([
      { id: 'call_paris', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { id: 'call_rome', name: 'get_weather', arguments: '{"city":"Rome"}' },
    ]);
  });

  it('streams the same answer as the whole response for each hand-written pair', () => {
    for (const name of [
      'handmade-text',
      'handmade-parallel-tool-calls',
      'handmade-tool-no-arguments',
      'handmade-cached-usage',
      'handmade-max-output-tokens',
      'handmade-content-filter',
      'handmade-refusal',
    ]) {
      const streamed = accumulateStream(translate(readFixtureEvents(`${name}.chunks.txt`)));
      const whole = convertResponsesResponse(readFixtureJson(`${name}.json`), createContext());
      const choice = streamed.choices[0]!;
      expect(choice.content ?? null, name).toBe(whole.choices[0]!.message.content || null);
      expect(choice.finishReason, name).toBe(whole.choices[0]!.finish_reason);
      expect(streamed.usage, name).toEqual(whole.usage);
    }
  });

  it('streams refusal deltas as delta.refusal', () => {
    const chunks = translate(readFixtureEvents('handmade-refusal.chunks.txt'));
    const refusal = chunks.map((chunk) => chunk.choices[0]?.delta.refusal ?? '').join('');
    expect(refusal).toBe("I can't help with that.");
  });

  it('separates reasoning summary parts with a blank line, as the whole translation does', () => {
    const delta = (summaryIndex: number, text: string) =>
      event({
        type: 'response.reasoning_summary_text.delta',
        item_id: 'rs_1',
        output_index: 0,
        summary_index: summaryIndex,
        delta: text,
      });
    const chunks = translate([
      event({ type: 'response.created', response: { id: 'r', status: 'in_progress', output: [] } }),
      event({ type: 'response.output_item.added', output_index: 0, item: { type: 'reasoning', id: 'rs_1' } }),
      delta(0, 'First'),
      delta(0, '.'),
      delta(1, 'Second.'),
      event({ type: 'response.completed', response: { id: 'r', status: 'completed', output: [] } }),
    ]);
    expect(accumulateStream(chunks).choices[0]!.reasoning).toBe('First.\n\nSecond.');
  });

  it('takes arguments from output_item.done when no delta carried them', () => {
    const chunks = translate([
      event({ type: 'response.created', response: { id: 'r', status: 'in_progress', output: [] } }),
      event({
        type: 'response.output_item.added',
        output_index: 0,
        item: { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'f', arguments: '' },
      }),
      event({
        type: 'response.output_item.done',
        output_index: 0,
        item: { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'f', arguments: '{"a":1}' },
      }),
      event({ type: 'response.completed', response: { id: 'r', status: 'completed', output: [] } }),
    ]);
    expect(accumulateStream(chunks).choices[0]!.toolCalls).toEqual([
      { id: 'call_1', name: 'f', arguments: '{"a":1}' },
    ]);
  });

  it('reads the event type from the payload when the SSE event has no name, and ignores a [DONE]', () => {
    const events = readFixtureEvents('handmade-text.chunks.txt').map(({ data }) => ({ data }));
    const answer = accumulateStream(translate([...events, { data: '[DONE]' }]));
    expect(answer.choices[0]!.content).toBe('Paris is the capital of France.');
  });

  it('ignores anything after the terminal event', () => {
    const all = readFixtureEvents('openai-reasoning-encrypted-content.1.chunks.txt', 3);
    const extra = readFixtureEvents('openai-reasoning-encrypted-content.1.chunks.txt', 2);
    const answer = accumulateStream(translate([...all, ...extra]));
    expect(answer.choices[0]!.content).toBe('The final result is **570**.');
    expect(answer.choices[0]!.toolCalls).toEqual([]);
  });

  it('throws the recorded error event (insufficient_quota) as a non-retryable 429', () => {
    expect(failure(readFixtureEvents('openai-error.1.chunks.txt'))).toMatchObject({
      status: 429,
      type: 'insufficient_quota',
      retryable: false,
    });
  });

  it('throws response.failed with its error mapped (rate limits retryable)', () => {
    const failed = (code: string) => [
      event({ type: 'response.created', response: { id: 'r', status: 'in_progress', output: [] } }),
      event({
        type: 'response.failed',
        response: { id: 'r', status: 'failed', error: { code, message: 'm' } },
      }),
    ];
    expect(failure(failed('rate_limit_exceeded'))).toMatchObject({ status: 429, retryable: true });
    expect(failure(failed('server_error'))).toMatchObject({ status: 502, retryable: true });
  });

  it('throws from finish() when the stream ends before response.completed', () => {
    const events = readFixtureEvents('handmade-text.chunks.txt').slice(0, -1);
    expect(failure(events)).toMatchObject({
      status: 502,
      retryable: true,
      type: 'upstream_error',
      code: 'upstream_stream_incomplete',
    });
  });

  it('throws a ProviderError for the recording published with unbalanced JSON, never a TypeError', () => {
    const asPublished = readFixtureText('parallel-tool-call-wrapper.1.chunks.txt')
      .split('\n')
      .filter((line) => line !== '')
      .map((data) => ({ data }));
    expect(failure(asPublished)).toMatchObject({
      status: 502,
      code: 'upstream_malformed_response',
      retryable: false,
    });
  });

  it('throws for arguments of a call that was never opened', () => {
    expect(
      failure([
        event({ type: 'response.created', response: { id: 'r', status: 'in_progress', output: [] } }),
        event({
          type: 'response.function_call_arguments.delta',
          output_index: 3,
          item_id: 'fc_x',
          delta: '{',
        }),
      ]),
    ).toMatchObject({ status: 502, code: 'upstream_malformed_response', retryable: false });
  });
});
