import { describe, expect, it } from 'vitest';
import { CatalogValidationError, createCatalog, measureEditDistance } from './catalog.js';
import { getModel, listModels, resolveModelId, suggestModelIds } from './default-catalog.js';
import type { CatalogEntryInput } from './schema.js';

function makeEntry(overrides: Partial<CatalogEntryInput> = {}): CatalogEntryInput {
  return {
    id: 'test-model',
    aliases: ['test.model'],
    vendor: 'openai',
    protocol: 'openai-chat',
    owned_by: 'openai',
    endpoints: [{ provider: 'openai', upstreamModel: 'test-model', protocol: 'openai-chat' }],
    contextWindow: 1000,
    maxOutputTokens: 100,
    capabilities: {
      tools: true,
      vision: false,
      jsonMode: true,
      jsonSchema: false,
      reasoning: false,
      nativeN: true,
      penalties: true,
      stop: true,
      seed: true,
      logprobs: true,
      logitBias: true,
      temperature: { min: 0, max: 2 },
      topP: true,
      parallelToolCalls: true,
      toolChoiceRequired: true,
      reasoningEffort: null,
      streamUsage: true,
    },
    pricing: { input: 1, output: 2 },
    sources: {
      endpoints: 'test',
      contextWindow: 'test',
      maxOutputTokens: 'test',
      pricing: 'test',
      capabilities: 'test',
    },
    ...overrides,
  };
}

function captureError(run: () => unknown): CatalogValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof CatalogValidationError) return error;
    throw error;
  }
  throw new Error('expected a CatalogValidationError');
}

describe('default catalog lookups', () => {
  it('answers for canonical ids and dotted aliases alike', () => {
    expect(getModel('gpt-5.4')).toBe(getModel('gpt-5-4'));
    expect(getModel('gpt-4.1')?.id).toBe('gpt-4-1');
    expect(getModel('glm-4.7')?.id).toBe('glm-4-7-251222');
    expect(getModel('deepseek-v3.2')?.id).toBe('deepseek-v3-2');
    expect(getModel('doubao-seed-2-0-pro')?.id).toBe('doubao-seed-2.0-pro');
    expect(getModel('gpt-5.1-codex-mini')?.id).toBe('gpt-5-1-codex-mini');
  });

  it('looks names up case-insensitively', () => {
    expect(resolveModelId('MiniMax-M2.5')).toBe('minimax-m2.5');
    expect(resolveModelId('GPT-4o')).toBe('gpt-4o');
  });

  it('returns undefined for unknown ids', () => {
    expect(getModel('gpt-9')).toBeUndefined();
    expect(resolveModelId('')).toBeUndefined();
    expect(resolveModelId('toString')).toBeUndefined();
  });

  it('suggests the closest ids for a typo', () => {
    expect(suggestModelIds('gpt-5-mni')[0]).toBe('gpt-5-mini');
    expect(suggestModelIds('claude-sonet-4-6')[0]).toBe('claude-sonnet-4-6');
    expect(suggestModelIds('gemini-2.5-flsh')[0]).toBe('gemini-2.5-flash');
    // An alias match suggests its canonical id.
    expect(suggestModelIds('gpt-5.4x')[0]).toBe('gpt-5-4');
  });

  it('suggests the models a partial id names', () => {
    // A prefix: the preview suffix was left out.
    expect(suggestModelIds('gemini-3-pro')[0]).toBe('gemini-3-pro-preview');
    expect(suggestModelIds('grok-4', 4).sort()).toEqual([
      'grok-4-1-fast-non-reasoning',
      'grok-4-1-fast-reasoning',
      'grok-4-fast-non-reasoning',
      'grok-4-fast-reasoning',
    ]);
    // A substring of an alias: the vendor prefix was left out.
    expect(suggestModelIds('sonnet-4.6')).toEqual(['claude-sonnet-4-6']);
    // Shorter names come first among prefix matches.
    expect(suggestModelIds('doubao-seed-2.0', 4)).toEqual([
      'doubao-seed-2.0-pro',
      'doubao-seed-2.0-code',
      'doubao-seed-2.0-lite',
      'doubao-seed-2.0-mini',
    ]);
  });

  it('ranks live models before retired ones that match about as well', () => {
    const suggestions = suggestModelIds('claude-opus', 3);
    expect(suggestions.map((id) => getModel(id)?.status)).not.toContain('retired');
    expect(suggestions).toHaveLength(3);
    expect(suggestions).toContain('claude-opus-4-6');
  });

  it('limits and de-duplicates suggestions, and suggests nothing for noise', () => {
    const suggestions = suggestModelIds('gpt-5', 5);
    expect(suggestions.length).toBeLessThanOrEqual(5);
    expect(new Set(suggestions).size).toBe(suggestions.length);
    expect(suggestions[0]).toBe('gpt-5');
    expect(suggestModelIds('gpt-5', 0)).toEqual([]);
    expect(suggestModelIds('zzzzzzzzzzzzzzzzzzzzzzzz')).toEqual([]);
  });

  it('hands out the same frozen list every time, with frozen entries', () => {
    expect(listModels()).toBe(listModels());
    expect(Object.isFrozen(listModels())).toBe(true);
    const pricing = getModel('gpt-4o')?.pricing;
    if (!pricing) throw new Error('gpt-4o has a price');
    expect(() => {
      pricing.input = 0;
    }).toThrow(TypeError);
    expect(getModel('gpt-4o')?.pricing?.input).toBe(2.5);
  });
});

