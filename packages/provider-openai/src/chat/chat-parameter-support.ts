import {
  createParameterSupport,
  type FieldSupport,
  type ModelCapabilities,
  type ParameterSupport,
  type SupportField,
} from '@llmux/provider-kit';
import { supportIf } from '../support-check.js';
import type { ChatDialect } from './dialect.js';

const pass: FieldSupport = { mode: 'pass' };

function describeTemperature(dialect: ChatDialect, capabilities: ModelCapabilities): FieldSupport {
  const range = capabilities.temperature;
  if (range === null)
    return { mode: 'reject', note: 'This model accepts only the default temperature (1).', acceptedValue: 1 };
  if (range.min <= 0 && range.max >= 2) return pass;
  const bounds = `${range.min} to ${range.max}`;
  return dialect.temperatureOutOfRange === 'clamp'
    ? { mode: 'translate', note: `clamped into ${bounds}` }
    : { mode: 'pass', note: `accepted from ${bounds}; other values answer 400` };
}

function describeJsonSchema(capabilities: ModelCapabilities): FieldSupport {
  if (capabilities.jsonSchema) return pass;
  return {
    mode: 'emulate',
    note: capabilities.jsonMode
      ? 'sent as json_object with the schema in a system message'
      : 'the schema goes in a system message',
  };
}

/**
 * How a dialect treats each request field for a model with these capabilities: the table the gateway
 * checks (`checkParameters`) before translation and the README's support matrix. It is the per-request
 * table below, except that a field a model serves for some requests only is not refused here (gpt-5.1
 * takes temperature with `reasoning_effort: "none"`; Kimi k2.5 takes its one fixed temperature, which
 * depends on `thinking`): the adapter, which sees the whole request, serves it or answers the 400.
 */
export function describeChatParameterSupport(
  dialect: ChatDialect,
  capabilities: ModelCapabilities,
): ParameterSupport {
  const table = describeRequestParameterSupport(dialect, capabilities);
  const conditional: Partial<ParameterSupport> = { ...dialect.conditionalSupport?.(capabilities) };
  if (capabilities.temperature === null && dialect.fixedTemperature) {
    conditional.temperature = {
      mode: 'translate',
      note: "only the model's fixed temperature (it depends on the request) is accepted, and left out; other values answer 400",
    };
  }
  for (const [field, support] of Object.entries(conditional) as [SupportField, FieldSupport][]) {
    if (table[field].mode === 'reject') table[field] = support;
  }
  return table;
}

/**
 * The strict table for one request, once `adjustCapabilities` has seen it: what `convertChatRequest`
 * enforces. Every field it rejects is refused by the adapter itself, with or without the gateway.
 */
export function describeRequestParameterSupport(
  dialect: ChatDialect,
  capabilities: ModelCapabilities,
): ParameterSupport {
  const maxTokensField = dialect.maxTokensField(capabilities);
  const user = dialect.user;
  const table = createParameterSupport({
    messages:
      dialect.instructionRole(capabilities) === 'as-sent'
        ? pass
        : {
            mode: 'translate',
            note: `system and developer messages sent as ${dialect.instructionRole(capabilities)}`,
          },
    image_url: supportIf(capabilities.vision, 'This model does not accept image input.'),
    max_tokens:
      maxTokensField === 'max_tokens' ? pass : { mode: 'translate', note: 'sent as max_completion_tokens' },
    temperature: describeTemperature(dialect, capabilities),
    top_p: supportIf(capabilities.topP, 'This model accepts only the default top_p (1).', 1),
    frequency_penalty: supportIf(capabilities.penalties, 'This model does not support frequency_penalty.'),
    presence_penalty: supportIf(capabilities.penalties, 'This model does not support presence_penalty.'),
    stop: supportIf(capabilities.stop, 'This model does not support stop sequences.'),
    n: capabilities.nativeN ? pass : { mode: 'emulate', note: 'the gateway makes n parallel calls' },
    'response_format.json_object': capabilities.jsonMode
      ? pass
      : { mode: 'emulate', note: 'a system message asks for one JSON object' },
    'response_format.json_schema': describeJsonSchema(capabilities),
    tools: supportIf(capabilities.tools, 'This model does not support tools.'),
    tool_choice:
      capabilities.toolChoiceRequired && dialect.namedToolChoice
        ? dialect.toolChoiceNone === 'pass'
          ? pass
          : { mode: 'translate', note: '"none" is honoured by not sending the tools' }
        : {
            mode: 'translate',
            note: [
              capabilities.toolChoiceRequired ? undefined : '"required" answers 400',
              dialect.namedToolChoice ? undefined : 'a named function answers 400',
              dialect.toolChoiceNone === 'pass' ? undefined : '"none" is honoured by not sending the tools',
            ]
              .filter(Boolean)
              .join('; '),
          },
    parallel_tool_calls: supportIf(
      capabilities.parallelToolCalls,
      'This model accepts only the default parallel_tool_calls (true).',
      true,
    ),
    user:
      user === 'pass'
        ? pass
        : user === 'omit'
          ? { mode: 'translate', note: 'not sent (the vendor has no end-user field); a warning says so' }
          : { mode: 'translate', note: `sent as ${user.rename}` },
    seed: capabilities.seed
      ? pass
      : { mode: 'translate', note: 'not sent (best effort at most anyway); a warning says so' },
    logprobs: supportIf(capabilities.logprobs, 'This model does not return logprobs.'),
    logit_bias: supportIf(capabilities.logitBias, 'This model does not support logit_bias.'),
    reasoning_effort:
      capabilities.reasoningEffort === null
        ? { mode: 'reject', note: 'This model has no reasoning_effort setting.' }
        : { mode: 'pass', note: `one of ${capabilities.reasoningEffort.join(', ')}` },
  });
  return dialect.adjustParameterSupport ? dialect.adjustParameterSupport(table, capabilities) : table;
}
