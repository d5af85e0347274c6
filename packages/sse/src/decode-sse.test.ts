import { describe, expect, it } from 'vitest';
import { createSseDecoderStream, decodeSse } from './decode-sse.js';
import type { SseEndResult, SseEvent } from './sse-decoder.js';
import { SseEventTooLargeError } from './sse-decoder.js';

const encoder = new TextEncoder();
const event = (data: string): SseEvent => ({ data, event: undefined, id: undefined });

function streamOf(pieces: string[], onCancel?: () => void): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const piece = pieces[index++];
      if (piece === undefined) controller.close();
      else controller.enqueue(encoder.encode(piece));
    },
    cancel() {
      onCancel?.();
    },
  });
}

async function collect<T>(source: AsyncIterable<T> | ReadableStream<T>): Promise<T[]> {
  const items: T[] = [];
  if ('getReader' in source) {
    const reader = source.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) items.push(read.value);
  } else {
    for await (const item of source) items.push(item);
  }
  return items;
}

describe('decodeSse', () => {
  it('decodes a ReadableStream of bytes split mid-line and mid-character', async () => {
    const bytes = encoder.encode('data: h€llo\n\ndata: [DONE]\n\n');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let index = 0; index < bytes.length; index += 3)
          controller.enqueue(bytes.subarray(index, index + 3));
        controller.close();
      },
    });
    expect(await collect(decodeSse(stream))).toEqual([event('h€llo'), event('[DONE]')]);
  });

  it('decodes an async iterable of chunks and reports a truncated end', async () => {
    async function* source() {
      yield encoder.encode('data: a\n\n');
      yield 'data: cut';
    }
    let end: SseEndResult | undefined;
    expect(await collect(decodeSse(source(), { onEnd: (result) => (end = result) }))).toEqual([event('a')]);
    expect(end).toEqual({ truncated: true });
  });

  it('can dispatch the incomplete last event', async () => {
    async function* source() {
      yield 'data: a\n\ndata: [DONE]';
    }
    const events = await collect(decodeSse(source(), { dispatchIncompleteEventAtEnd: true }));
    expect(events).toEqual([event('a'), event('[DONE]')]);
  });

  it('cancels a ReadableStream when the loop is left early', async () => {
    let cancelled = 0;
    const stream = streamOf(['data: 1\n\ndata: 2\n\n', 'data: 3\n\n'], () => cancelled++);
    for await (const received of decodeSse(stream)) {
      expect(received.data).toBe('1');
      break;
    }
    expect(cancelled).toBe(1);
    expect(stream.locked).toBe(false);
  });

  it('calls return() on an async iterator when the loop is left early', async () => {
    let returned = 0;
    let pulled = 0;
    const source: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]() {
        return {
          async next() {
            pulled++;
            return { done: false, value: encoder.encode(`data: ${pulled}\n\n`) };
          },
          async return() {
            returned++;
            return { done: true, value: undefined };
          },
        };
      },
    };
    const received: string[] = [];
    for await (const item of decodeSse(source)) {
      received.push(item.data);
      if (received.length === 3) break;
    }
    expect(received).toEqual(['1', '2', '3']);
    expect(returned).toBe(1);
  });

  it('cancels the source and rethrows when an event is too large', async () => {
    let cancelled = 0;
    const stream = streamOf(
      ['data: 1\n\n', `data: ${'x'.repeat(200)}`, 'data: never\n\n'],
      () => cancelled++,
    );
    const received: string[] = [];
    await expect(async () => {
      for await (const item of decodeSse(stream, { maxEventSize: 100 })) received.push(item.data);
    }).rejects.toThrow(SseEventTooLargeError);
    expect(received).toEqual(['1']);
    expect(cancelled).toBe(1);
  });
});

describe('createSseDecoderStream', () => {
  it('transforms bytes into events', async () => {
    let end: SseEndResult | undefined;
    const events = streamOf([': hi\n\nevent: a\ndata: 1\r', '\n\r\ndata: 2\n\n']).pipeThrough(
      createSseDecoderStream({ onEnd: (result) => (end = result) }),
    );
    expect(await collect(events)).toEqual([{ event: 'a', data: '1', id: undefined }, event('2')]);
    expect(end).toEqual({ truncated: false });
  });

  it('errors the stream when an event is too large', async () => {
    const events = streamOf([`data: ${'x'.repeat(200)}\n\n`]).pipeThrough(
      createSseDecoderStream({ maxEventSize: 100 }),
    );
    await expect(collect(events)).rejects.toThrow(SseEventTooLargeError);
  });
});
