import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readChunkEvents } from './fixture-helpers.js';
import { openAIChatChunkSchema } from './openai-chat-api.js';
import { anyValue, maybe, record } from './property-helpers.js';
import { readChatChunk } from './read-chunk.js';

const toolCall = record({
  index: maybe(fc.nat(3)),
  id: maybe(fc.string({ maxLength: 4 })),
  type: maybe(fc.constant('function')),
  function: maybe(
    record({
      name: maybe(fc.string({ maxLength: 4 })),
      arguments: maybe(fc.oneof(fc.string(), fc.constant({ a: 1 }))),
    }),
  ),
});
const usage = record({
  prompt_tokens: maybe(fc.nat(100)),
  completion_tokens: maybe(fc.nat(100)),
  total_tokens: maybe(fc.nat(200)),
  prompt_tokens_details: maybe(record({ cached_tokens: maybe(fc.nat(50)) })),
});
const delta = record({
  role: maybe(fc.constant('assistant')),
  content: maybe(fc.string({ maxLength: 4 })),
  reasoning_content: maybe(fc.string({ maxLength: 4 })),
  reasoning: maybe(fc.string({ maxLength: 4 })),
  refusal: maybe(fc.string({ maxLength: 4 })),
  tool_calls: maybe(fc.array(maybe(toolCall), { maxLength: 2 })),
  reasoning_details: maybe(
    fc.array(maybe(record({ text: maybe(fc.string({ maxLength: 4 })) })), { maxLength: 2 }),
  ),
});
const choice = record({
  index: maybe(fc.nat(2)),
  delta: maybe(delta),
  finish_reason: maybe(fc.constantFrom('stop', 'length', 'tool_calls')),
  logprobs: anyValue,
  usage: maybe(usage),
});
const chunk = fc.oneof(
  record({
    id: maybe(fc.string({ maxLength: 4 })),
    model: maybe(fc.string({ maxLength: 4 })),
    system_fingerprint: maybe(fc.string({ maxLength: 4 })),
    choices: maybe(fc.array(maybe(choice), { maxLength: 2 })),
    usage: maybe(usage),
  }),
  anyValue,
);

describe('readChatChunk', () => {
  it('accepts exactly what openAIChatChunkSchema accepts', () => {
    fc.assert(
      fc.property(chunk, (value) => {
        const json = value === undefined ? undefined : JSON.parse(JSON.stringify(value));
        expect(typeof readChatChunk(json) !== 'string').toBe(openAIChatChunkSchema.safeParse(json).success);
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts every recorded OpenAI chunk', () => {
    const events = readChunkEvents(new URL('./__fixtures__/openai-text.chunks.txt', import.meta.url), {
      done: false,
    });
    for (const event of events) expect(typeof readChatChunk(JSON.parse(event.data))).toBe('object');
  });

  it('says what is wrong', () => {
    expect(readChatChunk({ choices: [{ delta: { content: 3 } }] })).toBe(
      'choices[].delta.content must be a string',
    );
    expect(readChatChunk([])).toBe('a chunk must be an object');
    // zod 4's int() refuses integers beyond ±2^53 - 1; the hand-written check must too (found by the
    // property test above, seed 162251805).
    expect(readChatChunk({ choices: [{ index: -(2 ** 53) }] })).toBe('choices[].index must be an integer');
    expect(openAIChatChunkSchema.safeParse({ choices: [{ index: -(2 ** 53) }] }).success).toBe(false);
  });
});
