import type { ChatCompletionChunk } from '@llmux/contract';
import type { ResponseContext } from '@llmux/provider-kit';
import { encodeChunk } from '@llmux/sse';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createChunkEncoder } from './encode-chunk.js';

const context: ResponseContext = {
  completionId: 'chatcmpl-0123456789abcdef',
  created: 1_764_100_000,
  publicModel: 'gpt-4o-mini "quoted"',
  request: { model: 'gpt-4o-mini', messages: [] },
  generateToolCallId: () => 'call_1',
};

function stamped(rest: Partial<ChatCompletionChunk>): ChatCompletionChunk {
  return {
    id: context.completionId,
    object: 'chat.completion.chunk',
    created: context.created,
    model: context.publicModel,
    choices: [],
    ...rest,
  };
}

describe('createChunkEncoder', () => {
  const encode = createChunkEncoder(context);

  it('writes the same text as encodeChunk for stamped chunks', () => {
    const chunks: ChatCompletionChunk[] = [
      stamped({
        choices: [{ index: 0, delta: { role: 'assistant', content: 'héllo\n"x"' }, finish_reason: null }],
      }),
      stamped({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], system_fingerprint: 'fp_1' }),
      stamped({ usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } }),
      stamped({ system_fingerprint: undefined as unknown as string }),
    ];
    for (const chunk of chunks) expect(encode(chunk)).toBe(encodeChunk(chunk));
  });

  it('falls back for a chunk stamped otherwise or with its fields in another order', () => {
    const other = { ...stamped({}), id: 'chatcmpl-other' };
    expect(encode(other)).toBe(encodeChunk(other));
    const reordered = {
      choices: [],
      id: context.completionId,
      object: 'chat.completion.chunk',
      created: context.created,
      model: context.publicModel,
    } as ChatCompletionChunk;
    expect(encode(reordered)).toBe(encodeChunk(reordered));
    expect(encode(reordered).startsWith('data: {"choices":[]')).toBe(true);
  });

  it('matches encodeChunk on arbitrary chunk bodies', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.string(), (extra, content) => {
        const chunk = stamped({
          choices: [{ index: 0, delta: { content }, finish_reason: null }],
          ...(extra as Partial<ChatCompletionChunk>),
        });
        expect(encode(chunk)).toBe(encodeChunk(chunk));
      }),
    );
  });
});
