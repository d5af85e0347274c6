import { invalidParameter, type TranslationWarning } from '@llmux/provider-kit';
import { defineProfile } from '../profile.js';

/**
 * Sends `enable_thinking: false` (with a warning) for a request thinking cannot serve, or refuses it
 * when the client explicitly asked for thinking.
 */
function turnThinkingOff(
  body: Record<string, unknown>,
  warnings: TranslationWarning[],
  reason: { param: string; refusal: string; why: string },
): void {
  if (body.enable_thinking === true)
    throw invalidParameter(reason.param, reason.refusal, 'unsupported_value');
  if (body.enable_thinking !== undefined) return;
  body.enable_thinking = false;
  warnings.push({ param: 'enable_thinking', action: 'translated', message: reason.why });
}

/**
 * Alibaba Cloud Model Studio (DashScope), OpenAI-compatible mode
 * (https://www.alibabacloud.com/help/en/model-studio/compatibility-of-openai-with-dashscope).
 */
export const dashscopeProfile = defineProfile({
  name: 'dashscope',
  displayName: 'Alibaba Cloud Model Studio (DashScope)',
  defaultBaseUrl: 'https://dashscope-intl.aliyuncs.com/compatible-mode/v1',
  envPrefix: 'DASHSCOPE',
  docs: [
    'https://www.alibabacloud.com/help/en/model-studio/compatibility-of-openai-with-dashscope',
    'https://www.alibabacloud.com/help/en/model-studio/deep-thinking',
    'https://www.alibabacloud.com/help/en/model-studio/error-code',
  ],
  passThroughFields: ['enable_thinking', 'thinking_budget', 'top_k', 'repetition_penalty', 'enable_search'],
  errorCodes: {
    invalid_parameter_error: 'invalid_request',
    InvalidParameter: 'invalid_request',
    // Content moderation refused the input or output.
    data_inspection_failed: 'content_filter',
    DataInspectionFailed: 'content_filter',
    Arrearage: 'quota',
    InvalidApiKey: 'authentication',
    invalid_api_key: 'authentication',
    Throttling: 'rate_limit',
    limit_requests: 'rate_limit',
    InternalError: 'server',
    ModelServingError: 'overloaded',
  },
  adjustParameterSupport(support) {
    // DashScope has presence_penalty but no frequency_penalty (vercel/ai alibaba warns and drops it).
    return {
      ...support,
      frequency_penalty: {
        mode: 'reject',
        note: 'DashScope has no frequency_penalty (presence_penalty is supported).',
      },
    };
  },
  adjustRequest(body, { request, capabilities, warnings }) {
    if (!capabilities.reasoning) return;
    // Structured output is not available in thinking mode: a JSON request turns thinking off unless the
    // client asked for both, which cannot be served.
    const format = request.response_format?.type;
    if (format === 'json_object' || format === 'json_schema') {
      turnThinkingOff(body, warnings, {
        param: 'response_format',
        refusal: `${request.model} cannot combine response_format ${format} with enable_thinking: true`,
        why: 'thinking turned off: DashScope has no JSON output in thinking mode',
      });
      return;
    }
    if (request.stream === true) return;
    // Hybrid-thinking Qwen models (Qwen3 open weights, Qwen3.5) think by default, and thinking "only
    // supports incremental output": a non-streaming call with thinking on is refused with
    // "parameter.enable_thinking must be set to false for non-streaming calls". So a non-streaming call
    // turns thinking off, and says so; a client that wants the reasoning streams.
    turnThinkingOff(body, warnings, {
      param: 'enable_thinking',
      refusal: `${request.model} thinks only in streaming calls: set "stream": true or "enable_thinking": false`,
      why: 'thinking turned off: DashScope thinks only in streaming calls (send "stream": true to keep it)',
    });
  },
});
