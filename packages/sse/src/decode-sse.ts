import { createSseDecoder, type SseDecoderOptions, type SseEndResult, type SseEvent } from './sse-decoder.js';

export interface DecodeSseOptions extends Omit<SseDecoderOptions, 'onEvent'> {
  /** Called once when the source is exhausted, with whether it stopped in the middle of an event. */
  onEnd?: (result: SseEndResult) => void;
}

export type SseSource = AsyncIterable<Uint8Array | string> | ReadableStream<Uint8Array | string>;

/**
 * Decodes a byte stream (a `fetch` or undici body, or any async iterable of chunks) into events.
 * Leaving the loop early (break, return, throw) cancels the source.
 *
 * @example
 * const response = await fetch(url, { method: 'POST', body });
 * for await (const event of decodeSse(response.body!)) {
 *   if (event.data === '[DONE]') break;
 *   console.log(JSON.parse(event.data));
 * }
 */
export async function* decodeSse(
  source: SseSource,
  options: DecodeSseOptions = {},
): AsyncGenerator<SseEvent> {
  const queue: SseEvent[] = [];
  const decoder = createSseDecoder({ ...options, onEvent: (event) => queue.push(event) });
  if (isReadableStream(source)) {
    // A reader rather than `for await`: Safari's ReadableStream was not async-iterable until 2025.
    const reader = source.getReader();
    let exhausted = false;
    try {
      while (true) {
        const { done, value } = await reader.read();
        if (done) break;
        decoder.push(value);
        for (let index = 0; index < queue.length; index++) yield queue[index]!;
        queue.length = 0;
      }
      exhausted = true;
    } finally {
      if (!exhausted) await reader.cancel().catch(() => {});
      reader.releaseLock();
    }
  } else {
    // `for await` calls the iterator's `return()` when the loop is left early.
    for await (const chunk of source) {
      decoder.push(chunk);
      for (let index = 0; index < queue.length; index++) yield queue[index]!;
      queue.length = 0;
    }
  }
  const result = decoder.end();
  yield* queue;
  options.onEnd?.(result);
}

/**
 * The decoder as a Web Streams `TransformStream`: pipe bytes (or text) in, read events out. An event
 * larger than `maxEventSize` errors the stream.
 *
 * @example
 * const events = response.body!.pipeThrough(createSseDecoderStream());
 */
export function createSseDecoderStream(
  options: DecodeSseOptions = {},
): TransformStream<Uint8Array | string, SseEvent> {
  let decoder: ReturnType<typeof createSseDecoder> | undefined;
  return new TransformStream<Uint8Array | string, SseEvent>({
    start(controller) {
      decoder = createSseDecoder({ ...options, onEvent: (event) => controller.enqueue(event) });
    },
    transform(chunk) {
      decoder!.push(chunk);
    },
    flush() {
      const result = decoder!.end();
      options.onEnd?.(result);
    },
  });
}

function isReadableStream(source: SseSource): source is ReadableStream<Uint8Array | string> {
  return typeof (source as ReadableStream).getReader === 'function';
}
