import type { FinishReason } from '@llmux/contract';

/** Gemini finish reasons that mean a filter stopped the answer (https://ai.google.dev/api/generate-content#FinishReason). */
const FILTERED = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'IMAGE_RECITATION',
  'LANGUAGE',
]);

/**
 * Maps Gemini's finishReason to OpenAI's. Gemini has no finish reason of its own for function calls
 * (it says STOP), so `hasToolCalls` turns a normal stop into `tool_calls`. MALFORMED_FUNCTION_CALL,
 * OTHER, UNEXPECTED_TOOL_CALL and unknown values end as `stop`: the answer is over and nothing better fits.
 */
export function mapFinishReason(
  finishReason: string | null | undefined,
  hasToolCalls: boolean,
): FinishReason {
  if (finishReason === 'MAX_TOKENS') return 'length';
  if (finishReason && FILTERED.has(finishReason)) return 'content_filter';
  return hasToolCalls ? 'tool_calls' : 'stop';
}
