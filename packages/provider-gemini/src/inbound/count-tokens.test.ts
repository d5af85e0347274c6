import type { InboundSurface } from '@llmux/provider-kit';
import { describe, expect, it } from 'vitest';
import { estimateGeminiInputTokens, geminiTokenCounter } from './count-tokens.js';
import type { GeminiInboundRequest } from './parse-request.js';
import { parseGeminiRequest } from './parse-request.js';
import { readGeminiCredential } from './read-credential.js';
import { locationOf, readGeminiCliRequests } from './test-support.js';
import { geminiHubFields, toGeminiParam } from './to-gemini-param.js';
import { toHubRequest } from './to-hub-request.js';

const location = locationOf('/v1beta/models/gpt-5-2:countTokens');

describe('geminiTokenCounter', () => {
  it('estimates 4 bytes a token plus 4 a content', () => {
    expect(estimateGeminiInputTokens({ contents: [{ role: 'user', parts: [{ text: 'Hello' }] }] })).toBe(6);
    expect(
      estimateGeminiInputTokens({ contents: [{ role: 'user', parts: [{ text: 'x'.repeat(400) }] }] }),
    ).toBe(104);
  });

  it('counts the system instruction, images and tools', () => {
    const base = { contents: [{ role: 'user' as const, parts: [{ text: 'Hi' }] }] };
    const plain = estimateGeminiInputTokens(base);
    expect(
      estimateGeminiInputTokens({ ...base, systemInstruction: { parts: [{ text: 'a'.repeat(40) }] } }),
    ).toBe(plain + 10);
    const image = {
      contents: [{ role: 'user' as const, parts: [{ inlineData: { mimeType: 'image/png', data: 'x' } }] }],
    };
    expect(estimateGeminiInputTokens(image)).toBe(4 + 1600);
    const tools = { ...base, tools: [{ functionDeclarations: [{ name: 'f' }] }] };
    expect(estimateGeminiInputTokens(tools)).toBeGreaterThan(plain + 300);
  });

  it('parses {contents} and {generateContentRequest} alike', () => {
    const contents = [{ role: 'user', parts: [{ text: 'Hello' }] }];
    const a = geminiTokenCounter.parseRequest({ contents }, location);
    const b = geminiTokenCounter.parseRequest({ generateContentRequest: { contents } }, location);
    expect(a.model).toBe('gpt-5-2');
    expect(geminiTokenCounter.estimate(a.request)).toBe(geminiTokenCounter.estimate(b.request));
  });

  it('encodes totalTokens', () => {
    expect(JSON.parse(geminiTokenCounter.encode(42))).toEqual({ totalTokens: 42 });
  });

  it("estimates gemini-cli's recorded requests in a plausible range", () => {
    for (const { body } of readGeminiCliRequests()) {
      const { request } = geminiTokenCounter.parseRequest({ generateContentRequest: body }, location);
      const bytes = JSON.stringify(body).length;
      const tokens = geminiTokenCounter.estimate(request);
      expect(tokens).toBeGreaterThan(bytes / 8);
      expect(tokens).toBeLessThan(bytes / 2);
    }
  });
});

describe('the request side', () => {
  it('fits InboundSurface (the surface assembles these)', () => {
    const requestSide: Pick<
      InboundSurface<GeminiInboundRequest>,
      'readCredential' | 'parseRequest' | 'toHubRequest' | 'inboundParam' | 'hubFields' | 'countTokens'
    > = {
      readCredential: readGeminiCredential,
      parseRequest: parseGeminiRequest,
      toHubRequest,
      inboundParam: toGeminiParam,
      hubFields: geminiHubFields,
      countTokens: geminiTokenCounter,
    };
    expect(requestSide.countTokens?.encode(1)).toBe('{"totalTokens":1}');
  });
});
