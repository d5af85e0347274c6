import type { CompletionUsage } from '@llmux/contract';
import type { AnthropicUsage } from './anthropic-api.js';

/**
 * Anthropic usage → OpenAI usage. Anthropic's `input_tokens` leaves out cache reads and writes, while
 * OpenAI's `prompt_tokens` counts every prompt token, cached or not; thinking tokens are already part
 * of `output_tokens`, as reasoning tokens are of `completion_tokens`.
 * https://docs.claude.com/en/docs/build-with-claude/prompt-caching#tracking-cache-performance
 */
export function convertUsage(usage: AnthropicUsage): CompletionUsage {
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  const promptTokens = (usage.input_tokens ?? 0) + cacheRead + cacheWrite;
  const completionTokens = usage.output_tokens ?? 0;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: cacheRead },
  };
}
