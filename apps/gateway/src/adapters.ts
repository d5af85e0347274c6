import { createAnthropicAdapter } from '@llmux/provider-anthropic';
import { createGeminiAdapter } from '@llmux/provider-gemini';
import type { Protocol, ProviderAdapter } from '@llmux/provider-kit';
import { createOpenAIChatAdapter, createOpenAIResponsesAdapter } from '@llmux/provider-openai';
import { createOpenAICompatibleAdapter, PROFILES } from '@llmux/provider-openai-compatible';
import type { ProviderId } from './config.js';

export type AdapterLookup = (provider: ProviderId, protocol: Protocol) => ProviderAdapter | undefined;

/**
 * The one table that maps an endpoint (provider family, wire protocol) to the adapter that speaks it.
 * Adapters are stateless, so each is created once. Undefined: no adapter speaks that pair (yet); such
 * deployments are skipped at start-up with a warning.
 */
export function createAdapterRegistry(): AdapterLookup {
  const cache = new Map<string, ProviderAdapter | undefined>();
  return (provider, protocol) => {
    const key = `${provider}/${protocol}`;
    if (!cache.has(key)) cache.set(key, createAdapter(provider, protocol));
    return cache.get(key);
  };
}

function createAdapter(provider: ProviderId, protocol: Protocol): ProviderAdapter | undefined {
  switch (protocol) {
    case 'openai-chat':
      if (provider === 'openai') return createOpenAIChatAdapter();
      if (Object.hasOwn(PROFILES, provider)) {
        return createOpenAICompatibleAdapter(PROFILES[provider as keyof typeof PROFILES]);
      }
      return undefined;
    case 'openai-responses':
      // OpenAI's Responses API; the catalog routes only the models that speak nothing else to it.
      return provider === 'openai' ? createOpenAIResponsesAdapter() : undefined;
    case 'anthropic-messages':
      return createAnthropicAdapter();
    case 'gemini':
      return createGeminiAdapter();
    default:
      return undefined;
  }
}
