import type { ChatCompletionChunk, CompletionMessage } from '@llmux/contract';
import { validateChunk } from '@llmux/provider-kit/testing';
import type { SseEvent } from '@llmux/sse';
import { accumulateChunks } from '@llmux/sse';
import { describe, expect, it } from 'vitest';
import { createContext, createRequest, readFixtureEvents, renameJsonTool } from './__fixtures__/fixtures.js';
import { createStreamTranslator } from './convert-stream.js';

function translate(events: SseEvent[], context = createContext()): ChatCompletionChunk[] {
  const translator = createStreamTranslator(context);
  const chunks = events.flatMap((event) => translator.push(event));
  chunks.push(...translator.finish());
  for (const chunk of chunks) expect(validateChunk(chunk)).toEqual([]);
  return chunks;
}

function event(data: unknown): SseEvent {
  return { event: (data as { type: string }).type, data: JSON.stringify(data) };
}

const textOf = (chunks: ChatCompletionChunk[]) =>
  chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');

describe('createStreamTranslator', () => {
  it('translates a recorded text stream: role first, text, finish on message_stop, usage last', () => {
    const chunks = translate(readFixtureEvents('anthropic-text.chunks.txt'));
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '' });
    expect(textOf(chunks).length).toBeGreaterThan(10);
    const finish = chunks.at(-2);
    expect(finish?.choices[0]?.finish_reason).toBe('stop');
    const usage = chunks.at(-1);
    expect(usage?.choices).toEqual([]);
    expect(usage?.usage?.total_tokens).toBe(
      (usage?.usage?.prompt_tokens ?? 0) + (usage?.usage?.completion_tokens ?? 0),
    );
    expect(chunks.filter((chunk) => chunk.choices[0]?.finish_reason != null)).toHaveLength(1);
  });

  it('streams thinking as reasoning_content and its text and signature as one reasoning detail', () => {
    const events = readFixtureEvents('anthropic-clear-thinking.1.chunks.txt');
    const chunks = translate(events);
    const reasoning = chunks.map((chunk) => chunk.choices[0]?.delta.reasoning_content ?? '').join('');
    expect(reasoning).toBe('The previous result was 925. Now I need to divide that by 5.\n\n925 ÷ 5 = 185');
    expect(textOf(chunks)).toBe('925 ÷ 5 = 185');
    const details = chunks.flatMap(
      (chunk) =>
        ((chunk.choices[0]?.delta as Record<string, unknown> | undefined)?.reasoning_details as unknown[]) ??
        [],
    );
    const signature = JSON.parse(events.find((item) => item.data.includes('signature_delta'))?.data ?? '{}')
      .delta.signature;
    // One whole item (text and signature), sent once: see heldDetails in convert-stream.ts.
    expect(details).toEqual([
      {
        type: 'reasoning.text',
        text: reasoning,
        signature,
        index: 0,
        format: 'anthropic-claude-v1',
      },
    ]);
    expect(chunks.at(-1)?.usage).toEqual({
      prompt_tokens: 69,
      completion_tokens: 53,
      total_tokens: 122,
      prompt_tokens_details: { cached_tokens: 0 },
    });
  });

  it('numbers tool calls from 0 whatever their content-block index, and streams the arguments', () => {
    const chunks = translate(readFixtureEvents('anthropic-tool-no-args.chunks.txt'));
    const calls = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(calls).toEqual([
      {
        index: 0,
        id: 'toolu_01QE1WLsSVp5hy5Q3GmGTmjP',
        type: 'function',
        function: { name: 'updateIssueList', arguments: '' },
      },
      // Only an empty fragment came: closed with {} so the arguments parse, as in the whole message.
      { index: 0, function: { arguments: '{}' } },
    ]);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('keeps parallel tool calls apart', () => {
    const chunks = translate([
      event({
        type: 'message_start',
        message: { id: 'msg_p', usage: { input_tokens: 5, output_tokens: 1 } },
      }),
      event({ type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '' } }),
      event({
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'thinking_delta', thinking: 'two calls' },
      }),
      event({ type: 'content_block_stop', index: 0 }),
      event({
        type: 'content_block_start',
        index: 1,
        content_block: { type: 'tool_use', id: 't1', name: 'a', input: {} },
      }),
      event({
        type: 'content_block_start',
        index: 2,
        content_block: { type: 'tool_use', id: 't2', name: 'b', input: {} },
      }),
      event({
        type: 'content_block_delta',
        index: 2,
        delta: { type: 'input_json_delta', partial_json: '{"y":' },
      }),
      event({
        type: 'content_block_delta',
        index: 1,
        delta: { type: 'input_json_delta', partial_json: '{"x":1}' },
      }),
      event({
        type: 'content_block_delta',
        index: 2,
        delta: { type: 'input_json_delta', partial_json: '2}' },
      }),
      event({ type: 'content_block_stop', index: 1 }),
      event({ type: 'content_block_stop', index: 2 }),
      event({ type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 30 } }),
      event({ type: 'message_stop' }),
    ]);
    const completion = accumulateChunks(chunks);
    expect(completion.choices[0]?.message.tool_calls).toEqual([
      { id: 't1', type: 'function', function: { name: 'a', arguments: '{"x":1}' } },
      { id: 't2', type: 'function', function: { name: 'b', arguments: '{"y":2}' } },
    ]);
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('streams the JSON-answer tool as content with finish_reason stop', () => {
    const request = createRequest({ response_format: { type: 'json_object' } });
    for (const fixture of ['anthropic-json-tool.1.chunks.txt', 'anthropic-json-tool.2.chunks.txt']) {
      const chunks = translate(readFixtureEvents(fixture, renameJsonTool), createContext(request));
      expect(chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? [])).toEqual([]);
      const text = textOf(chunks);
      const json = text.slice(text.indexOf('{'));
      expect(JSON.parse(json)).toEqual({
        elements: [{ location: 'San Francisco', temperature: 58, condition: 'sunny' }],
      });
      expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    }
  });

  it('streams only the JSON as content, leaving out the text Claude writes before the answer tool', () => {
    const request = createRequest({ response_format: { type: 'json_object' } });
    const chunks = translate(
      readFixtureEvents('anthropic-json-tool.2.chunks.txt', renameJsonTool),
      createContext(request),
    );
    expect(JSON.parse(textOf(chunks))).toEqual({
      elements: [{ location: 'San Francisco', temperature: 58, condition: 'sunny' }],
    });
    expect(accumulateChunks(chunks).choices[0]?.finish_reason).toBe('stop');
  });

  it('passes held-back text on when, asked for JSON, Claude calls a client tool or stops without the answer tool', () => {
    const request = createRequest({
      response_format: { type: 'json_object' },
      tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } }],
    });
    const start = event({ type: 'message_start', message: { id: 'msg_j', usage: { input_tokens: 3 } } });
    const text = [
      event({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
      event({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Looking up.' } }),
      event({ type: 'content_block_stop', index: 0 }),
    ];
    const end = (stopReason: string) => [
      event({ type: 'message_delta', delta: { stop_reason: stopReason }, usage: { output_tokens: 9 } }),
      event({ type: 'message_stop' }),
    ];
    const withTool = accumulateChunks(
      translate(
        [
          start,
          ...text,
          event({
            type: 'content_block_start',
            index: 1,
            content_block: { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: {} },
          }),
          event({
            type: 'content_block_delta',
            index: 1,
            delta: { type: 'input_json_delta', partial_json: '{"q":"x"}' },
          }),
          event({ type: 'content_block_stop', index: 1 }),
          ...end('tool_use'),
        ],
        createContext(request),
      ),
    );
    expect(withTool.choices[0]?.message).toMatchObject({
      content: 'Looking up.',
      tool_calls: [{ id: 'toolu_1', function: { name: 'lookup', arguments: '{"q":"x"}' } }],
    });
    const cut = accumulateChunks(translate([start, ...text, ...end('max_tokens')], createContext(request)));
    expect(cut.choices[0]).toMatchObject({ message: { content: 'Looking up.' }, finish_reason: 'length' });
  });

  it('maps a streamed refusal to content_filter with the explanation', () => {
    const chunks = translate(readFixtureEvents('anthropic-refusal.chunks.txt'));
    expect(chunks.at(-2)?.choices[0]).toMatchObject({
      finish_reason: 'content_filter',
      delta: { refusal: expect.stringContaining('Usage Policy') },
    });
  });

  it('takes the input tokens message_delta repeats', () => {
    const chunks = translate(readFixtureEvents('anthropic-message-delta-input-tokens.chunks.txt'));
    expect(textOf(chunks)).toBe('pong');
    expect(chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: 61, completion_tokens: 2 });
  });

  it('ignores a duplicated message_start of the same message', () => {
    const chunks = translate(readFixtureEvents('duplicate-message-start.chunks.txt'));
    expect(chunks.filter((chunk) => chunk.choices[0]?.delta.role === 'assistant')).toHaveLength(1);
    expect(textOf(chunks)).toBe('Hello, World!');
  });

  it('throws when a second message is spliced into an open one', () => {
    const translator = createStreamTranslator(createContext());
    const events = readFixtureEvents('spliced-message-start.chunks.txt');
    const splice = events.findIndex((item, index) => index > 0 && item.event === 'message_start');
    for (const item of events.slice(0, splice)) translator.push(item);
    expect(() => translator.push(events[splice] as SseEvent)).toThrow(
      expect.objectContaining({
        status: 502,
        code: 'upstream_stream_incomplete',
        retryable: true,
        message: expect.stringContaining('msg_second'),
      }),
    );
  });

  it('answers with the second message of a splice when the first reached the client only as reasoning', () => {
    // The recorded splice, cut while the first generation was still thinking (its tool call left out).
    const recorded = readFixtureEvents('spliced-message-start.chunks.txt');
    const events = recorded.filter(
      (item, index) => index >= 7 || !/tool_use|input_json_delta/.test(item.data),
    );
    const chunks = translate(events);
    const completion = accumulateChunks(chunks);
    const message = completion.choices[0]!.message as CompletionMessage & Record<string, unknown>;
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(message.tool_calls).toEqual([
      {
        id: 'toolu_second',
        type: 'function',
        function: { name: 'test-tool', arguments: '{"value":"Sparkle Day"}' },
      },
    ]);
    // Only the second generation's thinking is signed, so only it can go back to Anthropic.
    const signed = (message.reasoning_details as Array<Record<string, unknown>>).filter(
      (item) => item.signature,
    );
    expect(signed).toEqual([
      {
        type: 'reasoning.text',
        text: 'Let me call the tool.',
        signature: 'sig-second',
        index: 1,
        format: 'anthropic-claude-v1',
      },
    ]);
    expect(chunks.filter((chunk) => chunk.choices[0]?.delta.role === 'assistant')).toHaveLength(1);
    expect(chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: 17, completion_tokens: 65 });
  });

  it('answers the recorded splice with the second message when tool calls are sent whole', () => {
    const translator = createStreamTranslator(createContext(), { wholeToolCalls: true });
    const chunks = readFixtureEvents('spliced-message-start.chunks.txt').flatMap((item) =>
      translator.push(item),
    );
    chunks.push(...translator.finish());
    const completion = accumulateChunks(chunks);
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(completion.choices[0]?.message.tool_calls).toEqual([
      {
        id: 'toolu_second',
        type: 'function',
        function: { name: 'test-tool', arguments: '{"value":"Sparkle Day"}' },
      },
    ]);
    const details = (completion.choices[0]!.message as Record<string, unknown>).reasoning_details;
    expect(details).toEqual([
      {
        type: 'reasoning.text',
        text: 'Let me call the tool.',
        signature: 'sig-second',
        index: 1,
        format: 'anthropic-claude-v1',
      },
    ]);
  });

  it('sends each tool call in one chunk, once its block closes, when asked to', () => {
    const translator = createStreamTranslator(createContext(), { wholeToolCalls: true });
    const chunks = readFixtureEvents('synthetic-parallel-tool-calls.chunks.txt').flatMap((item) =>
      translator.push(item),
    );
    chunks.push(...translator.finish());
    const fragments = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    const streamed = accumulateChunks(
      translate(readFixtureEvents('synthetic-parallel-tool-calls.chunks.txt')),
    );
    expect(fragments).toHaveLength(streamed.choices[0]?.message.tool_calls?.length ?? -1);
    expect(accumulateChunks(chunks).choices[0]?.message).toEqual(streamed.choices[0]?.message);
  });

  it('sends thinking signatures only once the message is complete', () => {
    const events = readFixtureEvents('anthropic-clear-thinking.1.chunks.txt');
    const translator = createStreamTranslator(createContext());
    const stop = events.findIndex((item) => item.event === 'message_stop');
    const early = events.slice(0, stop).flatMap((item) => translator.push(item));
    expect(JSON.stringify(early)).not.toContain('"signature"');
    expect(JSON.stringify(translator.push(events[stop] as SseEvent))).toContain('"signature"');
  });

  it('throws a retryable 503 for an overloaded_error event mid-stream', () => {
    const translator = createStreamTranslator(createContext());
    translator.push(event({ type: 'message_start', message: { id: 'msg_e' } }));
    expect(() =>
      translator.push(event({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })),
    ).toThrow(expect.objectContaining({ status: 503, retryable: true, vendorCode: 'overloaded_error' }));
    const invalid = createStreamTranslator(createContext());
    expect(() =>
      invalid.push(event({ type: 'error', error: { type: 'invalid_request_error', message: 'bad' } })),
    ).toThrow(expect.objectContaining({ status: 400, retryable: false }));
  });

  it('throws from finish() when the stream ends before message_stop', () => {
    const events = readFixtureEvents('anthropic-text.chunks.txt');
    const translator = createStreamTranslator(createContext());
    for (const item of events.slice(0, -1)) translator.push(item);
    expect(() => translator.finish()).toThrow(
      expect.objectContaining({ status: 502, code: 'upstream_stream_incomplete', retryable: true }),
    );
  });

  it('throws for data that is not JSON and for malformed known events, and skips unknown event types', () => {
    const translator = createStreamTranslator(createContext());
    const malformed = { status: 502, code: 'upstream_malformed_response', retryable: false };
    expect(() => translator.push({ event: 'message_start', data: '{"type":' })).toThrow(
      expect.objectContaining(malformed),
    );
    expect(() => translator.push(event({ type: 'content_block_delta', delta: {} }))).toThrow(
      expect.objectContaining(malformed),
    );
    expect(translator.push(event({ type: 'some_future_event', x: 1 }))).toEqual([]);
    expect(() =>
      translator.push(
        event({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
      ),
    ).toThrow(
      expect.objectContaining({ ...malformed, message: expect.stringContaining('before message_start') }),
    );
  });
});
