import type { ChatCompletionRequest } from '@llmux/contract';
import {
  type FieldSupport,
  invalidParameter,
  type ParameterSupport,
  paramOfField,
  requestedFields,
  type SupportField,
  type TranslationWarning,
  type UpstreamTarget,
} from '@llmux/provider-kit';

/**
 * The per-request parameter check both OpenAI adapters (Chat Completions and Responses) run before they
 * translate: one piece of code, so the two refuse and forgive requests the same way.
 */

const pass: FieldSupport = { mode: 'pass' };

/**
 * `pass` when the model has the knob, else `reject` with the note. `acceptedValue` is the default the
 * field may still carry: it asks for nothing, so `checkParameters` lets it through and the adapter
 * leaves it out with a warning.
 */
export function supportIf(supported: boolean, note: string, acceptedValue?: unknown): FieldSupport {
  if (supported) return pass;
  return acceptedValue === undefined ? { mode: 'reject', note } : { mode: 'reject', note, acceptedValue };
}

/** The exact place of the first image, so the 400 names `messages[2].content[1]` rather than `messages`. */
export function findImageParam(request: ChatCompletionRequest): string {
  for (const [messageIndex, message] of request.messages.entries()) {
    if (!Array.isArray(message.content)) continue;
    for (const [partIndex, part] of message.content.entries()) {
      if (part.type === 'image_url') return `messages[${messageIndex}].content[${partIndex}]`;
    }
  }
  return 'messages';
}

export interface SupportCheckRules {
  /** Whether the value the request gives a rejected field asks for nothing (the model's default). */
  isDefaultValue(field: SupportField): boolean;
  /** The 400's message for a rejected field. */
  describeRejection(field: SupportField): string;
}

/**
 * Refuses the requested fields the table rejects (a 400 naming the parameter), except those whose value
 * is the model's default: they are returned, to be left out, each with a `dropped` warning.
 */
export function checkSupport(
  request: ChatCompletionRequest,
  target: UpstreamTarget,
  support: ParameterSupport,
  warnings: TranslationWarning[],
  rules: SupportCheckRules,
): Set<SupportField> {
  const omitted = new Set<SupportField>();
  for (const field of requestedFields(request)) {
    if (support[field].mode !== 'reject') continue;
    const param = field === 'image_url' ? findImageParam(request) : paramOfField(field);
    if (!rules.isDefaultValue(field)) throw invalidParameter(param, rules.describeRejection(field));
    omitted.add(field);
    warnings.push({
      param,
      action: 'dropped',
      message: `${param} left out: it is ${target.publicModel}'s default and the model does not accept the parameter`,
    });
  }
  return omitted;
}
