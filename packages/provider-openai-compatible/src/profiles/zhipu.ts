import { invalidParameter } from '@llmux/provider-kit';
import { defineProfile } from '../profile.js';

/**
 * Zhipu GLM on open.bigmodel.cn (https://docs.bigmodel.cn/cn/api/introduction); the
 * international twin is Z.ai (`https://api.z.ai/api/paas/v4`, same wire format).
 */
export const zhipuProfile = defineProfile({
  name: 'zhipu',
  displayName: 'Zhipu AI (GLM)',
  defaultBaseUrl: 'https://open.bigmodel.cn/api/paas/v4',
  envPrefix: 'ZHIPUAI',
  docs: [
    'https://docs.bigmodel.cn/cn/guide/develop/openai/introduction',
    'https://docs.bigmodel.cn/cn/guide/capabilities/thinking',
    'https://docs.bigmodel.cn/cn/faq/api-code',
    'https://docs.z.ai/api-reference/llm/chat-completion',
  ],
  // GLM takes temperature in [0, 1]: 0 and 1 mean what OpenAI's 0 and 1 mean, so a larger value is moved
  // to 1 with a warning rather than refused.
  temperatureOutOfRange: 'clamp',
  // tool_choice: only "auto" is accepted. "none" is honoured by not sending the tools; "required" and a
  // named function cannot be honoured and answer 400 (the catalog marks toolChoiceRequired false).
  namedToolChoice: false,
  toolChoiceNone: 'omit-tools',
  user: { rename: 'user_id' },
  // Zhipu's own SDK sends no stream_options; its streams end with usage on the last chunk anyway.
  streamOptions: false,
  // `thinking: {type: "enabled" | "disabled"}`, `do_sample`, `tool_stream` (streamed tool arguments).
  passThroughFields: ['thinking', 'do_sample', 'tool_stream'],
  finishReasons: {
    sensitive: 'content_filter',
    model_context_window_exceeded: 'length',
    // The upstream inference failed mid-answer: an error worth a retry, never a finished answer.
    network_error: { error: 'server' },
  },
  errorCodes: {
    // Business codes (https://docs.bigmodel.cn/cn/faq/api-code).
    '1000': 'authentication',
    '1001': 'authentication',
    '1002': 'authentication',
    '1003': 'authentication',
    '1004': 'authentication',
    '1110': 'permission',
    '1111': 'permission',
    '1112': 'permission',
    '1113': 'quota',
    '1200': 'invalid_request',
    '1210': 'invalid_request',
    '1211': 'not_found',
    '1213': 'invalid_request',
    '1214': 'invalid_request',
    '1301': 'content_filter',
    '1302': 'rate_limit',
    '1303': 'rate_limit',
    '1304': 'quota',
    '1305': 'rate_limit',
    '500': 'server',
  },
  adjustRequest(body, { request, warnings }) {
    // One stop word only [doc-3p: providers.md §11].
    if (Array.isArray(body.stop) && body.stop.length > 1) {
      throw invalidParameter(
        'stop',
        `${request.model} accepts a single stop sequence; got ${body.stop.length}`,
      );
    }
    // user_id must be 6 to 128 characters long.
    const userId = body.user_id;
    if (typeof userId === 'string' && (userId.length < 6 || userId.length > 128)) {
      delete body.user_id;
      warnings.push({
        param: 'user',
        action: 'dropped',
        message: 'user not sent: Zhipu needs 6 to 128 characters',
      });
    }
  },
});
