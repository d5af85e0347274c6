import type { FinishReason } from '@llmux/contract';

/**
 * A Chat Completions finish_reason from a Responses answer, which has none: an `incomplete` status says
 * why it stopped early (`incomplete_details.reason`: `max_output_tokens` or `content_filter`), and a
 * completed answer that called functions is waiting for their results.
 * https://platform.openai.com/docs/api-reference/responses/object
 */
export function mapResponsesFinishReason(
  status: string | null | undefined,
  incompleteReason: string | null | undefined,
  hasToolCalls: boolean,
): FinishReason {
  if (incompleteReason === 'content_filter') return 'content_filter';
  if (incompleteReason === 'max_output_tokens') return 'length';
  // An incomplete answer for a reason OpenAI adds later was still cut short.
  if (status === 'incomplete') return 'length';
  return hasToolCalls ? 'tool_calls' : 'stop';
}
