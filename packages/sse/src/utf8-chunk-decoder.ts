/**
 * Decodes a byte stream into text one chunk at a time, carrying an incomplete UTF-8 sequence at the
 * end of a chunk over to the next one.
 *
 * Why not `TextDecoder#decode(bytes, { stream: true })`: on Node 20 the streaming mode is about ten
 * times slower than a one-shot decode of the same bytes (it leaves the simdutf fast path), and a
 * streamed response is decoded chunk by chunk. So we find the character boundary ourselves and only
 * ever call the one-shot decoder. The output equals a streaming WHATWG UTF-8 decode of the
 * concatenated bytes (invalid sequences become U+FFFD), which the tests check against TextDecoder.
 * A byte-order mark is kept (`ignoreBOM`): stripping the stream's leading BOM is the caller's job,
 * because a one-shot decoder would strip one at the start of every chunk.
 */
export interface Utf8ChunkDecoder {
  decode(bytes: Uint8Array): string;
  /** Ends the stream: an incomplete trailing sequence becomes one U+FFFD. */
  flush(): string;
}

const ASCII_CHARS: string[] = Array.from({ length: 128 }, (_, code) => String.fromCharCode(code));

// One-shot decoding keeps no state, so every chunk decoder shares one TextDecoder (creating one
// costs about as much as decoding a few hundred bytes).
let sharedTextDecoder: TextDecoder | undefined;

export function createUtf8ChunkDecoder(): Utf8ChunkDecoder {
  sharedTextDecoder ??= new TextDecoder('utf-8', { ignoreBOM: true });
  const textDecoder = sharedTextDecoder;
  let carry: Uint8Array | undefined;

  function decode(chunk: Uint8Array): string {
    let bytes = chunk;
    if (carry !== undefined) {
      bytes = new Uint8Array(carry.length + chunk.length);
      bytes.set(carry, 0);
      bytes.set(chunk, carry.length);
      carry = undefined;
    }
    const length = bytes.length;
    if (length === 1) {
      const byte = bytes[0]!;
      // One-byte pieces are common when a proxy trickles a stream; skip the decoder call for them.
      if (byte < 0x80) return ASCII_CHARS[byte]!;
    }
    const tail = measureIncompleteTail(bytes);
    if (tail === 0) return textDecoder.decode(bytes);
    // A copy: on a Node Buffer `slice` is a view, and the caller may reuse its chunk's memory.
    carry = new Uint8Array(bytes.subarray(length - tail));
    return length === tail ? '' : textDecoder.decode(bytes.subarray(0, length - tail));
  }

  function flush(): string {
    if (carry === undefined) return '';
    const rest = carry;
    carry = undefined;
    return textDecoder.decode(rest);
  }

  return { decode, flush };
}

/**
 * The number of bytes at the end of `bytes` that form a valid but unfinished UTF-8 sequence (0 to 3),
 * following the WHATWG UTF-8 decoder's byte ranges (https://encoding.spec.whatwg.org/#utf-8-decoder).
 * An invalid prefix is not carried: the decoder would report it right away, so decoding it now gives
 * the same characters.
 */
export function measureIncompleteTail(bytes: Uint8Array): number {
  const length = bytes.length;
  const last = length === 0 ? 0 : bytes[length - 1]!;
  if (last < 0x80) return 0;
  const limit = Math.min(length, 3);
  for (let back = 1; back <= limit; back++) {
    const byte = bytes[length - back]!;
    if (byte < 0x80) return 0;
    if (byte < 0xc0) continue;
    let needed: number;
    if (byte >= 0xc2 && byte <= 0xdf) needed = 2;
    else if (byte >= 0xe0 && byte <= 0xef) needed = 3;
    else if (byte >= 0xf0 && byte <= 0xf4) needed = 4;
    else return 0;
    if (back >= needed) return 0;
    if (back >= 2) {
      const second = bytes[length - back + 1]!;
      let lower = 0x80;
      let upper = 0xbf;
      if (byte === 0xe0) lower = 0xa0;
      else if (byte === 0xed) upper = 0x9f;
      else if (byte === 0xf0) lower = 0x90;
      else if (byte === 0xf4) upper = 0x8f;
      if (second < lower || second > upper) return 0;
    }
    return back;
  }
  return 0;
}
