// Recognises the first token of a streamed answer in the bytes a client receives, whatever their chunking.

/** What the TTFT workload waits for: any `data:` line of an OpenAI chat stream (the gateway's first chunk carries
 * the first token, see `pacedWrites`), and for an Anthropic Messages stream the first `content_block_delta`, since
 * `message_start` and `ping` come before any text. https://docs.claude.com/en/docs/build-with-claude/streaming
 * For a Gemini stream, the first chunk with a text part (`{"text":` in `candidates[].content.parts`): every
 * `streamGenerateContent` event is a whole `GenerateContentResponse`, and one may carry no text part (only
 * usage or a finish reason). https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent */
export const FIRST_TOKEN_MARKERS = {
  openai: 'data:',
  anthropic: 'content_block_delta',
  gemini: '"parts":[{"text":',
} as const;

export type ClientProtocol = keyof typeof FIRST_TOKEN_MARKERS;

/**
 * A scanner fed each received chunk in order; it answers true for the chunk in which `marker` is first complete,
 * also when the marker is split across two chunks (it keeps the last `marker.length - 1` bytes of the previous one).
 *
 * @example
 * const seen = createFirstTokenScanner('content_block_delta');
 * seen(Buffer.from('event: message_start\n')); // false
 * seen(Buffer.from('event: content_block_delta\n')); // true
 */
export function createFirstTokenScanner(marker: string): (chunk: Buffer) => boolean {
  const needle = Buffer.from(marker);
  let tail = Buffer.alloc(0);
  return (chunk) => {
    const window = tail.length === 0 ? chunk : Buffer.concat([tail, chunk]);
    if (window.includes(needle)) return true;
    const keep = Math.min(needle.length - 1, window.length);
    tail = Buffer.from(window.subarray(window.length - keep));
    return false;
  };
}
