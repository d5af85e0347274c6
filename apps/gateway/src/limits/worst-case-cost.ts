import type { Pricing } from '@llmux/catalog';
import type { ChatCompletionRequest } from '@llmux/contract';

/**
 * Tokens per UTF-8 byte never exceed 1 / this for text (a byte-level BPE token covers at least one byte, and
 * JSON's quotes, keys and escapes add bytes that are not prompt tokens): the "bytes ÷ 2" bound.
 */
export const BYTES_PER_TOKEN_BOUND = 2;

/**
 * Tokens an image can cost, at most: above every vendor's documented per-image ceiling (Anthropic resizes to
 * ≈1,600 tokens, OpenAI's patch-based models stop near 3,800, Gemini's 258-token tiles of a 4K image ≈3,900).
 * An image sent as a data URL is counted by its bytes as well.
 */
export const IMAGE_TOKEN_BOUND = 8192;

/** The tool-use instructions a vendor adds to the prompt when tools are offered (Anthropic's are ≈350). */
export const TOOLS_OVERHEAD_TOKENS = 1024;

export interface WorstCaseInput {
  /** UTF-8 bytes of the request body: a superset of its messages, tools and response schema. */
  promptBytes: number;
  images: number;
  hasTools: boolean;
  /** The request's output cap (`max_completion_tokens`, `max_tokens`) or the model's own. */
  outputTokens: number;
  /** `n`: each choice may bill the prompt (emulated n is n upstream calls) and its own output. */
  choices: number;
  /** The prices of every deployment the request may reach (retries fail over); null = unpriced. */
  pricings: ReadonlyArray<Pricing | null>;
}

export interface WorstCase {
  promptTokens: number;
  outputTokens: number;
  /** Prompt plus output, all choices. */
  tokens: number;
  /** USD at the dearest applicable rates; null when a reachable deployment has no price. */
  usd: number | null;
}

/**
 * The most a request can cost: its prompt bounded from its bytes (plus images and tool instructions), its
 * output at its cap, each choice billed in full, priced at the highest input rate any of its deployments may
 * apply (cached and cache-write input included, and every tier the prompt bound reaches) and the highest output
 * rate (thinking output included). An upper bound, so a budget that admits it cannot be overspent.
 */
export function estimateWorstCase(input: WorstCaseInput): WorstCase {
  const choices = Math.max(1, input.choices);
  const promptTokens =
    Math.ceil(input.promptBytes / BYTES_PER_TOKEN_BOUND) +
    input.images * IMAGE_TOKEN_BOUND +
    (input.hasTools ? TOOLS_OVERHEAD_TOKENS : 0);
  const outputTokens = input.outputTokens;
  let usd: number | null = 0;
  for (const pricing of input.pricings) {
    if (pricing === null) {
      usd = null;
      break;
    }
    const rates = highestRates(pricing, promptTokens);
    const cost = (choices * (promptTokens * rates.input + outputTokens * rates.output)) / 1_000_000;
    if (cost > usd) usd = cost;
  }
  return { promptTokens, outputTokens, tokens: choices * (promptTokens + outputTokens), usd };
}

/** The dearest input and output rates among the base prices and every tier a prompt of `promptTokens` reaches. */
export function highestRates(pricing: Pricing, promptTokens: number): { input: number; output: number } {
  let input = Math.max(pricing.input, pricing.cachedInput ?? 0, pricing.cacheWrite ?? 0);
  let output = Math.max(pricing.output, pricing.reasoningOutput ?? 0);
  for (const tier of pricing.tiers ?? []) {
    if (promptTokens <= tier.aboveInputTokens) continue;
    input = Math.max(input, tier.input, tier.cachedInput ?? 0, tier.cacheWrite ?? 0);
    output = Math.max(output, tier.output, tier.reasoningOutput ?? 0);
  }
  return { input, output };
}

/** The estimate's inputs read from a parsed chat request. */
export function worstCaseInputOf(
  request: ChatCompletionRequest,
  promptBytes: number,
  modelMaxOutputTokens: number,
  pricings: ReadonlyArray<Pricing | null>,
): WorstCaseInput {
  let images = 0;
  for (const message of request.messages) {
    const content = (message as { content?: unknown }).content;
    if (!Array.isArray(content)) continue;
    for (const part of content) if ((part as { type?: unknown }).type === 'image_url') images++;
  }
  return {
    promptBytes,
    images,
    hasTools: request.tools !== undefined && request.tools.length > 0,
    outputTokens: request.max_completion_tokens ?? request.max_tokens ?? modelMaxOutputTokens,
    choices: request.n ?? 1,
    pricings,
  };
}
