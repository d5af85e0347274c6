import { describe, expect, it } from 'vitest';
import { isNotApplicable, readChunksFile, readStreamFixture } from './fixtures.js';

describe('stream fixtures', () => {
  it('decodes SSE text, with CRLF and event names, dropping an incomplete last event', () => {
    const text =
      'event: message_start\r\ndata: {"a":1}\r\n\r\n: comment\n\ndata: {"b":\ndata: 2}\n\ndata: {"cut"';
    expect(readStreamFixture(text)).toEqual([
      { event: 'message_start', data: '{"a":1}' },
      { data: '{"b":\n2}' },
    ]);
  });

  it('passes event lists through', () => {
    const events = [{ data: '1' }];
    expect(readStreamFixture(events)).toEqual(events);
  });

  it('reads .chunks.txt recordings, restoring event names and [DONE]', () => {
    const text = '{"type":"message_start"}\n\n{"type":"ping"}\n';
    expect(readChunksFile(text, { eventName: (payload) => (payload as { type: string }).type })).toEqual([
      { event: 'message_start', data: '{"type":"message_start"}' },
      { event: 'ping', data: '{"type":"ping"}' },
    ]);
    expect(readChunksFile('{"x":1}', { done: true })).toEqual([{ data: '{"x":1}' }, { data: '[DONE]' }]);
  });

  it('recognises a not-applicable marker', () => {
    expect(isNotApplicable({ notApplicable: 'no reasoning text' })).toBe(true);
    expect(isNotApplicable({ whole: {} })).toBe(false);
  });
});
