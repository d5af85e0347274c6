import { type ChatCompletion, type ChatCompletionChunk, choiceLogprobsSchema } from '@llmux/contract';

const FINISH_REASONS = new Set(['stop', 'length', 'tool_calls', 'content_filter', 'function_call']);

/**
 * `chatCompletionSchema.safeParse(value).success`, written by hand for the relay, which checks every whole
 * answer it forwards: zod's check, which also builds a copy nobody reads, was the largest single item of the
 * relay's cost. A property test (`check-completion.test.ts`) holds the two to the same answers. Logprobs, rare
 * and large, are still checked by their zod schema.
 */
export function meetsCompletionContract(value: unknown): value is ChatCompletion {
  if (!isRecord(value) || !hasEnvelope(value, 'chat.completion')) return false;
  if (value.usage !== undefined && !isUsage(value.usage)) return false;
  if (!Array.isArray(value.choices)) return false;
  for (const choice of value.choices) {
    if (!isRecord(choice) || !isCount(choice.index)) return false;
    if (typeof choice.finish_reason !== 'string' || !FINISH_REASONS.has(choice.finish_reason)) return false;
    if (choice.logprobs !== null && !choiceLogprobsSchema.safeParse(choice.logprobs).success) return false;
    const message = choice.message;
    if (!isRecord(message) || message.role !== 'assistant') return false;
    if (!isNullableString(message.content) || !isNullableString(message.refusal)) return false;
    if (message.reasoning_content !== undefined && !isNullableString(message.reasoning_content)) return false;
    if (message.tool_calls !== undefined && !areToolCalls(message.tool_calls)) return false;
  }
  return true;
}

/**
 * `chatCompletionChunkSchema.safeParse(value).success`, by hand, for the chunks the relay checks in full (each
 * stream's first chunk and its usage chunk); property-tested against the schema like the function above.
 */
export function meetsChunkContract(value: unknown): value is ChatCompletionChunk {
  if (!isRecord(value) || !hasEnvelope(value, 'chat.completion.chunk')) return false;
  if (value.usage !== undefined && value.usage !== null && !isUsage(value.usage)) return false;
  if (!Array.isArray(value.choices)) return false;
  for (const choice of value.choices) {
    if (!isRecord(choice) || !isCount(choice.index)) return false;
    const finish = choice.finish_reason;
    if (finish !== null && (typeof finish !== 'string' || !FINISH_REASONS.has(finish))) return false;
    const logprobs = choice.logprobs;
    if (logprobs !== undefined && logprobs !== null && !choiceLogprobsSchema.safeParse(logprobs).success)
      return false;
    const delta = choice.delta;
    if (!isRecord(delta)) return false;
    if (delta.role !== undefined && delta.role !== 'assistant') return false;
    if (!isOptionalNullableString(delta.content) || !isOptionalNullableString(delta.refusal)) return false;
    if (!isOptionalNullableString(delta.reasoning_content)) return false;
    if (delta.tool_calls !== undefined && !areToolCallDeltas(delta.tool_calls)) return false;
  }
  return true;
}

function areToolCallDeltas(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (const call of value) {
    if (!isRecord(call) || !isCount(call.index)) return false;
    if (call.id !== undefined && typeof call.id !== 'string') return false;
    if (call.type !== undefined && call.type !== 'function') return false;
    const fn = call.function;
    if (fn === undefined) continue;
    if (!isRecord(fn)) return false;
    if (fn.name !== undefined && typeof fn.name !== 'string') return false;
    if (fn.arguments !== undefined && typeof fn.arguments !== 'string') return false;
  }
  return true;
}

function areToolCalls(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (const call of value) {
    if (!isRecord(call) || typeof call.id !== 'string' || call.type !== 'function') return false;
    const fn = call.function;
    if (!isRecord(fn) || typeof fn.name !== 'string' || typeof fn.arguments !== 'string') return false;
  }
  return true;
}

function isUsage(value: unknown): boolean {
  if (!isRecord(value)) return false;
  if (!isCount(value.prompt_tokens) || !isCount(value.completion_tokens) || !isCount(value.total_tokens))
    return false;
  return (
    areOptionalCounts(value.prompt_tokens_details, ['cached_tokens', 'audio_tokens']) &&
    areOptionalCounts(value.completion_tokens_details, [
      'reasoning_tokens',
      'audio_tokens',
      'accepted_prediction_tokens',
      'rejected_prediction_tokens',
    ])
  );
}

/** The fields a completion and a chunk share: id, object, created, model, system_fingerprint, service_tier. */
function hasEnvelope(value: Record<string, unknown>, object: string): boolean {
  return (
    typeof value.id === 'string' &&
    value.object === object &&
    Number.isSafeInteger(value.created) &&
    typeof value.model === 'string' &&
    isOptionalNullableString(value.system_fingerprint) &&
    isOptionalNullableString(value.service_tier)
  );
}

/** An optional details object whose named fields, where present, are counts. */
function areOptionalCounts(value: unknown, fields: readonly string[]): boolean {
  if (value === undefined) return true;
  if (!isRecord(value)) return false;
  for (const field of fields) {
    if (value[field] !== undefined && !isCount(value[field])) return false;
  }
  return true;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A safe integer ≥ 0, as zod 4's `z.int().min(0)`. */
function isCount(value: unknown): boolean {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function isNullableString(value: unknown): boolean {
  return value === null || typeof value === 'string';
}

function isOptionalNullableString(value: unknown): boolean {
  return value === undefined || value === null || typeof value === 'string';
}
