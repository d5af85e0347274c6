export {
  ADAPTER_INTERFACE_VERSION,
  type AnswerRelay,
  type ModelCapabilities,
  type Protocol,
  type ProviderAdapter,
  type RelayedAnswer,
  type ResponseContext,
  type StreamRelay,
  type StreamTranslator,
  type TranslationWarning,
  type UpstreamCall,
  type UpstreamRequest,
  type UpstreamTarget,
} from './adapter.js';
export type {
  AnswerBlock,
  AnswerEvent,
  AnswerFinishReason,
  SignatureVendor,
} from './answer-events.js';
export { type CallAdapterOptions, callAdapter, createResponseContext } from './call-adapter.js';
export { type ChunkBlockifier, createChunkBlockifier } from './chunks-to-answer-events.js';
export { createChunk, createCompletion, createDeltaChunk, createUsageChunk } from './envelopes.js';
export {
  type ForeignSignature,
  isForeignSignature,
  unwrapForeignSignature,
  wrapForeignSignature,
} from './foreign-signature.js';
export type {
  EncodedError,
  HubRequest,
  InboundContext,
  InboundErrorInit,
  InboundLocation,
  InboundModel,
  InboundModelCard,
  InboundModelLister,
  InboundOperation,
  InboundStreamEncoder,
  InboundSurface,
  InboundTokenCounter,
  NativeRelay,
  NativeStreamRelay,
  ParsedInboundRequest,
  RelayedText,
} from './inbound.js';
export { checkParameters, emulatedFields, renderSupportMatrix } from './parameter-policy.js';
export {
  createParameterSupport,
  type FieldSupport,
  type ParameterSupport,
  paramOfField,
  requestedFields,
  SUPPORT_FIELDS,
  type SupportField,
  type SupportMode,
} from './parameter-support.js';
export {
  invalidParameter,
  isProviderError,
  malformedUpstreamResponse,
  type OpenAIErrorType,
  ProviderError,
  type ProviderErrorInit,
  upstreamStreamCut,
} from './provider-error.js';
export { effortOfBudget, serveReasoningEffort } from './reasoning-effort.js';
export { type DataUrl, parseDataUrl, parseToolArguments } from './request-values.js';
export { defineAdapter, translateStream } from './translate-stream.js';
export {
  createUpstreamError,
  type HeadersLike,
  headerValue,
  mapUpstreamStatus,
  parseDurationMs,
  parseRetryAfter,
  QUOTA_EXHAUSTED_CODES,
  redactSecrets,
  type UpstreamErrorDetails,
} from './upstream-errors.js';
