import { chatCompletionChunkSchema, chatCompletionSchema } from '@llmux/contract';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { meetsChunkContract, meetsCompletionContract } from './check-completion.js';

// Any JSON value a field could hold: the right type, null, missing, or a wrong type.
const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.string({ maxLength: 3 }),
  fc.integer({ min: -2, max: 3 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constant(2 ** 53),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
);
// Mostly the right type, so that whole valid completions come out often enough to test the accepting side.
const maybe = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary, weight: 6 }, { arbitrary: anyValue, weight: 1 });
const record = (shape: Record<string, fc.Arbitrary<unknown>>) =>
  fc.record(shape, { requiredKeys: [] }).map((value) => value as unknown);

const counts = (fields: string[]) =>
  record(Object.fromEntries(fields.map((field) => [field, maybe(fc.nat(100))])));
const usage = record({
  prompt_tokens: maybe(fc.nat(100)),
  completion_tokens: maybe(fc.nat(100)),
  total_tokens: maybe(fc.nat(200)),
  prompt_tokens_details: maybe(counts(['cached_tokens', 'audio_tokens'])),
  completion_tokens_details: maybe(counts(['reasoning_tokens', 'accepted_prediction_tokens'])),
});
const toolCall = record({
  id: maybe(fc.string({ maxLength: 4 })),
  type: maybe(fc.constant('function')),
  function: maybe(
    record({
      name: maybe(fc.string({ maxLength: 4 })),
      arguments: maybe(fc.oneof(fc.string(), fc.constant({}))),
    }),
  ),
});
const token = record({
  token: maybe(fc.string({ maxLength: 2 })),
  logprob: maybe(fc.double({ noNaN: true, noDefaultInfinity: true })),
  bytes: maybe(fc.array(fc.nat(255), { maxLength: 2 })),
  top_logprobs: maybe(fc.constant([])),
});
const message = record({
  role: maybe(fc.constant('assistant')),
  content: maybe(fc.string({ maxLength: 4 })),
  refusal: maybe(fc.string({ maxLength: 4 })),
  reasoning_content: maybe(fc.string({ maxLength: 4 })),
  tool_calls: maybe(fc.array(toolCall, { maxLength: 2 })),
});
const choice = record({
  index: maybe(fc.nat(3)),
  message: maybe(message),
  logprobs: maybe(record({ content: maybe(fc.array(token, { maxLength: 2 })), refusal: anyValue })),
  finish_reason: maybe(
    fc.constantFrom('stop', 'length', 'tool_calls', 'content_filter', 'function_call', 'SAFETY'),
  ),
});
const completion = record({
  id: maybe(fc.string({ maxLength: 4 })),
  object: maybe(fc.constantFrom('chat.completion', 'chat.completion.chunk')),
  created: maybe(fc.nat()),
  model: maybe(fc.string({ maxLength: 4 })),
  choices: maybe(fc.array(choice, { maxLength: 2 })),
  usage: maybe(usage),
  system_fingerprint: maybe(fc.string({ maxLength: 3 })),
  service_tier: maybe(fc.string({ maxLength: 3 })),
});

describe('meetsCompletionContract', () => {
  it('gives the same answer as the contract schema, on valid and broken completions alike', () => {
    let valid = 0;
    fc.assert(
      fc.property(completion, (value) => {
        const expected = chatCompletionSchema.safeParse(value).success;
        if (expected) valid++;
        expect(meetsCompletionContract(value)).toBe(expected);
      }),
      { numRuns: 20_000 },
    );
    // The generator must reach the accepting side too, or the property says little.
    expect(valid).toBeGreaterThan(20);
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
  index: maybe(fc.nat(3)),
  id: maybe(fc.string({ maxLength: 4 })),
  type: maybe(fc.constant('function')),
  function: maybe(
    record({
      name: maybe(fc.string({ maxLength: 4 })),
      arguments: maybe(fc.oneof(fc.string(), fc.constant({}))),
    }),
  ),
});
const delta = record({
  role: maybe(fc.constantFrom('assistant', 'user')),
  content: maybe(fc.string({ maxLength: 4 })),
  refusal: maybe(fc.string({ maxLength: 4 })),
  reasoning_content: maybe(fc.string({ maxLength: 4 })),
  tool_calls: maybe(fc.array(toolCallDelta, { maxLength: 2 })),
});
const chunkChoice = record({
  index: maybe(fc.nat(3)),
  delta: maybe(delta),
  logprobs: maybe(record({ content: maybe(fc.array(token, { maxLength: 2 })), refusal: anyValue })),
  finish_reason: maybe(fc.constantFrom('stop', 'length', 'tool_calls', 'SAFETY')),
});
const chunk = record({
  id: maybe(fc.string({ maxLength: 4 })),
  object: maybe(fc.constantFrom('chat.completion.chunk', 'chat.completion', '')),
  created: maybe(fc.nat()),
  model: maybe(fc.string({ maxLength: 4 })),
  choices: maybe(fc.array(chunkChoice, { maxLength: 2 })),
  usage: maybe(usage),
  system_fingerprint: maybe(fc.string({ maxLength: 3 })),
  service_tier: maybe(fc.string({ maxLength: 3 })),
});

describe('meetsChunkContract', () => {
  it('gives the same answer as the contract schema, on valid and broken chunks alike', () => {
    let valid = 0;
    fc.assert(
      fc.property(chunk, (value) => {
        const expected = chatCompletionChunkSchema.safeParse(value).success;
        if (expected) valid++;
        expect(meetsChunkContract(value)).toBe(expected);
      }),
      { numRuns: 20_000 },
    );
    expect(valid).toBeGreaterThan(20);
  });
});
