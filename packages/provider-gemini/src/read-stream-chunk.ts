import type { GeminiGenerateContentResponse } from './gemini-api.js';

/**
 * A hand-written check of one streamed GenerateContentResponse, equivalent to
 * `geminiGenerateContentResponseSchema` for the fields the stream translator reads. Streams run it once
 * per event, where zod's safeParse cost as much as the JSON.parse itself (about 5 µs per event, so
 * 250 µs per 50-event stream against the ~80 µs PERFORMANCE.md leaves a stream); whole answers keep
 * zod. Returns the value typed, or a description of the first field with a wrong type.
 */
export function readStreamChunk(value: unknown): GeminiGenerateContentResponse | string {
  if (!isObject(value)) return 'the chunk is not an object';
  const candidates = value.candidates;
  if (candidates != null) {
    if (!Array.isArray(candidates)) return 'candidates is not an array';
    for (let index = 0; index < candidates.length; index++) {
      const problem = checkCandidate(candidates[index]);
      if (problem) return `candidates[${index}]: ${problem}`;
    }
  }
  if (!isOptional(value.modelVersion, 'string')) return 'modelVersion is not a string';
  if (!isOptional(value.responseId, 'string')) return 'responseId is not a string';
  const usage = value.usageMetadata;
  if (usage != null) {
    if (!isObject(usage)) return 'usageMetadata is not an object';
    for (const key of USAGE_KEYS)
      if (!isOptional(usage[key], 'number')) return `usageMetadata.${key} is not a number`;
  }
  const feedback = value.promptFeedback;
  if (feedback != null) {
    if (!isObject(feedback)) return 'promptFeedback is not an object';
    if (!isOptional(feedback.blockReason, 'string')) return 'promptFeedback.blockReason is not a string';
    if (!isOptional(feedback.blockReasonMessage, 'string'))
      return 'promptFeedback.blockReasonMessage is not a string';
  }
  return value as GeminiGenerateContentResponse;
}

const USAGE_KEYS = [
  'promptTokenCount',
  'candidatesTokenCount',
  'totalTokenCount',
  'cachedContentTokenCount',
  'thoughtsTokenCount',
  'toolUsePromptTokenCount',
] as const;

function checkCandidate(candidate: unknown): string | undefined {
  if (!isObject(candidate)) return 'not an object';
  if (!isOptional(candidate.finishReason, 'string')) return 'finishReason is not a string';
  if (!isOptional(candidate.finishMessage, 'string')) return 'finishMessage is not a string';
  if (candidate.index != null && !Number.isSafeInteger(candidate.index)) return 'index is not an integer';
  const content = candidate.content;
  if (content == null) return undefined;
  if (!isObject(content)) return 'content is not an object';
  if (!isOptional(content.role, 'string')) return 'content.role is not a string';
  const parts = content.parts;
  if (parts == null) return undefined;
  if (!Array.isArray(parts)) return 'content.parts is not an array';
  for (let index = 0; index < parts.length; index++) {
    const problem = checkPart(parts[index]);
    if (problem) return `content.parts[${index}]: ${problem}`;
  }
  return undefined;
}

function checkPart(part: unknown): string | undefined {
  if (!isObject(part)) return 'not an object';
  if (!isOptional(part.text, 'string')) return 'text is not a string';
  if (!isOptional(part.thought, 'boolean')) return 'thought is not a boolean';
  if (!isOptional(part.thoughtSignature, 'string')) return 'thoughtSignature is not a string';
  const inline = part.inlineData;
  if (
    inline != null &&
    !(isObject(inline) && typeof inline.mimeType === 'string' && typeof inline.data === 'string')
  )
    return 'inlineData is not {mimeType, data}';
  const call = part.functionCall;
  if (call == null) return undefined;
  if (!isObject(call)) return 'functionCall is not an object';
  if (!isOptional(call.id, 'string') || !isOptional(call.name, 'string'))
    return 'functionCall id or name is not a string';
  if (!isOptional(call.willContinue, 'boolean')) return 'functionCall.willContinue is not a boolean';
  if (call.args != null && !isObject(call.args)) return 'functionCall.args is not an object';
  const pieces = call.partialArgs;
  if (pieces == null) return undefined;
  if (!Array.isArray(pieces)) return 'functionCall.partialArgs is not an array';
  for (const piece of pieces) {
    if (!isObject(piece) || typeof piece.jsonPath !== 'string') return 'a partialArgs piece has no jsonPath';
    if (!isOptional(piece.stringValue, 'string') || !isOptional(piece.numberValue, 'number'))
      return 'a partialArgs value has the wrong type';
    if (!isOptional(piece.boolValue, 'boolean') || !isOptional(piece.willContinue, 'boolean'))
      return 'a partialArgs flag has the wrong type';
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Absent, null (Google's JSON may spell "unset" either way) or of the given type; a number must be finite, as
 * zod's `z.number()` requires (JSON never carries Infinity, but the check must refuse what the schema refuses).
 */
function isOptional(value: unknown, type: 'string' | 'number' | 'boolean'): boolean {
  if (value == null) return true;
  return type === 'number' ? typeof value === 'number' && Number.isFinite(value) : typeof value === type;
}
