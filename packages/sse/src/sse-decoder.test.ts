import { createParser } from 'eventsource-parser';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frameAnthropicStream, frameOpenAiStream, readFixtureLines } from './fixture-streams.js';
import {
  createSseDecoder,
  type SseDecoderOptions,
  type SseEvent,
  SseEventTooLargeError,
} from './sse-decoder.js';
import { encodeSse, type SseMessage } from './sse-encoder.js';

interface Decoded {
  events: SseEvent[];
  comments: string[];
  retries: number[];
  truncated: boolean;
}

type DecodeOptions = Omit<SseDecoderOptions, 'onEvent' | 'onComment' | 'onRetry'>;

function decodePieces(pieces: (Uint8Array | string)[], options: DecodeOptions = {}): Decoded {
  const decoded: Decoded = { events: [], comments: [], retries: [], truncated: false };
  const decoder = createSseDecoder({
    ...options,
    onEvent: (event) => decoded.events.push(event),
    onComment: (comment) => decoded.comments.push(comment),
    onRetry: (retry) => decoded.retries.push(retry),
  });
  for (const piece of pieces) decoder.push(piece);
  decoded.truncated = decoder.end().truncated;
  return decoded;
}

function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    pieces.push(bytes.subarray(start, cut));
    start = cut;
  }
  return pieces;
}

/** Every way of feeding `input` the tests use: whole, cut once at each byte, byte by byte, as text. */
function feedings(input: string | Uint8Array): [string, (Uint8Array | string)[]][] {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const ways: [string, (Uint8Array | string)[]][] = [['whole', [bytes]]];
  for (let cut = 0; cut <= bytes.length; cut++) ways.push([`cut at byte ${cut}`, splitAt(bytes, [cut])]);
  ways.push([
    'byte by byte',
    splitAt(
      bytes,
      Array.from({ length: bytes.length }, (_, index) => index),
    ),
  ]);
  if (typeof input === 'string') {
    ways.push(['as one string', [input]]);
    ways.push(['char by char as strings', [...input]]);
  }
  return ways;
}

function expectSameForEveryFeeding(
  input: string | Uint8Array,
  expected: Partial<Decoded>,
  options: DecodeOptions = {},
): void {
  for (const [how, pieces] of feedings(input)) {
    const decoded = decodePieces(pieces, options);
    const actual: Partial<Decoded> = {};
    for (const key of Object.keys(expected) as (keyof Decoded)[])
      (actual as Record<string, unknown>)[key] = decoded[key];
    expect(actual, how).toEqual(expected);
  }
}

const message = (data: string, extra: Partial<SseEvent> = {}): SseEvent => ({
  event: undefined,
  id: undefined,
  data,
  ...extra,
});

