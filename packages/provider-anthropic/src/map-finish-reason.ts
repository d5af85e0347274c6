import type { FinishReason } from '@llmux/contract';

/**
 * Anthropic `stop_reason` → OpenAI `finish_reason`.
 * Values: https://docs.claude.com/en/api/handling-stop-reasons
 * - end_turn, stop_sequence: the model stopped on its own or on a client stop sequence → stop.
 * - pause_turn: a server-tool loop paused; the answer so far is complete as a turn → stop.
 * - max_tokens, model_context_window_exceeded: cut by a limit → length.
 * - tool_use → tool_calls, unless the only tool called was the JSON-answer emulation (`answeredWithJsonTool`) → stop.
 * - refusal: stopped by Anthropic's safety classifiers → content_filter.
 * - anything new → stop (the text so far is what there is).
 */
export function mapFinishReason(
  stopReason: string | null | undefined,
  { calledClientTools }: { calledClientTools: boolean },
): FinishReason {
  switch (stopReason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return calledClientTools ? 'tool_calls' : 'stop';
    case 'refusal':
      return 'content_filter';
    default:
      return calledClientTools ? 'tool_calls' : 'stop';
  }
}
