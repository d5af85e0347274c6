import { describe, expect, it } from 'vitest';
import { createOpenAiValidators } from './__fixtures__/fixtures.js';
import { type ModelList, modelListSchema, modelSchema } from './models.js';

const openai = createOpenAiValidators();

const list: ModelList = {
  object: 'list',
  data: [
    {
      id: 'claude-sonnet-4-6',
      object: 'model',
      created: 1771286400,
      owned_by: 'anthropic',
      context_length: 200000,
      max_output_tokens: 64000,
      capabilities: { tools: true, vision: true, json_mode: false, reasoning: true },
      pricing: { input: 3, output: 15, cached_input: 0.3 },
    },
    {
      id: 'local-llama',
      object: 'model',
      created: 0,
      owned_by: 'self-hosted',
      context_length: 8192,
      max_output_tokens: 2048,
      capabilities: {},
      pricing: null,
    },
  ],
};

describe('modelListSchema', () => {
  it('accepts our model list, which also passes OpenAI ListModelsResponse', () => {
    expect(modelListSchema.parse(list)).toEqual(list);
    expect(openai.modelList(list)).toBe(true);
  });

  it("rejects OpenAI's bare model object: the gateway always says context, output limit, capabilities and price", () => {
    const bare = { id: 'gpt-4o', object: 'model', created: 1715367049, owned_by: 'system' };
    expect(openai.model(bare)).toBe(true);
    const result = modelSchema.safeParse(bare);
    expect(result.error?.issues.map((issue) => issue.path[0])).toEqual([
      'context_length',
      'max_output_tokens',
      'capabilities',
      'pricing',
    ]);
  });

  it('rejects non-boolean capabilities and negative prices', () => {
    const [first] = list.data;
    expect(modelSchema.safeParse({ ...first, capabilities: { tools: 'yes' } }).success).toBe(false);
    expect(
      modelSchema.safeParse({ ...first, pricing: { input: -1, output: 1, cached_input: null } }).success,
    ).toBe(false);
  });
});
