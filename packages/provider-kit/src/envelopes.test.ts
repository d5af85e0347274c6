import { describe, expect, it } from 'vitest';
import type { ResponseContext } from './adapter.js';
import { createChunk, createCompletion, createDeltaChunk, createUsageChunk } from './envelopes.js';
import { validateChunk, validateCompletion } from './testing/openai-schema.js';

const context: ResponseContext = {
  completionId: 'chatcmpl-envelope',
  created: 1_760_000_000,
  publicModel: 'public-model',
  request: { model: 'public-model', messages: [{ role: 'user', content: 'hi' }] },
  generateToolCallId: () => 'call_1',
};
const stamp = { id: 'chatcmpl-envelope', created: 1_760_000_000, model: 'public-model' };
const usage = { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 };

describe('answer envelopes', () => {
  it('stamps chunks with the context, and each validates against OpenAI schema', () => {
    const choice = { index: 1, delta: { content: 'a' }, finish_reason: null };
    const chunks = [
      createChunk(context, [choice]),
      createDeltaChunk(context, 0, { role: 'assistant', content: '' }),
      createDeltaChunk(context, 0, {}, 'stop'),
      createUsageChunk(context, usage),
    ];
    expect(chunks).toEqual([
      { ...stamp, object: 'chat.completion.chunk', choices: [choice] },
      {
        ...stamp,
        object: 'chat.completion.chunk',
        choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
      },
      {
        ...stamp,
        object: 'chat.completion.chunk',
        choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
      },
      { ...stamp, object: 'chat.completion.chunk', choices: [], usage },
    ]);
    for (const chunk of chunks) expect(validateChunk(chunk)).toEqual([]);
  });

  it('stamps a completion, with usage only when there is some', () => {
    const choice = {
      index: 0,
      message: { role: 'assistant' as const, content: 'hi', refusal: null },
      logprobs: null,
      finish_reason: 'stop' as const,
    };
    const withUsage = createCompletion(context, [choice], usage);
    expect(withUsage).toEqual({ ...stamp, object: 'chat.completion', choices: [choice], usage });
    expect(validateCompletion(withUsage)).toEqual([]);
    expect('usage' in createCompletion(context, [choice])).toBe(false);
  });
});
