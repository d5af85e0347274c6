import { type OpenAIChatChunk, type OpenAIChatUsage, openAIChatUsageSchema } from './openai-chat-api.js';

/**
 * A hand-written check of one stream chunk, equivalent to `openAIChatChunkSchema.safeParse` (a property
 * test in `read-chunk.test.ts` holds them to the same answers) and several times cheaper: it runs once per
 * streamed token. Returns the chunk, or a description of the first problem. Usage, which arrives once per
 * stream, is still checked by its zod schema.
 */
export function readChatChunk(value: unknown): OpenAIChatChunk | string {
  if (!isRecord(value)) return 'a chunk must be an object';
  if (!isOptionalString(value.id)) return 'id must be a string';
  if (!isOptionalString(value.model)) return 'model must be a string';
  if (!isOptionalString(value.system_fingerprint)) return 'system_fingerprint must be a string';
  if (value.usage !== undefined && value.usage !== null && !isUsage(value.usage)) return 'usage is malformed';
  const choices = value.choices;
  if (choices !== undefined && choices !== null) {
    if (!Array.isArray(choices)) return 'choices must be an array';
    for (const choice of choices) {
      const problem = checkChoice(choice);
      if (problem) return problem;
    }
  }
  return value as OpenAIChatChunk;
}

function checkChoice(choice: unknown): string | undefined {
  if (!isRecord(choice)) return 'a choice must be an object';
  if (!isOptionalInteger(choice.index)) return 'choices[].index must be an integer';
  if (!isOptionalString(choice.finish_reason)) return 'choices[].finish_reason must be a string';
  if (choice.usage !== undefined && choice.usage !== null && !isUsage(choice.usage)) {
    return 'choices[].usage is malformed';
  }
  const delta = choice.delta;
  if (delta === undefined || delta === null) return undefined;
  if (!isRecord(delta)) return 'choices[].delta must be an object';
  for (const key of ['role', 'content', 'refusal', 'reasoning_content', 'reasoning'] as const) {
    if (!isOptionalString(delta[key])) return `choices[].delta.${key} must be a string`;
  }
  const details = delta.reasoning_details;
  if (details !== undefined && details !== null) {
    if (!Array.isArray(details)) return 'choices[].delta.reasoning_details must be an array';
    for (const detail of details) {
      if (!isRecord(detail) || !isOptionalString(detail.text))
        return 'reasoning_details[].text must be a string';
    }
  }
  const calls = delta.tool_calls;
  if (calls !== undefined && calls !== null) {
    if (!Array.isArray(calls)) return 'choices[].delta.tool_calls must be an array';
    for (const call of calls) {
      if (!isRecord(call)) return 'a tool call must be an object';
      if (!isOptionalInteger(call.index)) return 'tool_calls[].index must be an integer';
      if (!isOptionalString(call.id) || !isOptionalString(call.type))
        return 'tool_calls[].id and type must be strings';
      const fn = call.function;
      if (fn === undefined || fn === null) continue;
      if (!isRecord(fn) || !isOptionalString(fn.name)) return 'tool_calls[].function.name must be a string';
      const args = fn.arguments;
      if (args !== undefined && args !== null && typeof args !== 'string' && !isRecord(args)) {
        return 'tool_calls[].function.arguments must be a string';
      }
    }
  }
  return undefined;
}

function isUsage(value: unknown): value is OpenAIChatUsage {
  return openAIChatUsageSchema.safeParse(value).success;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isOptionalString(value: unknown): boolean {
  return value === undefined || value === null || typeof value === 'string';
}

function isOptionalInteger(value: unknown): boolean {
  // Safe integers only, as zod 4's int() (the property test holds the two to the same answers).
  return value === undefined || value === null || Number.isSafeInteger(value);
}
