import type { CompletionUsage } from '@llmux/contract';
import type { OpenAIChatUsage } from './openai-chat-api.js';

function toCount(value: number | null | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.round(value) : undefined;
}

/** The numeric entries of a details object (`audio_tokens`, xAI's `text_tokens`…); nulls and oddities left out. */
function copyCounts(details: Record<string, unknown> | null | undefined): Record<string, number> {
  const counts: Record<string, number> = {};
  if (!details) return counts;
  for (const [key, value] of Object.entries(details)) {
    const count = toCount(typeof value === 'number' ? value : undefined);
    if (count !== undefined) counts[key] = count;
  }
  return counts;
}

export interface ConvertChatUsageOptions {
  /** xAI reports reasoning tokens beside `completion_tokens` rather than inside them. */
  completionTokensExcludeReasoning: boolean;
}

/**
 * Normalises an OpenAI-dialect usage object to OpenAI's semantics: `prompt_tokens` includes cached
 * tokens, `completion_tokens` includes reasoning tokens, `total_tokens` is their sum. Cached tokens are
 * read wherever the vendor puts them (OpenAI `prompt_tokens_details.cached_tokens`, DeepSeek
 * `prompt_cache_hit_tokens`, Moonshot top-level `cached_tokens`).
 */
export function convertChatUsage(usage: OpenAIChatUsage, options: ConvertChatUsageOptions): CompletionUsage {
  const prompt = toCount(usage.prompt_tokens) ?? 0;
  const reasoning = toCount(usage.completion_tokens_details?.reasoning_tokens);
  const reported = toCount(usage.completion_tokens) ?? 0;
  const completion = options.completionTokensExcludeReasoning ? reported + (reasoning ?? 0) : reported;
  const cached =
    toCount(usage.prompt_tokens_details?.cached_tokens) ??
    toCount(usage.prompt_cache_hit_tokens) ??
    toCount(usage.cached_tokens);
  const total = options.completionTokensExcludeReasoning
    ? prompt + completion
    : (toCount(usage.total_tokens) ?? prompt + completion);

  const result: CompletionUsage = {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: total,
  };
  const promptDetails = copyCounts(usage.prompt_tokens_details);
  if (cached !== undefined) promptDetails.cached_tokens = Math.min(cached, prompt);
  if (Object.keys(promptDetails).length > 0) result.prompt_tokens_details = promptDetails;
  const completionDetails = copyCounts(usage.completion_tokens_details);
  if (Object.keys(completionDetails).length > 0) result.completion_tokens_details = completionDetails;
  return result;
}
