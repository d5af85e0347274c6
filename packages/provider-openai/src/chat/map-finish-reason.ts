import type { FinishReason } from '@llmux/contract';
import type { FinishReasonMapping } from './dialect.js';

const OPENAI_FINISH_REASONS: Readonly<Record<string, FinishReason>> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool_calls',
  content_filter: 'content_filter',
  // The legacy single-function form; clients of today's API expect tool_calls.
  function_call: 'tool_calls',
};

/**
 * Maps an upstream finish reason onto OpenAI's. Vendor extras come from the dialect; an error mapping
 * is returned as is for the caller to throw. Anything unknown is `stop` (providers.md §13): the answer
 * did end, and a strict client must never see a value outside OpenAI's enum.
 */
export function mapChatFinishReason(
  raw: string | null | undefined,
  vendorReasons: Readonly<Record<string, FinishReasonMapping>>,
  hasToolCalls: boolean,
): FinishReasonMapping {
  if (raw === undefined || raw === null || raw === '') return hasToolCalls ? 'tool_calls' : 'stop';
  const vendor = vendorReasons[raw];
  if (vendor !== undefined) return vendor;
  return OPENAI_FINISH_REASONS[raw] ?? 'stop';
}
