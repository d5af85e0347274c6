export {
  type AnthropicAdapterOptions,
  createAnthropicAdapter,
  getParameterSupport,
} from './anthropic-adapter.js';
export {
  ANTHROPIC_VERSION,
  type AnthropicErrorBody,
  type AnthropicMessage,
  type AnthropicMessageRequest,
  type AnthropicStreamEvent,
  anthropicErrorBodySchema,
  anthropicMessageSchema,
  anthropicStreamEventSchema,
} from './anthropic-api.js';
export { REASONING_FORMAT } from './convert-messages.js';
export { convertRequest, planJsonEmulation, THINKING_BUDGETS } from './convert-request.js';
export { convertResponse, type ReasoningDetail } from './convert-response.js';
export { createStreamTranslator, type StreamTranslatorOptions } from './convert-stream.js';
export { convertError, convertStreamError } from './errors.js';
// inbound: the Messages API served to clients
export {
  anthropicTokenCounter,
  estimateAnthropicInputTokens,
} from './inbound/count-tokens.js';
export {
  type AnthropicOutputError,
  encodeAnthropicError,
  toAnthropicErrorBody,
  toAnthropicErrorType,
} from './inbound/encode-error.js';
export {
  type AnthropicOutputBlock,
  type AnthropicOutputMessage,
  type AnthropicOutputUsage,
  type AnthropicStopReason,
  encodeAnthropicResponse,
  toAnthropicStopReason,
  toAnthropicUsage,
  toClientSignature,
  UNSIGNED_THINKING_SIGNATURE,
} from './inbound/encode-response.js';
export { anthropicPing, createAnthropicStreamEncoder } from './inbound/encode-stream.js';
export { createAnthropicNativeRelay } from './inbound/native-relay.js';
export {
  ANTHROPIC_EFFORTS,
  type AnthropicCountTokensRequest,
  type AnthropicInboundContentBlock,
  type AnthropicInboundMessage,
  type AnthropicInboundRequest,
  type AnthropicInboundTool,
  type AnthropicKnownBlock,
  type AnthropicOtherBlock,
  type AnthropicThinking,
  type AnthropicToolChoice,
  anthropicCountTokensRequestSchema,
  anthropicInboundRequestSchema,
  parseAnthropicCountTokensRequest,
  parseAnthropicRequest,
} from './inbound/parse-request.js';
export { readAnthropicCredential } from './inbound/read-credential.js';
export { anthropicInbound } from './inbound/surface.js';
export { toAnthropicParam } from './inbound/to-anthropic-param.js';
export { type InboundModelWithLimit, toHubRequest } from './inbound/to-hub-request.js';
export { mapFinishReason } from './map-finish-reason.js';
