import type { ProviderAdapter } from '@llmux/provider-kit';
import { createChatDialectAdapter } from '@llmux/provider-openai/chat-internals';
import { type OpenAICompatibleProfile, resolveProfileDialect } from './profile.js';
import { type OpenAICompatibleProviderId, PROFILES } from './profiles/index.js';

/**
 * The adapter for one OpenAI-compatible vendor. The translation code is the OpenAI Chat adapter's
 * (`@llmux/provider-openai/chat-internals`); the profile supplies what differs.
 *
 * @example
 * const adapter = createOpenAICompatibleAdapter(deepseekProfile);
 * const { request } = adapter.toUpstream(chatRequest, { ...target, baseUrl: deepseekProfile.defaultBaseUrl });
 */
export function createOpenAICompatibleAdapter(profile: OpenAICompatibleProfile): ProviderAdapter {
  return createChatDialectAdapter(resolveProfileDialect(profile));
}

/** One adapter per built-in profile, by provider id. */
export function createOpenAICompatibleAdapters(): Record<OpenAICompatibleProviderId, ProviderAdapter> {
  const adapters = {} as Record<OpenAICompatibleProviderId, ProviderAdapter>;
  for (const [id, profile] of Object.entries(PROFILES)) {
    adapters[id as OpenAICompatibleProviderId] = createOpenAICompatibleAdapter(profile);
  }
  return adapters;
}
