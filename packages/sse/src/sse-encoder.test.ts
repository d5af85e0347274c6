import type { ChatCompletionChunk } from '@llmux/contract';
import { describe, expect, it } from 'vitest';
import { createSseDecoder, type SseEvent } from './sse-decoder.js';
import { encodeChunk, encodeComment, encodeSse, SSE_DONE, SSE_KEEPALIVE } from './sse-encoder.js';

function decodeText(text: string): { events: SseEvent[]; comments: string[]; retries: number[] } {
  const decoded = { events: [] as SseEvent[], comments: [] as string[], retries: [] as number[] };
  const decoder = createSseDecoder({
    onEvent: (event) => decoded.events.push(event),
    onComment: (comment) => decoded.comments.push(comment),
    onRetry: (retry) => decoded.retries.push(retry),
  });
  decoder.push(text);
  expect(decoder.end().truncated).toBe(false);
  return decoded;
}

describe('encodeSse', () => {
  it('writes the fields and the blank line that dispatches the event', () => {
    expect(encodeSse({ data: 'hi' })).toBe('data: hi\n\n');
    expect(encodeSse({ event: 'update', id: '42', retry: 3000, data: 'x' })).toBe(
      'event: update\nid: 42\nretry: 3000\ndata: x\n\n',
    );
  });

  it('splits data on LF, CRLF and CR into several data lines', () => {
    expect(encodeSse({ data: 'a\nb\r\nc\rd' })).toBe('data: a\ndata: b\ndata: c\ndata: d\n\n');
    expect(encodeSse({ data: '\n' })).toBe('data: \ndata: \n\n');
    expect(decodeText(encodeSse({ data: 'a\r\nb\n' })).events).toEqual([
      { data: 'a\nb\n', event: undefined, id: undefined },
    ]);
  });

  it('keeps leading spaces of data through a round trip', () => {
    expect(decodeText(encodeSse({ data: '  two spaces' })).events[0]?.data).toBe('  two spaces');
  });

  it('refuses CR or LF in event and id (header injection) and NULL in id', () => {
    expect(() => encodeSse({ event: 'a\ndata: injected', data: 'x' })).toThrow(TypeError);
    expect(() => encodeSse({ event: 'a\r', data: 'x' })).toThrow(TypeError);
    expect(() => encodeSse({ id: '1\n\ndata: injected', data: 'x' })).toThrow(TypeError);
    expect(() => encodeSse({ id: '1\r', data: 'x' })).toThrow(TypeError);
    expect(() => encodeSse({ id: '1\0', data: 'x' })).toThrow(TypeError);
  });

  it('refuses a retry that is not a non-negative integer', () => {
    expect(() => encodeSse({ retry: -1, data: 'x' })).toThrow(TypeError);
    expect(() => encodeSse({ retry: 1.5, data: 'x' })).toThrow(TypeError);
    expect(() => encodeSse({ retry: Number.NaN, data: 'x' })).toThrow(TypeError);
    expect(decodeText(encodeSse({ retry: 0, data: 'x' })).retries).toEqual([0]);
  });
});

describe('OpenAI framing helpers', () => {
  it('encodes a chunk as one data line of JSON, even when its text has line breaks', () => {
    const chunk: ChatCompletionChunk = {
      id: 'c1',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'm',
      choices: [{ index: 0, delta: { content: 'a\nb\r\n' }, finish_reason: null }],
    };
    const encoded = encodeChunk(chunk);
    expect(encoded).toBe(`data: ${JSON.stringify(chunk)}\n\n`);
    expect(JSON.parse(decodeText(encoded).events[0]!.data)).toEqual(chunk);
  });

  it('ends a stream with [DONE] and keeps it alive with a comment', () => {
    expect(SSE_DONE).toBe('data: [DONE]\n\n');
    expect(SSE_KEEPALIVE).toBe(': keep-alive\n\n');
    const decoded = decodeText(SSE_KEEPALIVE + SSE_DONE);
    expect(decoded.comments).toEqual(['keep-alive']);
    expect(decoded.events).toEqual([{ data: '[DONE]', event: undefined, id: undefined }]);
  });

  it('encodes a multi-line comment as one comment line each, dispatching nothing', () => {
    expect(encodeComment('a\nb')).toBe(': a\n: b\n\n');
    expect(decodeText(encodeComment('a\r\nb') + 'data: x\n\n')).toEqual({
      comments: ['a', 'b'],
      events: [{ data: 'x', event: undefined, id: undefined }],
      retries: [],
    });
  });
});
