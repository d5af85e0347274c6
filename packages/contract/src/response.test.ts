import { describe, expect, it } from 'vitest';
import { createOpenAiValidators, readFixtureJson } from './__fixtures__/fixtures.js';
import { chatCompletionSchema, completionUsageSchema, finishReasonSchema } from './response.js';

const openai = createOpenAiValidators();

/** Every non-streamed body we have, whether or not it is valid. */
const examples: Record<string, unknown> = {
  'recorded/openai-text.json': readFixtureJson('recorded/openai-text.json'),
  'recorded/deepseek-tool-call.json': readFixtureJson('recorded/deepseek-tool-call.json'),
  'recorded/deepseek-reasoning.json': readFixtureJson('recorded/deepseek-reasoning.json'),
  'recorded/moonshotai-tool-call.json': readFixtureJson('recorded/moonshotai-tool-call.json'),
  'recorded/alibaba-tool-call.json': readFixtureJson('recorded/alibaba-tool-call.json'),
  'recorded/xai-tool-call.json': readFixtureJson('recorded/xai-tool-call.json'),
  'reference/openai-default.response.json': readFixtureJson('reference/openai-default.response.json'),
  'reference/openai-functions.response.json': readFixtureJson('reference/openai-functions.response.json'),
  'reference/openai-logprobs.response.json': readFixtureJson('reference/openai-logprobs.response.json'),
};

/** A completion that both OpenAI's schema and ours accept, with every optional part present. */
const fullCompletion = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1770933883,
  model: 'gpt-4.1-nano',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content: null,
        refusal: null,
        reasoning_content: 'thinking',
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
        ],
      },
      logprobs: { content: [{ token: 'a', logprob: -0.1, bytes: [97], top_logprobs: [] }], refusal: null },
      finish_reason: 'tool_calls',
    },
  ],
  usage: {
    prompt_tokens: 10,
    completion_tokens: 5,
    total_tokens: 15,
    prompt_tokens_details: { cached_tokens: 4 },
    completion_tokens_details: { reasoning_tokens: 2 },
  },
  system_fingerprint: null,
  service_tier: 'default',
};

/** Every way of deleting one property (at any depth) from a value. */
function* withOnePropertyRemoved(value: unknown, path: string[] = []): Generator<[string, unknown]> {
  if (value === null || typeof value !== 'object') return;
  const entries = Object.entries(value);
  for (const [key, child] of entries) {
    if (!Array.isArray(value)) {
      const copy = { ...(value as Record<string, unknown>) };
      delete copy[key];
      yield [[...path, key].join('.'), copy];
    }
    for (const [childPath, changed] of withOnePropertyRemoved(child, [...path, key])) {
      const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...value };
      (copy as Record<string, unknown>)[key] = changed;
      yield [childPath, copy];
    }
  }
}

describe('chatCompletionSchema', () => {
  it('accepts a real OpenAI response and keeps its extra message fields', () => {
    const body = examples['recorded/openai-text.json'];
    const parsed = chatCompletionSchema.parse(body);
    expect(parsed.choices[0]?.finish_reason).toBe('stop');
    expect(parsed.choices[0]?.message.refusal).toBeNull();
    expect(parsed.choices[0]?.message).toHaveProperty('annotations', []);
    expect(parsed.usage?.completion_tokens_details?.reasoning_tokens).toBe(0);
    expect(parsed.usage?.prompt_tokens_details?.cached_tokens).toBe(0);
    expect(parsed.system_fingerprint).toBe('fp_de604bd877');
  });

  it('accepts a completion with tool calls, reasoning, logprobs and a null system_fingerprint', () => {
    expect(chatCompletionSchema.safeParse(fullCompletion).success).toBe(true);
    expect(openai.completion(fullCompletion)).toBe(true);
  });

  it.each([
    ['recorded/deepseek-tool-call.json', 'choices.0.message.refusal'],
    ['recorded/deepseek-reasoning.json', 'choices.0.message.refusal'],
    ['reference/openai-default.response.json', 'choices.0.message.refusal'],
    ['reference/openai-functions.response.json', 'choices.0.message.refusal'],
  ])('rejects %s, which strict clients reject too (missing %s)', (name, missing) => {
    const result = chatCompletionSchema.safeParse(examples[name]);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(missing);
    expect(openai.completion(examples[name])).toBe(false);
  });

  it('keeps reasoning_content, null included (vendors send null when a model did not reason)', () => {
    const withNull = structuredClone(fullCompletion);
    (withNull.choices[0]?.message as { reasoning_content: unknown }).reasoning_content = null;
    expect(chatCompletionSchema.parse(withNull).choices[0]?.message.reasoning_content).toBeNull();
    expect(chatCompletionSchema.parse(fullCompletion).choices[0]?.message.reasoning_content).toBe('thinking');
  });

  it('rejects vendor finish reasons and object arguments', () => {
    const safety = structuredClone(fullCompletion);
    (safety.choices[0] as { finish_reason: string }).finish_reason = 'SAFETY';
    expect(chatCompletionSchema.safeParse(safety).success).toBe(false);

    const objectArguments = structuredClone(fullCompletion) as unknown as {
      choices: { message: { tool_calls: { function: { arguments: unknown } }[] } }[];
    };
    const call = objectArguments.choices[0]?.message.tool_calls[0];
    if (call) call.function.arguments = { city: 'Paris' };
    expect(chatCompletionSchema.safeParse(objectArguments).success).toBe(false);
    expect(openai.completion(objectArguments)).toBe(false);
  });

  it('never accepts what OpenAI published schema rejects: every example and every one-field deletion', () => {
    const candidates: [string, unknown][] = [['fullCompletion', fullCompletion], ...Object.entries(examples)];
    for (const [name, example] of Object.entries({ fullCompletion, ...examples })) {
      for (const [path, changed] of withOnePropertyRemoved(example))
        candidates.push([`${name} without ${path}`, changed]);
    }
    let acceptedByBoth = 0;
    const disagreements: string[] = [];
    for (const [name, candidate] of candidates) {
      if (!chatCompletionSchema.safeParse(candidate).success) continue;
      if (openai.completion(candidate)) acceptedByBoth++;
      else disagreements.push(name);
    }
    expect(disagreements).toEqual([]);
    // The corpus must exercise the accepting side, or this test proves nothing.
    expect(acceptedByBoth).toBeGreaterThan(20);
  });
});

describe('completionUsageSchema', () => {
  it('requires the three token counts as integers', () => {
    expect(
      completionUsageSchema.safeParse({ prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 }).success,
    ).toBe(true);
    expect(completionUsageSchema.safeParse({ prompt_tokens: 1, completion_tokens: 2 }).success).toBe(false);
    expect(
      completionUsageSchema.safeParse({ prompt_tokens: 1.5, completion_tokens: 2, total_tokens: 3.5 })
        .success,
    ).toBe(false);
  });
});

describe('finishReasonSchema', () => {
  it("has exactly OpenAI's five values", () => {
    expect(finishReasonSchema.options).toEqual([
      'stop',
      'length',
      'tool_calls',
      'content_filter',
      'function_call',
    ]);
  });
});
