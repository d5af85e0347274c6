import type { Pricing } from '@llmux/catalog';
import { parseChatRequest } from '@llmux/contract';
import { describe, expect, it } from 'vitest';
import { computeCost } from '../usage/cost.js';
import { estimateWorstCase, highestRates, IMAGE_TOKEN_BOUND, worstCaseInputOf } from './worst-case-cost.js';

const flat: Pricing = { input: 1, output: 4 };

describe('estimateWorstCase', () => {
  it('bounds the prompt by bytes ÷ 2 and prices prompt and output per choice', () => {
    const estimate = estimateWorstCase({
      promptBytes: 1001,
      images: 0,
      hasTools: false,
      outputTokens: 100,
      choices: 2,
      pricings: [flat],
    });
    expect(estimate.promptTokens).toBe(501);
    expect(estimate.tokens).toBe(2 * 601);
    expect(estimate.usd).toBeCloseTo((2 * (501 * 1 + 100 * 4)) / 1e6, 12);
  });

  it('adds images and tool instructions, and takes the dearest deployment', () => {
    const estimate = estimateWorstCase({
      promptBytes: 0,
      images: 2,
      hasTools: true,
      outputTokens: 0,
      choices: 1,
      pricings: [flat, { input: 3, output: 1 }],
    });
    expect(estimate.promptTokens).toBe(2 * IMAGE_TOKEN_BOUND + 1024);
    expect(estimate.usd).toBeCloseTo((estimate.promptTokens * 3) / 1e6, 12);
  });

  it('is null when any reachable deployment is unpriced', () => {
    const estimate = estimateWorstCase({
      promptBytes: 10,
      images: 0,
      hasTools: false,
      outputTokens: 10,
      choices: 1,
      pricings: [flat, null],
    });
    expect(estimate.usd).toBeNull();
    expect(estimate.tokens).toBe(15);
  });

  it('is never below the real cost, whatever the cache and tiers do', () => {
    const pricing: Pricing = {
      input: 1,
      output: 2,
      cachedInput: 0.1,
      cacheWrite: 1.25,
      reasoningOutput: 3,
      tiers: [{ aboveInputTokens: 100, input: 2, output: 5, reasoningOutput: 6, cacheWrite: 2.5 }],
    };
    const estimate = estimateWorstCase({
      promptBytes: 400,
      images: 0,
      hasTools: false,
      outputTokens: 50,
      choices: 1,
      pricings: [pricing],
    });
    for (const [prompt, cached, cacheWrite, reasoning] of [
      [200, 0, 200, 50],
      [200, 200, 0, 0],
      [50, 0, 50, 50],
      [200, 0, 0, 0],
    ] as const) {
      const real = computeCost(pricing, { prompt, completion: 50, cached, cacheWrite, reasoning })!;
      expect(estimate.usd!).toBeGreaterThanOrEqual(real);
    }
  });
});

describe('highestRates', () => {
  it('counts only the tiers the prompt reaches', () => {
    const pricing: Pricing = {
      input: 1,
      output: 2,
      tiers: [{ aboveInputTokens: 1000, input: 9, output: 9 }],
    };
    expect(highestRates(pricing, 1000)).toEqual({ input: 1, output: 2 });
    expect(highestRates(pricing, 1001)).toEqual({ input: 9, output: 9 });
  });
});

describe('worstCaseInputOf', () => {
  const parse = (body: unknown) => {
    const parsed = parseChatRequest(body);
    if (!parsed.success) throw new Error(parsed.error.error.message);
    return parsed.data;
  };

  it('reads images, tools, n and the output cap (max_completion_tokens first, else the model’s)', () => {
    const request = parse({
      model: 'm',
      n: 3,
      max_tokens: 50,
      max_completion_tokens: 70,
      tools: [{ type: 'function', function: { name: 'f', parameters: {} } }],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'look' },
            { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
            { type: 'image_url', image_url: { url: 'https://example.com/b.png' } },
          ],
        },
      ],
    });
    expect(worstCaseInputOf(request, 300, 8000, [flat])).toEqual({
      promptBytes: 300,
      images: 2,
      hasTools: true,
      outputTokens: 70,
      choices: 3,
      pricings: [flat],
    });
    const plain = parse({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    expect(worstCaseInputOf(plain, 10, 8000, []).outputTokens).toBe(8000);
    expect(worstCaseInputOf(parse({ ...plain, max_tokens: 9 }), 10, 8000, []).outputTokens).toBe(9);
  });
});