describe('createCatalog', () => {
  it('builds the same API over a custom list, applying schema defaults', () => {
    const catalog = createCatalog([makeEntry({ aliases: undefined })]);
    expect(catalog.listModels()).toHaveLength(1);
    expect(catalog.getModel('TEST-MODEL')?.aliases).toEqual([]);
    expect(catalog.getModel('TEST-MODEL')?.status).toBe('active');
    expect(catalog.resolveModelId('test-model')).toBe('test-model');
    expect(catalog.suggestModelIds('test-modl')).toEqual(['test-model']);
  });

  it('accepts its own output again, so an operator can re-validate listModels() after editing', () => {
    const edited = listModels().map((model) =>
      model.id === 'gpt-4o' ? { ...model, pricing: { input: 9, output: 9 } } : model,
    );
    const catalog = createCatalog(edited);
    expect(catalog.getModel('gpt-4o')?.pricing).toEqual({ input: 9, output: 9 });
    expect(catalog.listModels()).toHaveLength(listModels().length);
  });

  it('rejects a bad entry with a message naming the id and the field', () => {
    const bad = makeEntry({ id: 'broken-model', pricing: { input: 0, output: 2 } });
    const error = captureError(() => createCatalog([makeEntry(), bad]));
    expect(error.message).toContain('"broken-model"');
    expect(error.message).toContain('pricing.input');
    expect(error.issues).toContainEqual(
      expect.objectContaining({ entry: '"broken-model"', path: 'pricing.input' }),
    );
  });

  it('names an entry without an id by its position', () => {
    const { id: _id, ...withoutId } = makeEntry();
    const error = captureError(() => createCatalog([makeEntry(), withoutId]));
    expect(error.message).toContain('#1 id');
  });

  it('reports every problem, not just the first', () => {
    const error = captureError(() =>
      createCatalog([
        makeEntry({ id: 'a', endpoints: [] }),
        makeEntry({ id: 'b', aliases: ['b.x'], contextWindow: -1 }),
      ]),
    );
    expect(error.issues.map((issue) => `${issue.entry} ${issue.path}`)).toEqual(
      expect.arrayContaining(['"a" endpoints', '"b" contextWindow']),
    );
  });

  it('rejects null pricing unless the entry says why it is unpriced', () => {
    const error = captureError(() => createCatalog([makeEntry({ pricing: null })]));
    expect(error.message).toContain('unpriced');
    const catalog = createCatalog([makeEntry({ pricing: null, unpriced: { reason: 'free preview' } })]);
    expect(catalog.getModel('test-model')?.unpriced?.reason).toBe('free preview');
  });

  it('rejects a fact with neither a source nor an unconfirmed mark', () => {
    const sources = { endpoints: 'x', contextWindow: 'x', maxOutputTokens: 'x', capabilities: 'x' };
    const error = captureError(() => createCatalog([makeEntry({ sources })]));
    expect(error.message).toContain('sources.pricing');
    expect(() => createCatalog([makeEntry({ sources, unconfirmed: ['pricing'] })])).not.toThrow();
  });

  it('rejects an alias that another entry already uses, in any case', () => {
    const error = captureError(() =>
      createCatalog([makeEntry(), makeEntry({ id: 'other-model', aliases: ['TEST.MODEL'] })]),
    );
    expect(error.message).toContain('"other-model" aliases.0');
    expect(error.message).toContain('already taken by "test-model"');
  });

  it('rejects a duplicate id', () => {
    const error = captureError(() => createCatalog([makeEntry(), makeEntry({ aliases: [] })]));
    expect(error.message).toContain('"test-model" id');
  });

  it('rejects a protocol that differs from the default endpoint', () => {
    const error = captureError(() => createCatalog([makeEntry({ protocol: 'openai-responses' })]));
    expect(error.issues[0]?.path).toBe('protocol');
  });

  it('rejects tiers out of order and an output limit above the context window', () => {
    const tiers = [
      { aboveInputTokens: 200, input: 2, output: 3 },
      { aboveInputTokens: 100, input: 3, output: 4 },
    ];
    const error = captureError(() =>
      createCatalog([makeEntry({ pricing: { input: 1, output: 2, tiers }, maxOutputTokens: 5000 })]),
    );
    const paths = error.issues.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['pricing.tiers', 'maxOutputTokens']));
  });
});

describe('measureEditDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', 'abc', 0],
    ['abc', 'abd', 1],
    ['abc', 'ab', 1],
    ['kitten', 'sitting', 3],
    ['', 'abcd', 4],
  ])('%s → %s = %i', (a, b, expected) => {
    expect(measureEditDistance(a, b)).toBe(expected);
    expect(measureEditDistance(b, a)).toBe(expected);
  });

  it('stops early past the ceiling', () => {
    expect(measureEditDistance('abcdefgh', 'zyxwvuts', 2)).toBe(3);
  });
});