describe('createSseDecoder: the WHATWG interpretation, case by case, fed whole, split and byte by byte', () => {
  it('joins data lines with LF (the spec’s stock-ticker example)', () => {
    expectSameForEveryFeeding('data: YHOO\ndata: +2\ndata: 10\n\n', {
      events: [message('YHOO\n+2\n10')],
      truncated: false,
    });
  });

  it('handles comments, ids, a field-less id reset and an unterminated last block', () => {
    expectSameForEveryFeeding(
      ': test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n',
      {
        events: [message('first event', { id: '1' }), message('second event')],
        comments: ['test stream'],
        truncated: true,
      },
    );
  });

  it('dispatches an empty data field, and a data field with no colon, as empty strings', () => {
    expectSameForEveryFeeding('data\n\ndata\ndata\n\ndata:', {
      events: [message(''), message('\n')],
      truncated: true,
    });
  });

  it('removes exactly one space after the colon', () => {
    expectSameForEveryFeeding('data:test\n\ndata: test\n\ndata:  test\n\n', {
      events: [message('test'), message('test'), message(' test')],
    });
  });

  it('accepts LF, CRLF and lone CR line endings, mixed', () => {
    expectSameForEveryFeeding('data: a\r\ndata: b\rdata: c\n\r\ndata: d\r\rdata: e\n\n', {
      events: [message('a\nb\nc'), message('d'), message('e')],
      truncated: false,
    });
  });

  it('treats CR then LF in the next chunk as one line ending, not as a blank line', () => {
    const decoded = decodePieces(['data: a\r', '\ndata: b\r', '\n\r', '\n']);
    expect(decoded.events).toEqual([message('a\nb')]);
  });

  it('remembers a CR at the end of a chunk across empty chunks and a split character', () => {
    const euro = new TextEncoder().encode('€');
    const decoded = decodePieces([
      'data: a\r',
      new Uint8Array(0),
      '',
      '\ndata: ',
      euro.subarray(0, 1),
      euro.subarray(1),
      '\r',
      new Uint8Array(0),
      '\n\n',
    ]);
    expect(decoded.events).toEqual([message('a\n€')]);
    expect(decoded.truncated).toBe(false);
  });

  it('accepts text and bytes mixed in one stream', () => {
    const decoded = decodePieces(['data: a', new TextEncoder().encode('b\nevent: x\n'), 'data: c\n\n']);
    expect(decoded.events).toEqual([message('ab\nc', { event: 'x' })]);
  });

  it('dispatches on a lone CR blank line at the very end of the stream', () => {
    expectSameForEveryFeeding('data: last\r\r', { events: [message('last')], truncated: false });
  });

  it('sets the event type and resets it after each event', () => {
    expectSameForEveryFeeding('event: add\ndata: 1\n\ndata: 2\n\nevent:\ndata: 3\n\nevent\ndata: 4\n\n', {
      events: [message('1', { event: 'add' }), message('2'), message('3'), message('4')],
    });
  });

  it('does not dispatch an event without data, and drops its type', () => {
    expectSameForEveryFeeding('event: lonely\n\ndata: x\n\n', { events: [message('x')] });
  });

  it('keeps the last event id across events and ignores an id containing NULL', () => {
    expectSameForEveryFeeding('id: 7\ndata: a\n\ndata: b\n\nid: 8\0x\ndata: c\n\nid:\ndata: d\n\n', {
      events: [message('a', { id: '7' }), message('b', { id: '7' }), message('c', { id: '7' }), message('d')],
    });
  });

  it('sets the last event id even from a block that dispatches nothing', () => {
    expectSameForEveryFeeding('id: 3\n\ndata: a\n\n', { events: [message('a', { id: '3' })] });
  });

  it('accepts retry of ASCII digits only', () => {
    expectSameForEveryFeeding(
      'retry: 1000\nretry: 1e3\nretry: -1\nretry: 12a\nretry:\nretry\nretry:0500\n\n',
      {
        retries: [1000, 500],
        events: [],
        truncated: false,
      },
    );
  });

  it('ignores unknown fields and near-miss field names (names are case-sensitive)', () => {
    expectSameForEveryFeeding(
      'foo: bar\nData: x\ndatas: y\nevents: z\nidx: 1\nretryx: 5\nbar\ndata: ok\n\n',
      {
        events: [message('ok')],
        retries: [],
      },
    );
  });

  it('strips one leading BOM, also split across chunks, but not a second one', () => {
    expectSameForEveryFeeding(
      new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('data: a\n\n')]),
      {
        events: [message('a')],
      },
    );
    expectSameForEveryFeeding('\uFEFF\uFEFFdata: a\n\n', { events: [] });
    expectSameForEveryFeeding('data: \uFEFFa\n\n', { events: [message('\uFEFFa')] });
  });

  it('decodes multi-byte UTF-8 split at any byte', () => {
    expectSameForEveryFeeding('event: 日本\ndata: €😀 ü\ndata: 中文\n\n', {
      events: [message('€😀 ü\n中文', { event: '日本' })],
    });
  });

  it('replaces invalid UTF-8 with U+FFFD', () => {
    expectSameForEveryFeeding(
      new Uint8Array([...new TextEncoder().encode('data: a'), 0xff, 0xe2, 0x82, 0x0a, 0x0a]),
      {
        events: [message('a\uFFFD\uFFFD')],
      },
    );
  });

  it('reports comments without the colon and one optional space', () => {
    expectSameForEveryFeeding(':a\n: b\n:  c\n:\n\n', { comments: ['a', 'b', ' c', ''], events: [] });
  });

  it('accepts colons inside the value', () => {
    expectSameForEveryFeeding('data: {"a":"b:c"}\n\n', { events: [message('{"a":"b:c"}')] });
  });
});

