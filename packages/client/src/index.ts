export {
  type ClientOptions,
  type CreateKeyRequest,
  createClient,
  type GatewayKey,
  type LlmuxClient,
  type RequestOptions,
  type UsageQuery,
  type UsageReport,
} from './client.js';
export { LlmuxError, type LlmuxErrorInit } from './errors.js';
export { ChatCompletionStream } from './stream.js';
