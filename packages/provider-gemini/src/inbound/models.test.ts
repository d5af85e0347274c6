import { describe, expect, it } from 'vitest';
import { encodeGeminiModel, encodeGeminiModelList } from './models.js';

describe('encodeGeminiModel', () => {
  it("writes Google's Model resource from the catalog facts", () => {
    expect(
      encodeGeminiModel({
        id: 'claude-sonnet-4-6',
        displayName: 'Claude Sonnet 4.6',
        contextWindow: 200_000,
        maxOutputTokens: 64_000,
        reasoning: true,
        temperature: { min: 0, max: 1 },
      }),
    ).toEqual({
      name: 'models/claude-sonnet-4-6',
      baseModelId: 'claude-sonnet-4-6',
      version: '1',
      displayName: 'Claude Sonnet 4.6',
      description: 'Claude Sonnet 4.6',
      inputTokenLimit: 200_000,
      outputTokenLimit: 64_000,
      supportedGenerationMethods: ['generateContent', 'streamGenerateContent', 'countTokens'],
      thinking: true,
      temperature: 1,
      maxTemperature: 1,
    });
  });

  it('falls back to the id and leaves temperature out for a model that takes none', () => {
    const model = encodeGeminiModel({
      id: 'o3',
      contextWindow: 200_000,
      maxOutputTokens: 100_000,
      reasoning: false,
      temperature: null,
    });
    expect(model.displayName).toBe('o3');
    expect(model.thinking).toBe(false);
    expect(model).not.toHaveProperty('temperature');
    expect(model).not.toHaveProperty('maxTemperature');
  });
});

describe('encodeGeminiModelList', () => {
  it('lists every entry under models', () => {
    const list = encodeGeminiModelList([
      { id: 'a', contextWindow: 10, maxOutputTokens: 5, reasoning: false },
      { id: 'b', contextWindow: 20, maxOutputTokens: 5, reasoning: true },
    ]);
    expect(list.models.map((model) => model.name)).toEqual(['models/a', 'models/b']);
  });
});
