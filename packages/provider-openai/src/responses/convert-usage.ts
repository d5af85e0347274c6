import type { CompletionUsage } from '@llmux/contract';
import { convertChatUsage } from '../chat/convert-usage.js';
import type { OpenAIResponsesUsage } from './responses-api.js';

/**
 * Responses usage in Chat Completions terms: `input_tokens` → `prompt_tokens` (cached tokens included,
 * as on Chat), `output_tokens` → `completion_tokens` (reasoning tokens included). The normalisation is
 * the chat adapter's, so both OpenAI adapters report usage identically.
 */
export function convertResponsesUsage(usage: OpenAIResponsesUsage): CompletionUsage {
  return convertChatUsage(
    {
      prompt_tokens: usage.input_tokens,
      completion_tokens: usage.output_tokens,
      total_tokens: usage.total_tokens,
      prompt_tokens_details: usage.input_tokens_details,
      completion_tokens_details: usage.output_tokens_details,
    },
    { completionTokensExcludeReasoning: false },
  );
}
