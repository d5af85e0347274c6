import type { CompletionUsage } from '@llmux/contract';
import type { GeminiUsageMetadata } from './gemini-api.js';

/**
 * Gemini's usageMetadata in OpenAI's terms. candidatesTokenCount leaves out thinking tokens, which are
 * billed as output (https://ai.google.dev/gemini-api/docs/thinking#pricing), so completion tokens add
 * thoughtsTokenCount; promptTokenCount already includes cached tokens, as OpenAI's prompt_tokens does.
 */
export function convertUsage(metadata: GeminiUsageMetadata | null | undefined): CompletionUsage | undefined {
  if (!metadata || metadata.promptTokenCount == null) return undefined;
  const prompt = metadata.promptTokenCount + (metadata.toolUsePromptTokenCount ?? 0);
  const reasoning = metadata.thoughtsTokenCount ?? 0;
  const completion = (metadata.candidatesTokenCount ?? 0) + reasoning;
  const usage: CompletionUsage = {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: metadata.cachedContentTokenCount ?? 0 },
    completion_tokens_details: { reasoning_tokens: reasoning },
  };
  return usage;
}
