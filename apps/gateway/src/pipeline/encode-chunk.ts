import type { ChatCompletionChunk } from '@llmux/contract';
import type { ResponseContext } from '@llmux/provider-kit';
import { encodeChunk } from '@llmux/sse';

const STAMP_KEYS = ['id', 'object', 'created', 'model'] as const;
const PLAIN_KEY = /^[A-Za-z0-9_]+$/;

/**
 * `encodeChunk` for the chunks of one response, byte for byte the same text: every chunk a translator
 * emits starts with the same four stamped fields (the gateway's id, object, created, public model), so
 * their JSON is built once per response and only the rest of each chunk is serialised. Measured: about
 * 1.3–1.7× faster than `JSON.stringify` of the whole chunk for a 50-token stream (it runs once per token).
 * A chunk that does not start with those four fields, with those values, takes the ordinary path.
 */
export function createChunkEncoder(context: ResponseContext): (chunk: ChatCompletionChunk) => string {
  const head = `data: {"id":${JSON.stringify(context.completionId)},"object":"chat.completion.chunk","created":${JSON.stringify(context.created)},"model":${JSON.stringify(context.publicModel)}`;
  const keyText = new Map<string, string>();
  return (chunk) => {
    if (
      chunk.id !== context.completionId ||
      chunk.object !== 'chat.completion.chunk' ||
      chunk.created !== context.created ||
      chunk.model !== context.publicModel
    ) {
      return encodeChunk(chunk);
    }
    let text = head;
    let position = 0;
    const fields = chunk as unknown as Record<string, unknown>;
    // Object.keys order is JSON.stringify's order (chunks are plain objects).
    for (const key of Object.keys(fields)) {
      if (position < 4) {
        if (key !== STAMP_KEYS[position++]) return encodeChunk(chunk);
        continue;
      }
      const value = fields[key];
      // JSON.stringify leaves out undefined members (and functions, which a chunk never holds).
      if (value === undefined || typeof value === 'function') continue;
      let prefix = keyText.get(key);
      if (prefix === undefined) {
        prefix = PLAIN_KEY.test(key) ? `,"${key}":` : `,${JSON.stringify(key)}:`;
        keyText.set(key, prefix);
      }
      text += prefix + JSON.stringify(value);
    }
    if (position < 4) return encodeChunk(chunk);
    return `${text}}\n\n`;
  };
}
