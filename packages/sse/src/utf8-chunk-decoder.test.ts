import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createUtf8ChunkDecoder, measureIncompleteTail } from './utf8-chunk-decoder.js';

function decodeInPieces(bytes: Uint8Array, cuts: number[]): string {
  const decoder = createUtf8ChunkDecoder();
  let text = '';
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    text += decoder.decode(bytes.subarray(start, cut));
    start = cut;
  }
  return text + decoder.flush();
}

function decodeWithTextDecoder(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
}

// Bytes that exercise every branch of a UTF-8 decoder: lead bytes of each length, their special
// second-byte ranges, continuation bytes, and bytes that can never appear.
const interestingByte = fc.constantFrom(
  0x41,
  0x0a,
  0x80,
  0x8f,
  0x90,
  0x9f,
  0xa0,
  0xbf,
  0xc0,
  0xc2,
  0xdf,
  0xe0,
  0xe1,
  0xed,
  0xef,
  0xf0,
  0xf1,
  0xf4,
  0xf5,
  0xff,
);

describe('createUtf8ChunkDecoder', () => {
  it('joins characters split across chunks', () => {
    const bytes = new TextEncoder().encode('a€b😀c');
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(decodeInPieces(bytes, [cut])).toBe('a€b😀c');
    }
    expect(
      decodeInPieces(
        bytes,
        Array.from({ length: bytes.length }, (_, index) => index),
      ),
    ).toBe('a€b😀c');
  });

  it('copies a carried partial character, so the caller may reuse its chunk', () => {
    const decoder = createUtf8ChunkDecoder();
    const chunk = Buffer.from([0x61, 0xe2, 0x82]);
    expect(decoder.decode(chunk)).toBe('a');
    chunk.fill(0x7a);
    expect(decoder.decode(new Uint8Array([0xac]))).toBe('€');
  });

  it('turns an unfinished sequence at the end into one U+FFFD', () => {
    expect(decodeInPieces(new Uint8Array([0x61, 0xf0, 0x9f, 0x98]), [2])).toBe('a\uFFFD');
  });

  it('keeps a byte-order mark (stripping is the caller’s job)', () => {
    expect(decodeInPieces(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]), [1])).toBe('\uFEFFa');
  });

  it('matches a streaming TextDecoder for any bytes split anywhere', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(interestingByte, fc.integer({ min: 0, max: 255 })), { maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (list, rawCuts) => {
          const bytes = new Uint8Array(list);
          const cuts = [...new Set(rawCuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
          expect(decodeInPieces(bytes, cuts)).toBe(decodeWithTextDecoder(bytes));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('carries only valid unfinished prefixes', () => {
    expect(measureIncompleteTail(new Uint8Array([0xe0, 0xa0]))).toBe(2);
    expect(measureIncompleteTail(new Uint8Array([0xe0, 0x80]))).toBe(0);
    expect(measureIncompleteTail(new Uint8Array([0xed, 0xa0]))).toBe(0);
    expect(measureIncompleteTail(new Uint8Array([0xf4, 0x90]))).toBe(0);
    expect(measureIncompleteTail(new Uint8Array([0xf0, 0x9f, 0x98]))).toBe(3);
    expect(measureIncompleteTail(new Uint8Array([0xf0, 0x9f, 0x98, 0x80]))).toBe(0);
    expect(measureIncompleteTail(new Uint8Array([0xc3]))).toBe(1);
    expect(measureIncompleteTail(new Uint8Array([0xc1]))).toBe(0);
  });
});
