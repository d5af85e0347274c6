import { SUPPORT_FIELDS } from '@llmux/provider-kit';
import { describe, expect, it } from 'vitest';
import { geminiHubFields, toGeminiParam } from './to-gemini-param.js';

describe('toGeminiParam', () => {
  it.each([
    ['stop', 'generationConfig.stopSequences'],
    ['max_tokens', 'generationConfig.maxOutputTokens'],
    ['max_completion_tokens', 'generationConfig.maxOutputTokens'],
    ['top_k', 'generationConfig.topK'],
    ['n', 'generationConfig.candidateCount'],
    ['reasoning_effort', 'generationConfig.thinkingConfig'],
    ['tools[3].function.parameters', 'tools'],
    ['messages[2].content', 'contents'],
    ['tool_choice.function.name', 'toolConfig.functionCallingConfig'],
    ['response_format.json_schema.schema', 'generationConfig.responseJsonSchema'],
    ['response_format', 'generationConfig.responseMimeType'],
    ['something_else', 'something_else'],
  ])('%s → %s', (hub, gemini) => {
    expect(toGeminiParam(hub)).toBe(gemini);
  });
});

describe('geminiHubFields', () => {
  it('names only hub support fields', () => {
    for (const field of Object.keys(geminiHubFields)) expect(SUPPORT_FIELDS).toContain(field);
  });
});
