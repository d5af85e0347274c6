import type { Pricing } from './schema.js';

/** The per-million USD rates that apply to one request. */
export interface EffectivePrices {
  input: number;
  output: number;
  /** Rate for cache-hit input tokens (the input rate when the model has no cache discount). */
  cachedInput: number;
  /** Rate for cache-write input tokens (the input rate when the vendor does not bill writes apart). */
  cacheWrite: number;
}

/**
 * Picks the rates for a request with `promptTokens` input tokens: the highest tier whose threshold the prompt
 * exceeds applies to the whole request (the Gemini, GPT-5.4, Ark and Qwen convention). With `thinking`, output
 * bills at `reasoningOutput` where a model prices thinking-mode output higher (Qwen3 hybrids). A rate a tier
 * leaves out falls back to that tier's input rate, never to a cheaper base rate, so a request is not under-billed.
 *
 * @example
 * selectPrices(getModel('gemini-2.5-pro')!.pricing!, 250_000); // { input: 2.5, output: 15, cachedInput: 0.25, ... }
 */
export function selectPrices(
  pricing: Pricing,
  promptTokens: number,
  options: { thinking?: boolean } = {},
): EffectivePrices {
  const tier = pricing.tiers?.filter((candidate) => promptTokens > candidate.aboveInputTokens).at(-1);
  if (tier !== undefined) {
    return {
      input: tier.input,
      output: options.thinking && tier.reasoningOutput !== undefined ? tier.reasoningOutput : tier.output,
      cachedInput: tier.cachedInput ?? tier.input,
      cacheWrite: tier.cacheWrite ?? tier.input,
    };
  }
  return {
    input: pricing.input,
    output:
      options.thinking && pricing.reasoningOutput !== undefined ? pricing.reasoningOutput : pricing.output,
    cachedInput: pricing.cachedInput ?? pricing.input,
    cacheWrite: pricing.cacheWrite ?? pricing.input,
  };
}
