import type { Model } from '@llmux/contract';
import type { InboundModelCard } from '@llmux/provider-kit';
import { isModelAllowed, type Principal } from './auth/keys.js';
import type { ModelEntry } from './routing/deployments.js';

const SNAKE_CASE = /[A-Z]/g;

/** A catalog entry as OpenAI's model object plus what a client needs to choose (limits, capabilities, prices). */
export function toModelObject(entry: ModelEntry, created: number): Model {
  const capabilities: Record<string, boolean> = {};
  for (const [name, value] of Object.entries(entry.capabilities)) {
    // temperature and reasoningEffort are ranges or lists in the catalog; here: whether the knob exists.
    capabilities[name.replace(SNAKE_CASE, (letter) => `_${letter.toLowerCase()}`)] =
      typeof value === 'boolean' ? value : value !== null;
  }
  return {
    id: entry.id,
    object: 'model',
    created,
    owned_by: entry.owned_by,
    context_length: entry.contextWindow,
    max_output_tokens: entry.maxOutputTokens,
    capabilities,
    pricing:
      entry.pricing === null
        ? null
        : {
            input: entry.pricing.input,
            output: entry.pricing.output,
            cached_input: entry.pricing.cachedInput ?? null,
          },
  };
}

export function listVisibleModels(
  models: readonly ModelEntry[],
  served: ReadonlySet<string>,
  principal: Principal,
  created: number,
): Model[] {
  return models
    .filter((model) => served.has(model.id) && isModelAllowed(principal, model.id, ...model.aliases))
    .map((model) => toModelObject(model, created));
}

/** The models a key may see, as an inbound protocol's model listing shows them. */
export function listVisibleModelCards(
  models: readonly ModelEntry[],
  served: ReadonlySet<string>,
  principal: Principal,
): InboundModelCard[] {
  return models
    .filter((model) => served.has(model.id) && isModelAllowed(principal, model.id, ...model.aliases))
    .map(toModelCard);
}

export function toModelCard(entry: ModelEntry): InboundModelCard {
  return {
    id: entry.id,
    displayName: (entry as { displayName?: string }).displayName ?? entry.id,
    contextWindow: entry.contextWindow,
    maxOutputTokens: entry.maxOutputTokens,
    reasoning: entry.capabilities.reasoning,
  };
}
