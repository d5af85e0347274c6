/**
 * INTERNALS of the OpenAI Chat Completions adapter, shared with `@llmux/provider-openai-compatible`
 * (every OpenAI-dialect vendor runs on this code with its own `ChatDialect`). Not a stable public API:
 * it may change in any minor version.
 */

export { createChatDialectAdapter } from './chat/chat-dialect-adapter.js';
export { describeChatParameterSupport } from './chat/chat-parameter-support.js';
export { convertChatRequest, joinUrl } from './chat/convert-request.js';
export { convertChatResponse, readReasoning } from './chat/convert-response.js';
export { createChatStreamTranslator } from './chat/convert-stream.js';
export { type ConvertChatUsageOptions, convertChatUsage } from './chat/convert-usage.js';
export type {
  ChatDialect,
  FinishReasonMapping,
  RequestHookContext,
  UpstreamErrorKind,
} from './chat/dialect.js';
export {
  classifyStatus,
  convertChatError,
  createKindError,
  hasEmbeddedError,
  OPENAI_ERROR_CODES,
  readVendorError,
} from './chat/errors.js';
export { mapChatFinishReason } from './chat/map-finish-reason.js';
export { OPENAI_BASE_URL, openAIChatDialect } from './chat/openai-chat-dialect.js';
