import {
  createParameterSupport,
  type FieldSupport,
  type ModelCapabilities,
  type ParameterSupport,
} from '@llmux/provider-kit';
import { supportIf } from '../support-check.js';

const pass: FieldSupport = { mode: 'pass' };

/**
 * How the Responses adapter treats each Chat Completions field. The Responses API has no `n`, `stop`,
 * penalties, `seed` or `logit_bias` at all (https://platform.openai.com/docs/api-reference/responses/create),
 * and the reasoning models served here (gpt-5-pro, the codex family) reject temperature and top_p, so a
 * request asking for one of them with a value that changes anything is refused with a 400 naming it
 * rather than silently answered differently. `n` > 1 is emulated by the gateway with parallel calls.
 * `convertResponsesRequest` reads this same table.
 */
export function describeResponsesParameterSupport(capabilities: ModelCapabilities): ParameterSupport {
  return createParameterSupport({
    messages: {
      mode: 'translate',
      note: 'system and developer messages become `instructions`; turns become `input` items',
    },
    image_url: capabilities.vision
      ? { mode: 'translate', note: 'sent as input_image' }
      : { mode: 'reject', note: 'the model does not accept images' },
    max_tokens: { mode: 'translate', note: 'sent as max_output_tokens' },
    temperature: supportIf(
      capabilities.temperature !== null,
      'only the default temperature (1) is accepted',
      1,
    ),
    top_p: supportIf(capabilities.topP, 'only the default top_p (1) is accepted', 1),
    frequency_penalty: { mode: 'reject', note: 'the Responses API has no frequency_penalty' },
    presence_penalty: { mode: 'reject', note: 'the Responses API has no presence_penalty' },
    stop: { mode: 'reject', note: 'the Responses API has no stop sequences' },
    n: { mode: 'emulate', note: 'the Responses API returns one answer per call: the gateway makes n calls' },
    'response_format.json_object': capabilities.jsonMode
      ? { mode: 'translate', note: 'sent as text.format json_object' }
      : { mode: 'reject', note: 'the model has no JSON mode' },
    'response_format.json_schema': capabilities.jsonSchema
      ? { mode: 'translate', note: 'sent as text.format json_schema (flattened)' }
      : { mode: 'reject', note: 'the model has no structured outputs' },
    tools: capabilities.tools
      ? { mode: 'translate', note: 'sent as flat function tools' }
      : { mode: 'reject', note: 'the model does not support tools' },
    tool_choice: capabilities.tools
      ? { mode: 'translate', note: 'a named function is sent as {type: "function", name}' }
      : { mode: 'reject', note: 'the model does not support tools' },
    parallel_tool_calls: supportIf(
      capabilities.parallelToolCalls,
      'only the default (true) is accepted',
      true,
    ),
    user: pass,
    seed: { mode: 'reject', note: 'the Responses API has no seed' },
    logprobs: { mode: 'reject', note: 'logprobs are not returned through this adapter' },
    logit_bias: { mode: 'reject', note: 'the Responses API has no logit_bias' },
    reasoning_effort:
      capabilities.reasoningEffort === null
        ? { mode: 'reject', note: 'the model has no reasoning_effort setting' }
        : { mode: 'translate', note: `sent as reasoning.effort: ${capabilities.reasoningEffort.join(', ')}` },
  });
}
