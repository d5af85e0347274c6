import { type Pricing, selectPrices } from '@llmux/catalog';
import type { CompletionUsage } from '@llmux/contract';

export type { Pricing };

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
 * USD for one request, at the catalog's prices for its size (`selectPrices`: a tier above an input-length
 * threshold prices the whole request, as Gemini, GPT-5.4, Ark and Qwen bill; thinking output at
 * `reasoningOutput` where the vendor bills it higher). Cached prompt tokens bill at `cachedInput`, cache
 * writes at `cacheWrite` when the adapter reports them; reasoning tokens are part of `completion`.
 * Returns null for an unpriced model: a missing price is never $0.
 */
export function computeCost(pricing: Pricing | null | undefined, tokens: TokenCounts): number | null {
  if (pricing === null || pricing === undefined) return null;
  const prices = selectPrices(pricing, tokens.prompt, { thinking: tokens.reasoning > 0 });
  const cached = Math.min(tokens.cached, tokens.prompt);
  const written = Math.min(tokens.cacheWrite, tokens.prompt - cached);
  const uncached = tokens.prompt - cached - written;
  const cost =
    (uncached * prices.input +
      cached * prices.cachedInput +
      written * prices.cacheWrite +
      tokens.completion * prices.output) /
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
