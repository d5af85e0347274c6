export {
  createOpenAICompatibleAdapter,
  createOpenAICompatibleAdapters,
} from './openai-compatible-adapter.js';
export {
  COMPATIBLE_DEFAULTS,
  defineProfile,
  type OpenAICompatibleProfile,
  resolveProfileDialect,
} from './profile.js';
export {
  arkProfile,
  dashscopeProfile,
  deepseekProfile,
  minimaxProfile,
  moonshotProfile,
  type OpenAICompatibleProviderId,
  PROFILES,
  xaiProfile,
  zhipuProfile,
} from './profiles/index.js';
