import { describe, expect, it } from 'vitest';
import { getModel } from './default-catalog.js';
import { selectPrices } from './pricing.js';
import { type Pricing, pricingSchema } from './schema.js';

const tiered: Pricing = {
  input: 1,
  output: 5,
  cachedInput: 0.2,
  cacheWrite: 1.25,
  tiers: [
    { aboveInputTokens: 32_000, input: 1.8, output: 9, cachedInput: 0.36 },
    { aboveInputTokens: 128_000, input: 3, output: 15 },
  ],
};

describe('selectPrices', () => {
  it('uses the base rates up to and including the first threshold', () => {
    expect(selectPrices(tiered, 0)).toEqual({ input: 1, output: 5, cachedInput: 0.2, cacheWrite: 1.25 });
    expect(selectPrices(tiered, 32_000).input).toBe(1);
  });

  it('applies the highest tier the prompt exceeds to the whole request', () => {
    expect(selectPrices(tiered, 32_001)).toEqual({
      input: 1.8,
      output: 9,
      cachedInput: 0.36,
      cacheWrite: 1.8,
    });
    expect(selectPrices(tiered, 500_000)).toMatchObject({ input: 3, output: 15 });
  });

  it('falls back to the tier input rate, not the cheaper base rate, for rates a tier leaves out', () => {
    expect(selectPrices(tiered, 200_000)).toMatchObject({ cachedInput: 3, cacheWrite: 3 });
  });

  it('bills cached and cache-write tokens at the input rate when a model has no discount', () => {
    expect(selectPrices({ input: 15, output: 120 }, 10)).toEqual({
      input: 15,
      output: 120,
      cachedInput: 15,
      cacheWrite: 15,
    });
  });

  it('bills thinking-mode output higher where the model prices it so', () => {
    const qwen = getModel('qwen3-235b-a22b')?.pricing;
    expect(qwen).toBeTruthy();
    if (!qwen) return;
    expect(selectPrices(qwen, 1000).output).toBe(1.147);
    expect(selectPrices(qwen, 1000, { thinking: true }).output).toBe(2.868);
    expect(selectPrices({ input: 1, output: 2 }, 1000, { thinking: true }).output).toBe(2);
  });

  it("bills thinking-mode output above a tier threshold at the tier's thinking rate, never the cheaper one", () => {
    const hybrid: Pricing = {
      input: 1,
      output: 2,
      reasoningOutput: 8,
      tiers: [{ aboveInputTokens: 100, input: 3, output: 6, reasoningOutput: 24 }],
    };
    expect(selectPrices(hybrid, 1000, { thinking: true }).output).toBe(24);
    expect(selectPrices(hybrid, 1000).output).toBe(6);
    expect(selectPrices(hybrid, 10, { thinking: true }).output).toBe(8);
  });

  it('refuses a thinking rate that a tier leaves out (it would bill thinking at the non-thinking rate)', () => {
    const result = pricingSchema.safeParse({
      input: 1,
      output: 2,
      reasoningOutput: 8,
      tiers: [{ aboveInputTokens: 100, input: 3, output: 6 }],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['tiers', 0, 'reasoningOutput']);
  });

  it('reads the real long-context tiers of the catalog', () => {
    const gemini = getModel('gemini-2.5-pro')?.pricing;
    expect(gemini && selectPrices(gemini, 250_000)).toEqual({
      input: 2.5,
      output: 15,
      cachedInput: 0.25,
      cacheWrite: 2.5,
    });
    const sonnet = getModel('claude-sonnet-4-5')?.pricing;
    expect(sonnet && selectPrices(sonnet, 300_000)).toEqual({
      input: 6,
      output: 22.5,
      cachedInput: 0.6,
      cacheWrite: 7.5,
    });
  });
});