describe('createSseDecoder: end of stream', () => {
  it('discards an event without its final blank line and reports the truncation', () => {
    expectSameForEveryFeeding('data: a\n\ndata: b\n', { events: [message('a')], truncated: true });
    expectSameForEveryFeeding('data: a\n\ndata: b', { events: [message('a')], truncated: true });
    expectSameForEveryFeeding('data: a\n\nevent: x\n', { events: [message('a')], truncated: true });
    expectSameForEveryFeeding('data: a\n\nevent:\n', { events: [message('a')], truncated: true });
    expectSameForEveryFeeding('data: a\n\nid: 1\n: note\n', { events: [message('a')], truncated: true });
  });

  it('does not call a stream that ends after a blank line or a complete comment truncated', () => {
    expectSameForEveryFeeding('data: a\n\n: bye\n', { truncated: false });
    expectSameForEveryFeeding('', { events: [], truncated: false });
  });

  it('dispatches the incomplete event when asked, still reporting the truncation', () => {
    const options = { dispatchIncompleteEventAtEnd: true };
    expectSameForEveryFeeding(
      'data: a\n\ndata: b\ndata: c',
      { events: [message('a'), message('b\nc')], truncated: true },
      options,
    );
    expectSameForEveryFeeding('data: [DONE]\n', { events: [message('[DONE]')], truncated: true }, options);
    expectSameForEveryFeeding('data: a\n\n', { events: [message('a')], truncated: false }, options);
  });

  it('refuses pushes after end', () => {
    const decoder = createSseDecoder({ onEvent: () => {} });
    decoder.end();
    expect(() => decoder.push('data: a\n\n')).toThrow(TypeError);
    expect(() => decoder.end()).toThrow(TypeError);
  });
});

describe('createSseDecoder: maxEventSize', () => {
  it('throws when one line grows past the limit, even before it ends', () => {
    const decoder = createSseDecoder({ onEvent: () => {}, maxEventSize: 100 });
    decoder.push('data: ');
    expect(() => {
      for (let index = 0; index < 20; index++) decoder.push('0123456789');
    }).toThrow(SseEventTooLargeError);
    expect(() => decoder.push('\n\n')).toThrow(SseEventTooLargeError);
    expect(() => decoder.end()).toThrow(SseEventTooLargeError);
  });

  it('throws when many data lines add up past the limit', () => {
    const events: SseEvent[] = [];
    const decoder = createSseDecoder({ onEvent: (event) => events.push(event), maxEventSize: 100 });
    decoder.push('data: small\n\n');
    expect(() => decoder.push('data: 0123456789\n'.repeat(20))).toThrow(/maximum size of 100/);
    expect(events).toEqual([message('small')]);
  });

  it('allows events up to the limit, and the limit is per event', () => {
    const events: SseEvent[] = [];
    const decoder = createSseDecoder({ onEvent: (event) => events.push(event), maxEventSize: 100 });
    const data = 'x'.repeat(90);
    for (let index = 0; index < 50; index++) decoder.push(`data: ${data}\n\n`);
    expect(decoder.end().truncated).toBe(false);
    expect(events).toHaveLength(50);
  });

  it('counts the event type toward the limit', () => {
    const decoder = createSseDecoder({ onEvent: () => {}, maxEventSize: 100 });
    expect(() => decoder.push(`event: ${'e'.repeat(60)}\ndata: ${'d'.repeat(60)}\n\n`)).toThrow(
      SseEventTooLargeError,
    );
  });

  it('has a 16 MiB default that a 17 MiB event exceeds', () => {
    const decoder = createSseDecoder({ onEvent: () => {} });
    decoder.push('data: ');
    const piece = 'x'.repeat(1024 * 1024);
    expect(() => {
      for (let index = 0; index < 17; index++) decoder.push(piece);
    }).toThrow(SseEventTooLargeError);
  });
});

