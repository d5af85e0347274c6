import type { ChatCompletionChunk } from '@llmux/contract';

/** One event to write. Every field but `data` is optional. */
export interface SseMessage {
  event?: string;
  data: string;
  id?: string;
  /** Reconnection time in milliseconds, a non-negative integer. */
  retry?: number;
}

/** The end of an OpenAI-style stream. */
export const SSE_DONE = 'data: [DONE]\n\n';

/** A comment event that keeps idle proxies from closing the connection; clients ignore it. */
export const SSE_KEEPALIVE = ': keep-alive\n\n';

const LINE_BREAK = /\r\n|\r|\n/;

/**
 * Encodes one event, ending with the blank line that dispatches it. Multi-line data (LF, CRLF or CR)
 * becomes one `data:` line per line, which a decoder joins back with LF.
 *
 * @throws TypeError when `event` or `id` contains CR or LF (it would inject fields or events), `id`
 *   contains NULL (clients would ignore it), or `retry` is not a non-negative integer.
 * @example
 * encodeSse({ event: 'ping', data: 'a\nb' }); // 'event: ping\ndata: a\ndata: b\n\n'
 */
export function encodeSse(message: SseMessage): string {
  let text = '';
  if (message.event !== undefined) {
    assertSingleLine('event', message.event);
    text += 'event: ' + message.event + '\n';
  }
  if (message.id !== undefined) {
    assertSingleLine('id', message.id);
    if (message.id.includes('\0')) throw new TypeError('An SSE id must not contain NULL');
    text += 'id: ' + message.id + '\n';
  }
  if (message.retry !== undefined) {
    if (!Number.isSafeInteger(message.retry) || message.retry < 0) {
      throw new TypeError(`An SSE retry must be a non-negative integer, got ${message.retry}`);
    }
    text += 'retry: ' + message.retry + '\n';
  }
  const data = message.data;
  if (data.includes('\n') || data.includes('\r')) {
    for (const line of data.split(LINE_BREAK)) text += 'data: ' + line + '\n';
  } else {
    text += 'data: ' + data + '\n';
  }
  return text + '\n';
}

/**
 * Encodes one OpenAI chat completion chunk as `data: {json}\n\n`. `JSON.stringify` escapes line
 * breaks, so the JSON always fits on one `data:` line. For other JSON (a mid-stream error body), use
 * `encodeSse({ data: JSON.stringify(value) })`.
 */
export function encodeChunk(chunk: ChatCompletionChunk): string {
  return 'data: ' + JSON.stringify(chunk) + '\n\n';
}

/** Encodes a comment (one `:` line per line of `text`); decoders ignore it. */
export function encodeComment(text: string): string {
  let encoded = '';
  for (const line of text.split(LINE_BREAK)) encoded += ': ' + line + '\n';
  return encoded + '\n';
}

function assertSingleLine(field: string, value: string): void {
  if (value.includes('\n') || value.includes('\r')) {
    throw new TypeError(`An SSE ${field} must not contain CR or LF`);
  }
}
