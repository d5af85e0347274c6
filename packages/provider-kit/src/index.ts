export {
  ADAPTER_INTERFACE_VERSION,
  type ModelCapabilities,
  type Protocol,
  type ProviderAdapter,
  type ResponseContext,
  type StreamTranslator,
  type TranslationWarning,
  type UpstreamCall,
  type UpstreamRequest,
  type UpstreamTarget,
} from './adapter.js';
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
  type OpenAIErrorType,
  ProviderError,
  type ProviderErrorInit,
} from './provider-error.js';
export { defineAdapter, translateStream } from './translate-stream.js';