// Values an encoder accepts: no CR/LF in event or id, no NULL in id; data may hold anything.
const unicodeText = fc.string({
  unit: fc.oneof(
    fc.constantFrom('\n', '\r', ':', ' ', '€', '😀', 'a'),
    fc
      .integer({ min: 0, max: 0x10ffff })
      .filter((code) => code < 0xd800 || code > 0xdfff)
      .map((code) => String.fromCodePoint(code)),
  ),
});
const singleLine = unicodeText.map((text) => text.replace(/[\r\n\0]/g, '_'));
const sseMessage: fc.Arbitrary<SseMessage> = fc.record(
  { event: singleLine, id: singleLine, retry: fc.nat(), data: unicodeText },
  { requiredKeys: ['data'] },
);

describe('createSseDecoder: properties', () => {
  it('decodes any encoded event list split at random points to the same events', () => {
    fc.assert(
      fc.property(
        fc.array(sseMessage, { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        (messages, rawCuts) => {
          const bytes = new TextEncoder().encode(messages.map(encodeSse).join(''));
          const cuts = [...new Set(rawCuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
          let lastId: string | undefined;
          const expected = messages.map((sent) => {
            if (sent.id !== undefined) lastId = sent.id === '' ? undefined : sent.id;
            return message(sent.data.replace(/\r\n|\r/g, '\n'), {
              event: sent.event || undefined,
              id: lastId,
            });
          });
          const decoded = decodePieces(splitAt(bytes, cuts));
          expect(decoded.events).toEqual(expected);
          expect(decoded.retries).toEqual(
            messages.flatMap((sent) => (sent.retry === undefined ? [] : [sent.retry])),
          );
          expect(decoded.truncated).toBe(false);
        },
      ),
      { numRuns: 1500 },
    );
  });
});

describe('createSseDecoder: recorded streams', () => {
  const streams = [
    ['openai-text.chunks.txt', frameOpenAiStream],
    ['anthropic-json-output-format.1.chunks.txt', frameAnthropicStream],
    ['anthropic-text.chunks.txt', frameAnthropicStream],
  ] as const;

  for (const [fixture, frame] of streams) {
    it(`replays ${fixture} in any piece size, with the same events as eventsource-parser`, () => {
      const lines = readFixtureLines(fixture);
      const text = frame(lines);
      const reference: SseEvent[] = [];
      const parser = createParser({
        onEvent: (event) => reference.push(message(event.data, { event: event.event })),
      });
      parser.feed(text);
      expect(reference.length).toBeGreaterThanOrEqual(lines.length);
      const bytes = new TextEncoder().encode(text);
      for (const pieceSize of [1, 3, 64, 1000, bytes.length]) {
        const decoded = decodePieces(
          splitAt(
            bytes,
            Array.from({ length: Math.ceil(bytes.length / pieceSize) }, (_, index) => index * pieceSize),
          ),
        );
        expect(decoded.events).toEqual(reference);
        expect(decoded.truncated).toBe(false);
      }
      const payloads = reference.filter((event) => event.data !== '[DONE]');
      expect(payloads.map((event) => event.data)).toEqual(lines);
      if (frame === frameAnthropicStream) {
        expect(payloads.map((event) => event.event)).toEqual(lines.map((line) => JSON.parse(line).type));
      }
    });
  }
});
