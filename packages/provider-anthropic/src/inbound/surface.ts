import type { InboundSurface } from '@llmux/provider-kit';
import { anthropicTokenCounter } from './count-tokens.js';
import { encodeAnthropicError } from './encode-error.js';
import { encodeAnthropicResponse } from './encode-response.js';
import { createAnthropicStreamEncoder } from './encode-stream.js';
import { createAnthropicNativeRelay } from './native-relay.js';
import { type AnthropicInboundRequest, parseAnthropicRequest } from './parse-request.js';
import { readAnthropicCredential } from './read-credential.js';
import { toAnthropicParam } from './to-anthropic-param.js';
import { toHubRequest } from './to-hub-request.js';

/**
 * The Messages API as the gateway serves it (`POST /v1/messages`, `POST /v1/messages/count_tokens`): Claude
 * models relayed natively, every other model translated through the hub form.
 */
export const anthropicInbound: InboundSurface<AnthropicInboundRequest> = {
  protocol: 'anthropic-messages',
  answerIdPrefix: 'msg_',
  credentialHint: '"x-api-key: <key>" or "Authorization: Bearer <key>"',
  readCredential: readAnthropicCredential,
  parseRequest: parseAnthropicRequest,
  toHubRequest,
  encodeResponse: encodeAnthropicResponse,
  createStreamEncoder: createAnthropicStreamEncoder,
  encodeError: encodeAnthropicError,
  relay: createAnthropicNativeRelay(),
  inboundParam: toAnthropicParam,
  hubFields: {
    messages: '`system`, `messages`',
    image_url: '`image` blocks',
    max_tokens: '`max_tokens`',
    temperature: '`temperature`',
    top_p: '`top_p`',
    stream: '`stream`',
    stop: '`stop_sequences`',
    'response_format.json_schema': '`output_config.format`',
    tools: '`tools`',
    tool_choice: '`tool_choice`',
    parallel_tool_calls: '`tool_choice.disable_parallel_tool_use`',
    user: '`metadata.user_id`',
    reasoning_effort: '`thinking`, `output_config.effort`',
  },
  countTokens: anthropicTokenCounter,
};
