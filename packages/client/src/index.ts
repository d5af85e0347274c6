export {
  type ClientOptions,
  type CreateKeyRequest,
  createClient,
  type GatewayKey,
  type LlmuxClient,
  type RequestOptions,
  type ResponsePromise,
  type UsageQuery,
  type UsageReport,
  type WithResponse,
} from './client.js';
export { LlmuxError, type LlmuxErrorInit } from './errors.js';
export { ChatCompletionStream } from './stream.js';
