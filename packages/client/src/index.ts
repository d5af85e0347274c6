export {
  type ClientOptions,
  type CreateKeyRequest,
  createClient,
  type GatewayKey,
  type KeyLimitsRequest,
  type LlmuxClient,
  type RequestOptions,
  type ResponsePromise,
  type UpdateKeyRequest,
  type UsageQuery,
  type UsageReport,
  type WithResponse,
} from './client.js';
export { LlmuxError, type LlmuxErrorInit } from './errors.js';
export { ChatCompletionStream } from './stream.js';
