import { createUtf8ChunkDecoder } from './utf8-chunk-decoder.js';

/**
 * One dispatched server-sent event. `event` is undefined for the default type ("message"); `id` is the
 * stream's last event ID at dispatch time (it persists across events, as in the spec), undefined while
 * none has been set or after it was reset with an empty `id:` field.
 */
export interface SseEvent {
  event?: string;
  data: string;
  id?: string;
}

/** How the stream ended, returned by `end()`. */
export interface SseEndResult {
  /**
   * True when the stream stopped in the middle of an event: an unterminated line, or fields received
   * after the last blank line. Per the spec such an event is not dispatched (unless
   * `dispatchIncompleteEventAtEnd`), so a gateway can tell a cut stream from a finished one.
   */
  truncated: boolean;
}

export interface SseDecoderOptions {
  onEvent: (event: SseEvent) => void;
  /** A comment line (`:text`), without the colon and one optional leading space. */
  onComment?: (comment: string) => void;
  /** A valid `retry` field (ASCII digits only), in milliseconds. */
  onRetry?: (milliseconds: number) => void;
  /**
   * The largest event the decoder buffers, counted in UTF-16 code units (bytes, for ASCII text) of
   * its unfinished line plus its `data` and `event` values. Default {@link DEFAULT_MAX_EVENT_SIZE}.
   */
  maxEventSize?: number;
  /**
   * Dispatch an event that was still open when the stream ended (its last line is processed even
   * without a line ending). Off by default, as the spec says to discard it.
   */
  dispatchIncompleteEventAtEnd?: boolean;
}

export interface SseDecoder {
  /** Feeds the next piece of the stream; bytes are UTF-8, split anywhere. Throws {@link SseEventTooLargeError}. */
  push(chunk: Uint8Array | string): void;
  /** Ends the stream. The decoder cannot be pushed to afterwards. */
  end(): SseEndResult;
}

/** 16 MiB: far above any chat chunk (OpenAI's largest are a few KiB), low enough to stop a runaway stream. */
export const DEFAULT_MAX_EVENT_SIZE = 16 * 1024 * 1024;

/** Thrown by `push` when one event outgrows `maxEventSize`; the decoder then stays failed. */
export class SseEventTooLargeError extends Error {
  readonly code = 'SSE_EVENT_TOO_LARGE';
  readonly maxEventSize: number;

  constructor(maxEventSize: number) {
    super(`A server-sent event exceeded the maximum size of ${maxEventSize} characters`);
    this.name = 'SseEventTooLargeError';
    this.maxEventSize = maxEventSize;
  }
}

const LF = 10;
const SPACE = 32;
const COLON = 58;

/**
 * Creates an incremental decoder that follows the WHATWG "interpret an event stream" algorithm
 * (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation):
 * LF, CRLF and CR line endings (also split across pushes), a leading BOM, multi-line `data`, `event`,
 * `id` (ignored when it contains NULL), digits-only `retry`, comments and unknown fields.
 *
 * @example
 * const decoder = createSseDecoder({ onEvent: (event) => console.log(event.data) });
 * decoder.push(new TextEncoder().encode('data: hel'));
 * decoder.push('lo\n\n'); // logs "hello"
 * const { truncated } = decoder.end();
 */
