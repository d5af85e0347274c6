import { describe, expect, it } from 'vitest';
import { createFirstTokenScanner, FIRST_TOKEN_MARKERS } from './first-token.js';
import { anthropicEvents, geminiEvents, openaiChunks, pacedWrites } from './payloads.js';

/** The index of the first chunk the scanner accepts, or -1. */
function firstAccepted(marker: string, chunks: string[]): number {
  const seen = createFirstTokenScanner(marker);
  return chunks.findIndex((chunk) => seen(Buffer.from(chunk)));
}

describe('createFirstTokenScanner', () => {
  it('passes over message_start and ping and stops at the first content_block_delta', () => {
    const chunks = [
      'event: message_start\ndata: {"type":"message_start","message":{"content":[]}}\n\n',
      'event: ping\ndata: {"type":"ping"}\n\n',
      'event: content_block_start\ndata: {"type":"content_block_start","index":0}\n\n',
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0}\n\n',
    ];
    expect(firstAccepted(FIRST_TOKEN_MARKERS.anthropic, chunks)).toBe(3);
  });

  it('finds a marker split across two chunks, in the chunk that completes it', () => {
    expect(firstAccepted('content_block_delta', ['event: content_bl', 'ock_delta\ndata: {}\n\n'])).toBe(1);
    expect(firstAccepted('data:', ['d', 'a', 't', 'a', ':'])).toBe(4);
  });

  it('does not join pieces that were never adjacent', () => {
    expect(firstAccepted('data:', ['da', 'x', 'ta:'])).toBe(-1);
  });

  it('accepts the first chunk of an OpenAI stream, a data: line', () => {
    expect(firstAccepted(FIRST_TOKEN_MARKERS.openai, openaiChunks())).toBe(0);
  });

  it('in a paced Anthropic stream, accepts the first write, which carries the first text delta', () => {
    expect(firstAccepted(FIRST_TOKEN_MARKERS.anthropic, anthropicEvents())).toBe(2);
    expect(firstAccepted(FIRST_TOKEN_MARKERS.anthropic, pacedWrites(anthropicEvents()))).toBe(0);
  });

  it('in a Gemini stream, passes over events without a text part and stops at the first with one', () => {
    const chunks = [
      'data: {"candidates":[{"content":{"role":"model"},"index":0}],"usageMetadata":{"promptTokenCount":380}}\r\n\r\n',
      'data: {"usageMetadata":{"promptTokenCount":380},"modelVersion":"gemini-2.5-flash"}\r\n\r\n',
      'data: {"candidates":[{"content":{"parts":[{"text":"lorem "}],"role":"model"},"index":0}]}\r\n\r\n',
    ];
    expect(firstAccepted(FIRST_TOKEN_MARKERS.gemini, chunks)).toBe(2);
    expect(firstAccepted(FIRST_TOKEN_MARKERS.gemini, geminiEvents())).toBe(0);
    expect(firstAccepted(FIRST_TOKEN_MARKERS.gemini, pacedWrites(geminiEvents()))).toBe(0);
  });
});
