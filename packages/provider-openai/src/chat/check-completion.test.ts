import { chatCompletionChunkSchema, chatCompletionSchema } from '@llmux/contract';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { meetsChunkContract, meetsCompletionContract } from './check-completion.js';
import { anyValue, expectSameAnswers, maybe, record } from './property-helpers.js';

// Mostly the right type, so that whole valid completions come out often enough.
const likely = <T>(arbitrary: fc.Arbitrary<T>) => maybe(arbitrary, 6);

const counts = (fields: string[]) =>
  record(Object.fromEntries(fields.map((field) => [field, likely(fc.nat(100))])));
const usage = record({
  prompt_tokens: likely(fc.nat(100)),
  completion_tokens: likely(fc.nat(100)),
  total_tokens: likely(fc.nat(200)),
  prompt_tokens_details: likely(counts(['cached_tokens', 'audio_tokens'])),
  completion_tokens_details: likely(counts(['reasoning_tokens', 'accepted_prediction_tokens'])),
});
const toolCall = record({
  id: likely(fc.string({ maxLength: 4 })),
  type: likely(fc.constant('function')),
  function: likely(
    record({
      name: likely(fc.string({ maxLength: 4 })),
      arguments: likely(fc.oneof(fc.string(), fc.constant({}))),
    }),
  ),
});
const token = record({
  token: likely(fc.string({ maxLength: 2 })),
  logprob: likely(fc.double({ noNaN: true, noDefaultInfinity: true })),
  bytes: likely(fc.array(fc.nat(255), { maxLength: 2 })),
  top_logprobs: likely(fc.constant([])),
});
const message = record({
  role: likely(fc.constant('assistant')),
  content: likely(fc.string({ maxLength: 4 })),
  refusal: likely(fc.string({ maxLength: 4 })),
  reasoning_content: likely(fc.string({ maxLength: 4 })),
  tool_calls: likely(fc.array(toolCall, { maxLength: 2 })),
});
const choice = record({
  index: likely(fc.nat(3)),
  message: likely(message),
  logprobs: likely(record({ content: likely(fc.array(token, { maxLength: 2 })), refusal: anyValue })),
  finish_reason: likely(
    fc.constantFrom('stop', 'length', 'tool_calls', 'content_filter', 'function_call', 'SAFETY'),
  ),
});
/** A completion or chunk around these choices; `objects` are the `object` values to try, the right one first. */
const envelope = (objects: [string, ...string[]], choiceValue: fc.Arbitrary<unknown>) =>
  record({
    id: likely(fc.string({ maxLength: 4 })),
    object: likely(fc.constantFrom(...objects)),
    created: likely(fc.nat()),
    model: likely(fc.string({ maxLength: 4 })),
    choices: likely(fc.array(choiceValue, { maxLength: 2 })),
    usage: likely(usage),
    system_fingerprint: likely(fc.string({ maxLength: 3 })),
    service_tier: likely(fc.string({ maxLength: 3 })),
  });
const completion = envelope(['chat.completion', 'chat.completion.chunk'], choice);

describe('meetsCompletionContract', () => {
  it('gives the same answer as the contract schema, on valid and broken completions alike', () => {
    expectSameAnswers(completion, chatCompletionSchema, meetsCompletionContract, {
      numRuns: 20_000,
      minimumValid: 20,
    });
  });

  it('accepts a real OpenAI answer and refuses a vendor one that leaves out refusal', () => {
    const openai = {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1_770_933_883,
      model: 'gpt-4.1-nano-2025-04-14',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hi', refusal: null, annotations: [] },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: {
        prompt_tokens: 9,
        completion_tokens: 1,
        total_tokens: 10,
        prompt_tokens_details: { cached_tokens: 0 },
      },
      service_tier: 'default',
      system_fingerprint: null,
    };
    expect(meetsCompletionContract(openai)).toBe(true);
    const deepseek = structuredClone(openai) as { choices: Array<{ message: Record<string, unknown> }> };
    delete deepseek.choices[0]!.message.refusal;
    expect(meetsCompletionContract(deepseek)).toBe(false);
  });
});

