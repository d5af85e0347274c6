import type { CompletionUsage } from '@llmux/contract';

/** The catalog's price shape (USD per million tokens). */
export interface Pricing {
  input: number;
  output: number;
  cachedInput?: number;
  cacheWrite?: number;
  longContext?: { threshold: number; input: number; output: number; cachedInput?: number };
}

export interface TokenCounts {
  prompt: number;
  completion: number;
  cached: number;
  /** Prompt tokens written to the vendor's cache (Anthropic), when the adapter reports them. */
  cacheWrite: number;
  reasoning: number;
}

export function readTokenCounts(usage: CompletionUsage | null | undefined): TokenCounts | null {
  if (usage === null || usage === undefined) return null;
  return {
    prompt: usage.prompt_tokens,
    completion: usage.completion_tokens,
    cached: usage.prompt_tokens_details?.cached_tokens ?? 0,
    // Not an OpenAI field: an adapter may add it (loose schema) so cache writes bill at `cacheWrite`.
    cacheWrite: readCount(usage.prompt_tokens_details?.cache_write_tokens),
    reasoning: usage.completion_tokens_details?.reasoning_tokens ?? 0,
  };
}

function readCount(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * USD for one request. Cached prompt tokens are billed at `cachedInput` (at `input` when the model has no
 * cache discount), cache writes at `cacheWrite` when the adapter reports them; reasoning tokens are part of `completion` and billed as output. Above a long-context
 * threshold the whole request takes the long-context prices, as Gemini and Qwen bill.
 * Returns null for an unpriced model: a missing price is never $0.
 */
export function computeCost(pricing: Pricing | null | undefined, tokens: TokenCounts): number | null {
  if (pricing === null || pricing === undefined) return null;
  const tier =
    pricing.longContext !== undefined && tokens.prompt > pricing.longContext.threshold
      ? pricing.longContext
      : pricing;
  const cached = Math.min(tokens.cached, tokens.prompt);
  const written = Math.min(tokens.cacheWrite, tokens.prompt - cached);
  const uncached = tokens.prompt - cached - written;
  const cachedPrice = tier.cachedInput ?? tier.input;
  // Long-context tiers carry no cache-write price; the base one applies.
  const writePrice = pricing.cacheWrite ?? tier.input;
  const cost =
    (uncached * tier.input + cached * cachedPrice + written * writePrice + tokens.completion * tier.output) /
    1_000_000;
  return Math.round(cost * 1e12) / 1e12;
}

/** Adds usages of parallel calls (emulated `n`). */
export function sumUsage(
  usages: ReadonlyArray<CompletionUsage | null | undefined>,
): CompletionUsage | undefined {
  let total: CompletionUsage | undefined;
  for (const usage of usages) {
    if (usage === null || usage === undefined) continue;
    if (total === undefined) {
      total = {
        prompt_tokens: 0,
        completion_tokens: 0,
        total_tokens: 0,
        prompt_tokens_details: { cached_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0 },
      };
    }
    total.prompt_tokens += usage.prompt_tokens;
    total.completion_tokens += usage.completion_tokens;
    total.total_tokens += usage.total_tokens;
    total.prompt_tokens_details!.cached_tokens! += usage.prompt_tokens_details?.cached_tokens ?? 0;
    total.completion_tokens_details!.reasoning_tokens! +=
      usage.completion_tokens_details?.reasoning_tokens ?? 0;
  }
  return total;
}
