export {
  type ConvertJsonSchemaResult,
  convertJsonSchema,
} from './convert-json-schema.js';
export {
  collectRemoteImages,
  convertRequest,
  detectGeminiGeneration,
  type GeminiGeneration,
  type GeminiTargetOptions,
  type InlinedImage,
  SKIP_THOUGHT_SIGNATURE,
} from './convert-request.js';
export { convertResponse } from './convert-response.js';
export { createStreamTranslator } from './convert-stream.js';
export { convertUsage } from './convert-usage.js';
export { convertError } from './errors.js';
export {
  createPublicOnlyLookup,
  type FetchImageOptions,
  fetchImageForInlining,
  isForbiddenAddress,
} from './fetch-image.js';
export { createGeminiAdapter, describeGeminiParameters, GEMINI_DEFAULT_BASE_URL } from './gemini-adapter.js';
export type {
  GeminiContent,
  GeminiGenerateContentRequest,
  GeminiGenerateContentResponse,
} from './gemini-api.js';
export { estimateGeminiInputTokens, geminiTokenCounter } from './inbound/count-tokens.js';
export { encodeGeminiError, toGeminiErrorStatus } from './inbound/encode-error.js';
export {
  encodeGeminiResponse,
  type GeminiOutputPart,
  type GeminiOutputResponse,
  toGeminiFinishReason,
  toGeminiUsage,
  UNSIGNED_THOUGHT_SIGNATURE,
} from './inbound/encode-response.js';
export { createGeminiStreamEncoder } from './inbound/encode-stream.js';
export {
  encodeGeminiModel,
  encodeGeminiModelList,
  type GeminiModelEntry,
  type GeminiOutputModel,
} from './inbound/models.js';
export { createGeminiNativeRelay } from './inbound/native-relay.js';
export {
  type GeminiCountTokensRequest,
  type GeminiInboundBody,
  type GeminiInboundContent,
  type GeminiInboundPart,
  type GeminiInboundRequest,
  type GeminiStreamFraming,
  geminiInboundBodySchema,
  parseGeminiCountTokensRequest,
  parseGeminiRequest,
} from './inbound/parse-request.js';
export { readGeminiCredential } from './inbound/read-credential.js';
export { geminiInbound } from './inbound/surface.js';
export { geminiHubFields, toGeminiParam } from './inbound/to-gemini-param.js';
export { openApiToJsonSchema, toHubRequest as geminiToHubRequest } from './inbound/to-hub-request.js';
export { mapFinishReason } from './map-finish-reason.js';
export { readThoughtSignature, writeThoughtSignature } from './thought-signature.js';