export function createSseDecoder(options: SseDecoderOptions): SseDecoder {
  const { onEvent, onComment, onRetry } = options;
  const maxEventSize = options.maxEventSize ?? DEFAULT_MAX_EVENT_SIZE;
  const dispatchIncompleteEventAtEnd = options.dispatchIncompleteEventAtEnd ?? false;
  const utf8 = createUtf8ChunkDecoder();

  let pending = '';
  let skipLineFeed = false;
  let expectBom = true;
  let data = '';
  let dataLines = 0;
  let eventType: string | undefined;
  let lastEventId: string | undefined;
  let eventSize = 0;
  // A field line arrived since the last blank line, so the stream is inside an event.
  let insideEvent = false;
  let failure: SseEventTooLargeError | undefined;
  let ended = false;

  function fail(): never {
    failure = new SseEventTooLargeError(maxEventSize);
    pending = '';
    data = '';
    throw failure;
  }

  function dispatch(): void {
    if (dataLines === 0) {
      eventType = undefined;
      eventSize = 0;
      return;
    }
    const event: SseEvent = { event: eventType, data, id: lastEventId };
    data = '';
    dataLines = 0;
    eventType = undefined;
    eventSize = 0;
    onEvent(event);
  }

  // Only the four known field names matter, so a line is classified by its first characters; an
  // unknown field is ignored without searching the line for its colon.
  function processLine(text: string, start: number, end: number): void {
    const length = end - start;
    if (length === 0) {
      insideEvent = false;
      dispatch();
      return;
    }
    const first = text.charCodeAt(start);
    if (first !== COLON) insideEvent = true;
    if (first === 100) {
      // data
      if (
        length >= 4 &&
        text.charCodeAt(start + 1) === 97 &&
        text.charCodeAt(start + 2) === 116 &&
        text.charCodeAt(start + 3) === 97
      ) {
        if (length === 4) appendData('');
        else if (text.charCodeAt(start + 4) === COLON) appendData(readValue(text, start + 5, end));
      }
    } else if (first === COLON) {
      if (onComment !== undefined) onComment(readValue(text, start + 1, end));
    } else if (first === 101) {
      // event
      if (
        length >= 5 &&
        text.charCodeAt(start + 1) === 118 &&
        text.charCodeAt(start + 2) === 101 &&
        text.charCodeAt(start + 3) === 110 &&
        text.charCodeAt(start + 4) === 116
      ) {
        if (length === 5) eventType = undefined;
        else if (text.charCodeAt(start + 5) === COLON) {
          const value = readValue(text, start + 6, end);
          eventType = value === '' ? undefined : value;
          eventSize += value.length;
          if (eventSize > maxEventSize) fail();
        }
      }
    } else if (first === 105) {
      // id
      if (length >= 2 && text.charCodeAt(start + 1) === 100) {
        if (length === 2) lastEventId = undefined;
        else if (text.charCodeAt(start + 2) === COLON) {
          const value = readValue(text, start + 3, end);
          if (!value.includes('\0')) lastEventId = value === '' ? undefined : value;
        }
      }
    } else if (first === 114) {
      // retry
      if (length > 6 && text.startsWith('retry:', start) && onRetry !== undefined) {
        const value = readValue(text, start + 6, end);
        if (isAsciiDigits(value)) onRetry(Number.parseInt(value, 10));
      }
    }
  }

  function appendData(value: string): void {
    data = dataLines === 0 ? value : data + '\n' + value;
    dataLines++;
    eventSize += value.length + 1;
    if (eventSize > maxEventSize) fail();
  }

  function feed(text: string): void {
    const length = text.length;
    let position = 0;
    if (skipLineFeed) {
      skipLineFeed = false;
      if (text.charCodeAt(0) === LF) {
        if (length === 1) return;
        position = 1;
      }
    }
    let lineFeed = text.indexOf('\n', position);
    let carriageReturn = text.indexOf('\r', position);
    if (pending !== '') {
      const lineEnd = pickLineEnd(lineFeed, carriageReturn);
      if (lineEnd === -1) {
        pending += position === 0 ? text : text.slice(position);
        if (pending.length + eventSize > maxEventSize) fail();
        return;
      }
      const line = pending + text.slice(position, lineEnd);
      pending = '';
      if (line.length + eventSize > maxEventSize) fail();
      processLine(line, 0, line.length);
      position = lineEnd + 1;
      if (lineEnd === carriageReturn) {
        if (position === length) {
          skipLineFeed = true;
          return;
        }
        if (text.charCodeAt(position) === LF) position++;
      }
    }
    while (position < length) {
      if (carriageReturn !== -1 && carriageReturn < position) carriageReturn = text.indexOf('\r', position);
      if (carriageReturn === -1) {
        // No CR in the rest of the chunk, the usual case: lines end at LF only.
        let lineEnd = lineFeed >= position ? lineFeed : text.indexOf('\n', position);
        while (lineEnd !== -1) {
          if (lineEnd === position) {
            insideEvent = false;
            dispatch();
          } else processLine(text, position, lineEnd);
          position = lineEnd + 1;
          lineEnd = text.indexOf('\n', position);
        }
        break;
      }
      if (lineFeed !== -1 && lineFeed < position) lineFeed = text.indexOf('\n', position);
      const lineEnd = pickLineEnd(lineFeed, carriageReturn);
      if (lineEnd === -1) break;
      processLine(text, position, lineEnd);
      position = lineEnd + 1;
      if (lineEnd === carriageReturn) {
        if (position === length) {
          skipLineFeed = true;
          return;
        }
        if (text.charCodeAt(position) === LF) position++;
      }
    }
    if (position < length) {
      pending = position === 0 ? text : text.slice(position);
      if (pending.length + eventSize > maxEventSize) fail();
    }
  }

  function push(chunk: Uint8Array | string): void {
    if (failure !== undefined) throw failure;
    if (ended) throw new TypeError('The SSE decoder has ended; create a new one for a new stream');
    let text = typeof chunk === 'string' ? chunk : utf8.decode(chunk);
    if (text === '') return;
    if (expectBom) {
      expectBom = false;
      if (text.charCodeAt(0) === 0xfeff) {
        text = text.slice(1);
        if (text === '') return;
      }
    }
    feed(text);
  }

  function end(): SseEndResult {
    if (failure !== undefined) throw failure;
    if (ended) throw new TypeError('The SSE decoder has already ended');
    const rest = utf8.flush();
    if (rest !== '') push(rest);
    ended = true;
    const truncated = pending !== '' || insideEvent;
    if (dispatchIncompleteEventAtEnd) {
      const line = pending;
      pending = '';
      if (line !== '') processLine(line, 0, line.length);
      dispatch();
    }
    pending = '';
    data = '';
    return { truncated };
  }

  return { push, end };
}

function pickLineEnd(lineFeed: number, carriageReturn: number): number {
  if (carriageReturn === -1) return lineFeed;
  if (lineFeed === -1) return carriageReturn;
  return Math.min(carriageReturn, lineFeed);
}

function readValue(text: string, start: number, end: number): string {
  return text.slice(start < end && text.charCodeAt(start) === SPACE ? start + 1 : start, end);
}

function isAsciiDigits(value: string): boolean {
  if (value.length === 0) return false;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code < 48 || code > 57) return false;
  }
  return true;
}
