import type { ChatCompletionRequest } from '@llmux/contract';

/**
 * What happens to a request field on its way to one vendor:
 * - pass: sent as it is;
 * - translate: sent under the vendor's own name or shape (Anthropic `stop` → `stop_sequences`);
 * - emulate: the vendor has no such thing, so the adapter or the gateway fakes it (`n` by parallel calls);
 * - reject: answered with a 400 naming the parameter. Never a silent drop.
 */
export type SupportMode = 'pass' | 'translate' | 'emulate' | 'reject';

/** The rows of the README's support matrix: the request fields every model must handle one way or another. */
export const SUPPORT_FIELDS = [
  'messages',
  'image_url',
  'max_tokens',
  'temperature',
  'top_p',
  'frequency_penalty',
  'presence_penalty',
  'stream',
  'stop',
  'n',
  'response_format.json_object',
  'response_format.json_schema',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'user',
  'seed',
  'logprobs',
  'logit_bias',
  'reasoning_effort',
] as const;

export type SupportField = (typeof SUPPORT_FIELDS)[number];

export interface FieldSupport {
  mode: SupportMode;
  /** Why, for the matrix and the 400's message ("Anthropic accepts temperature from 0 to 1"). */
  note?: string;
  /**
   * With `reject`: the one value the field may still carry because it asks for nothing — the vendor's
   * own default (`temperature: 1` on a model that accepts only its default). The adapter leaves it out
   * with a warning instead of a 400, so clients that always send their defaults keep working.
   */
  acceptedValue?: unknown;
}

export type ParameterSupport = Record<SupportField, FieldSupport>;

/** A table where every field passes through; adapters override the fields they treat otherwise. */
export function createParameterSupport(overrides: Partial<ParameterSupport> = {}): ParameterSupport {
  const table = {} as ParameterSupport;
  for (const field of SUPPORT_FIELDS) table[field] = overrides[field] ?? { mode: 'pass' };
  return table;
}

/**
 * The request fields that are present with a value that asks for something (a `presence_penalty` of 0
 * or `n: 1` asks for nothing and is never a reason to refuse a request).
 */
export function requestedFields(request: ChatCompletionRequest): SupportField[] {
  const fields: SupportField[] = [];
  const has = (value: unknown) => value !== undefined && value !== null;
  if (
    request.messages.some(
      (message) =>
        Array.isArray(message.content) && message.content.some((part) => part.type === 'image_url'),
    )
  )
    fields.push('image_url');
  if (has(request.max_tokens) || has(request.max_completion_tokens)) fields.push('max_tokens');
  if (has(request.temperature)) fields.push('temperature');
  if (has(request.top_p)) fields.push('top_p');
  if (has(request.frequency_penalty) && request.frequency_penalty !== 0) fields.push('frequency_penalty');
  if (has(request.presence_penalty) && request.presence_penalty !== 0) fields.push('presence_penalty');
  if (request.stream === true) fields.push('stream');
  if (has(request.stop) && !(Array.isArray(request.stop) && request.stop.length === 0)) fields.push('stop');
  if (has(request.n) && request.n !== 1) fields.push('n');
  if (request.response_format?.type === 'json_object') fields.push('response_format.json_object');
  if (request.response_format?.type === 'json_schema') fields.push('response_format.json_schema');
  if (request.tools && request.tools.length > 0) fields.push('tools');
  if (has(request.tool_choice)) fields.push('tool_choice');
  if (has(request.parallel_tool_calls)) fields.push('parallel_tool_calls');
  if (has(request.user)) fields.push('user');
  if (has(request.seed)) fields.push('seed');
  if (request.logprobs === true || has(request.top_logprobs)) fields.push('logprobs');
  if (request.logit_bias && Object.keys(request.logit_bias).length > 0) fields.push('logit_bias');
  if (has(request.reasoning_effort)) fields.push('reasoning_effort');
  return fields;
}

/** The OpenAI request parameter a support field stands for, for the `param` of a 400. */
export function paramOfField(field: SupportField): string {
  if (field === 'image_url') return 'messages';
  if (field.startsWith('response_format')) return 'response_format';
  return field;
}