const toolCallDelta = record({
  index: likely(fc.nat(3)),
  id: likely(fc.string({ maxLength: 4 })),
  type: likely(fc.constant('function')),
  function: likely(
    record({
      name: likely(fc.string({ maxLength: 4 })),
      arguments: likely(fc.oneof(fc.string(), fc.constant({}))),
    }),
  ),
});
const delta = record({
  role: likely(fc.constantFrom('assistant', 'user')),
  content: likely(fc.string({ maxLength: 4 })),
  refusal: likely(fc.string({ maxLength: 4 })),
  reasoning_content: likely(fc.string({ maxLength: 4 })),
  tool_calls: likely(fc.array(toolCallDelta, { maxLength: 2 })),
});
const chunkChoice = record({
  index: likely(fc.nat(3)),
  delta: likely(delta),
  logprobs: likely(record({ content: likely(fc.array(token, { maxLength: 2 })), refusal: anyValue })),
  finish_reason: likely(fc.constantFrom('stop', 'length', 'tool_calls', 'SAFETY')),
});
const chunk = envelope(['chat.completion.chunk', 'chat.completion', ''], chunkChoice);

describe('meetsChunkContract', () => {
  it('gives the same answer as the contract schema, on valid and broken chunks alike', () => {
    expectSameAnswers(chunk, chatCompletionChunkSchema, meetsChunkContract, {
      numRuns: 20_000,
      minimumValid: 20,
    });
  });
});

describe('the checks refuse what strict clients refuse (and the schema agrees)', () => {
  const goodChunk = {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'gpt-4o',
    choices: [{ index: 0, delta: { content: 'x' }, logprobs: null, finish_reason: null }],
  };
  const goodCompletion = {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-4o',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: 'x', refusal: null },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
  };
  const withChoice = <T extends { choices: object[] }>(base: T, change: Record<string, unknown>) => ({
    ...base,
    choices: [{ ...base.choices[0], ...change }],
  });

  it.each([
    ['a vendor finish reason', withChoice(goodChunk, { finish_reason: 'SAFETY' })],
    ['no finish_reason', withChoice(goodChunk, { finish_reason: undefined })],
    ['object ""', { ...goodChunk, object: '' }],
    ['a user role', withChoice(goodChunk, { delta: { role: 'user' } })],
    ['a tool call without index', withChoice(goodChunk, { delta: { tool_calls: [{ id: 'c' }] } })],
    [
      'object arguments',
      withChoice(goodChunk, { delta: { tool_calls: [{ index: 0, function: { arguments: {} } }] } }),
    ],
    [
      'a negative usage count',
      { ...goodChunk, usage: { prompt_tokens: -1, completion_tokens: 0, total_tokens: 0 } },
    ],
  ])('chunk: %s', (_, value) => {
    expect(chatCompletionChunkSchema.safeParse(value).success).toBe(false);
    expect(meetsChunkContract(value)).toBe(false);
  });

  it.each([
    ['a vendor finish reason', withChoice(goodCompletion, { finish_reason: 'SAFETY' })],
    ['no logprobs', withChoice(goodCompletion, { logprobs: undefined })],
    ['no refusal', withChoice(goodCompletion, { message: { role: 'assistant', content: 'x' } })],
    ['a created that is not an integer', { ...goodCompletion, created: 1.5 }],
    [
      'object arguments',
      withChoice(goodCompletion, {
        message: {
          role: 'assistant',
          content: null,
          refusal: null,
          tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: {} } }],
        },
      }),
    ],
  ])('completion: %s', (_, value) => {
    expect(chatCompletionSchema.safeParse(value).success).toBe(false);
    expect(meetsCompletionContract(value)).toBe(false);
  });

  it('accept the good ones', () => {
    expect(meetsChunkContract(goodChunk)).toBe(true);
    expect(meetsCompletionContract(goodCompletion)).toBe(true);
  });
});
