import type { Protocol, ProviderAdapter } from '@llmux/provider-kit';
import { createOpenAIChatAdapter } from '@llmux/provider-openai';
import type { ProviderId } from './config.js';

export type AdapterLookup = (provider: ProviderId, protocol: Protocol) => ProviderAdapter | undefined;

/**
 * The one table that maps an endpoint (provider family, wire protocol) to the adapter that speaks it.
 * Adapters are stateless, so each is created once.
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
      return provider === 'openai' ? createOpenAIChatAdapter() : undefined;
    default:
      return undefined;
  }
}
