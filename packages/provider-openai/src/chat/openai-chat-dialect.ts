import type { ModelCapabilities } from '@llmux/provider-kit';
import type { ChatDialect } from './dialect.js';

/** OpenAI's own base URL, in its SDK's convention (with `/v1`). */
export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/**
 * OpenAI's Chat Completions (https://platform.openai.com/docs/api-reference/chat/create). Model
 * differences come from the catalog's capabilities, not from parsing ids: a reasoning model
 * (`capabilities.reasoning`: gpt-5 family and later except `gpt-5-chat-latest`, o-series) gets
 * `max_completion_tokens` and `developer` messages; the parameters it rejects are refused with a 400
 * by the shared support table rather than sent to fail upstream.
 */
export const openAIChatDialect: ChatDialect = {
  name: 'openai',
  path: '/chat/completions',
  createHeaders(target) {
    const headers: Record<string, string> = { authorization: `Bearer ${target.apiKey}` };
    const { organization, project } = target.options ?? {};
    if (typeof organization === 'string') headers['openai-organization'] = organization;
    if (typeof project === 'string') headers['openai-project'] = project;
    return headers;
  },
  adjustCapabilities(capabilities, request): ModelCapabilities {
    // gpt-5.1 and later take temperature, top_p and logprobs again when reasoning is off
    // (reasoning_effort "none"); the catalog marks such models by listing "none" as an effort.
    if (
      capabilities.reasoning &&
      request.reasoning_effort === 'none' &&
      capabilities.reasoningEffort?.includes('none')
    ) {
      return { ...capabilities, temperature: { min: 0, max: 2 }, topP: true, logprobs: true };
    }
    return capabilities;
  },
  conditionalSupport(capabilities) {
    if (!capabilities.reasoning || !capabilities.reasoningEffort?.includes('none')) return {};
    const note = (field: string) =>
      `accepted with reasoning_effort "none"; otherwise only the default ${field} is accepted (left out), other values answer 400`;
    return {
      temperature: { mode: 'translate', note: note('temperature, 1,') },
      top_p: { mode: 'translate', note: note('top_p, 1,') },
      logprobs: { mode: 'translate', note: 'returned with reasoning_effort "none"; otherwise 400' },
    };
  },
  // Reasoning models accept both, but `developer` is their canonical form of instructions.
  instructionRole: (capabilities) => (capabilities.reasoning ? 'developer' : 'as-sent'),
  // Reasoning models reject `max_tokens` with 400 "Use 'max_completion_tokens' instead".
  maxTokensField: (capabilities) => (capabilities.reasoning ? 'max_completion_tokens' : 'max_tokens'),
  temperatureOutOfRange: 'reject',
  flattenTextParts: false,
  // OpenAI never returns reasoning text, so anything a client echoes back is from another vendor.
  reasoningContentUpstream: 'omit',
  namedToolChoice: true,
  toolChoiceNone: 'pass',
  user: 'pass',
  streamOptions: true,
  relay: true,
  passThroughFields: [
    'metadata',
    'store',
    'service_tier',
    'verbosity',
    'prediction',
    'prompt_cache_key',
    'safety_identifier',
    'modalities',
    'audio',
    'web_search_options',
  ],
  finishReasons: {},
  completionTokensExcludeReasoning: false,
  errorCodes: {},
};
