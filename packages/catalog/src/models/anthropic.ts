import type { Capabilities, CatalogEntryInput } from '../schema.js';

const MODELS_OVERVIEW =
  'https://platform.claude.com/docs/en/about-claude/models/overview; models.dev providers/anthropic/models';
const PRICING = 'https://platform.claude.com/docs/en/about-claude/pricing';
const RELEASE_NOTES_RETIREMENT =
  'https://platform.claude.com/docs/en/release-notes/overview (2026-06-15: Sonnet 4 and Opus 4 retired; via ottto-ai/ai-provider-watch)';
const DEPRECATIONS = 'https://platform.claude.com/docs/en/about-claude/model-deprecations';
// The parameter rules below (temperature 0-1, no penalties/seed/logprobs, stop → stop_sequences, tool_choice any/tool)
// are the Messages API's; shared/providers.md §3 collects them from the API reference and vercel/ai packages/anthropic.
const CAPABILITY_SOURCE =
  'https://platform.claude.com/docs/en/api/messages; vercel/ai packages/anthropic (providers.md §3)';

const BASE: Capabilities = {
  tools: true,
  vision: true,
  // No native json_object switch: the gateway emulates it (providers.md §3).
  jsonMode: false,
  jsonSchema: false,
  reasoning: true,
  nativeN: false,
  penalties: false,
  // Translated to stop_sequences.
  stop: true,
  seed: false,
  logprobs: false,
  logitBias: false,
  temperature: { min: 0, max: 1 },
  topP: true,
  // parallel_tool_calls:false → disable_parallel_tool_use.
  parallelToolCalls: true,
  toolChoiceRequired: true,
  // Translated to thinking.budget_tokens by the adapter.
  reasoningEffort: ['low', 'medium', 'high'],
  streamUsage: true,
};

// Native structured outputs (output_config.format): Sonnet 4.5+, Opus 4.1+, Haiku 4.5 (providers.md §3).
const STRUCTURED: Capabilities = { ...BASE, jsonSchema: true };
// The 4-6 models take adaptive thinking plus output_config.effort, whose levels include `max`.
const ADAPTIVE: Capabilities = { ...STRUCTURED, reasoningEffort: ['low', 'medium', 'high', 'max'] };

function anthropicModel(
  entry: Omit<CatalogEntryInput, 'vendor' | 'protocol' | 'owned_by' | 'endpoints' | 'sources'> & {
    sources?: CatalogEntryInput['sources'];
  },
): CatalogEntryInput {
  return {
    ...entry,
    vendor: 'anthropic',
    protocol: 'anthropic-messages',
    owned_by: 'anthropic',
    endpoints: [{ provider: 'anthropic', upstreamModel: entry.id, protocol: 'anthropic-messages' }],
    sources: {
      endpoints: MODELS_OVERVIEW,
      contextWindow: MODELS_OVERVIEW,
      maxOutputTokens: MODELS_OVERVIEW,
      pricing: PRICING,
      capabilities: CAPABILITY_SOURCE,
      ...entry.sources,
    },
  };
}

/** Cache reads bill at 0.1x input and 5-minute cache writes at 1.25x input (Anthropic pricing page). */
function anthropicPricing(input: number, output: number) {
  return { input, output, cachedInput: round(input * 0.1), cacheWrite: round(input * 1.25) };
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

export const anthropicModels: CatalogEntryInput[] = [
  anthropicModel({
    id: 'claude-sonnet-4-6',
    displayName: 'Claude Sonnet 4.6',
    aliases: ['claude-sonnet-4.6', 'claude-4-6-sonnet', 'claude-4.6-sonnet'],
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    capabilities: ADAPTIVE,
    pricing: anthropicPricing(3, 15),
    sources: { contextWindow: 'https://platform.claude.com/docs/en/models/sonnet-4-6/overview' },
    unconfirmed: ['pricing.tiers'],
    notes:
      "Whether requests beyond 200K tokens bill at a long-context rate on the 1M window is unconfirmed (models.dev lists none). models.dev gives 64K max output; Anthropic's page says 128K.",
  }),
  anthropicModel({
    id: 'claude-sonnet-4-5-20250929',
    displayName: 'Claude Sonnet 4.5',
    aliases: ['claude-sonnet-4-5', 'claude-sonnet-4.5', 'claude-4-5-sonnet', 'claude-4.5-sonnet'],
    // 1M with the context-1m-2025-08-07 beta header; 200K without it.
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    capabilities: STRUCTURED,
    pricing: {
      ...anthropicPricing(3, 15),
      tiers: [{ aboveInputTokens: 200_000, input: 6, output: 22.5, cachedInput: 0.6, cacheWrite: 7.5 }],
    },
  }),
  anthropicModel({
    id: 'claude-sonnet-4-20250514',
    replacement: 'claude-sonnet-4-6',
    status: 'retired',
    shutdownDate: '2026-06-15',
    displayName: 'Claude Sonnet 4',
    aliases: ['claude-sonnet-4-0', 'claude-sonnet-4', 'claude-4-sonnet'],
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    capabilities: BASE,
    // Above 200K input tokens (only reachable with the 1M beta) the whole request bills at 6 / 22.50.
    pricing: {
      ...anthropicPricing(3, 15),
      tiers: [{ aboveInputTokens: 200_000, input: 6, output: 22.5, cachedInput: 0.6, cacheWrite: 7.5 }],
    },
    sources: {
      status: RELEASE_NOTES_RETIREMENT,
      pricing: `${PRICING}; models.dev claude-sonnet-4-20250514_prompt_greater_than_200k_tokens.toml`,
    },
  }),
  anthropicModel({
    id: 'claude-opus-4-6',
    displayName: 'Claude Opus 4.6',
    aliases: ['claude-opus-4.6', 'claude-4-6-opus', 'claude-4.6-opus'],
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    capabilities: ADAPTIVE,
    pricing: anthropicPricing(5, 25),
    sources: { contextWindow: 'https://platform.claude.com/docs/en/models/opus-4-6/overview' },
    unconfirmed: ['pricing.tiers'],
    notes: 'Whether requests beyond 200K tokens bill at a long-context rate on the 1M window is unconfirmed.',
  }),
  anthropicModel({
    id: 'claude-opus-4-5-20251101',
    displayName: 'Claude Opus 4.5',
    aliases: ['claude-opus-4-5', 'claude-opus-4.5', 'claude-4-5-opus', 'claude-4.5-opus'],
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    capabilities: { ...STRUCTURED, reasoningEffort: ['low', 'medium', 'high'] },
    pricing: anthropicPricing(5, 25),
  }),
  anthropicModel({
    id: 'claude-opus-4-1-20250805',
    displayName: 'Claude Opus 4.1',
    aliases: ['claude-opus-4-1', 'claude-opus-4.1', 'claude-4-1-opus', 'claude-4.1-opus'],
    contextWindow: 200_000,
    maxOutputTokens: 32_000,
    capabilities: STRUCTURED,
    pricing: anthropicPricing(15, 75),
  }),
  anthropicModel({
    id: 'claude-opus-4-20250514',
    replacement: 'claude-opus-4-8',
    status: 'retired',
    shutdownDate: '2026-06-15',
    displayName: 'Claude Opus 4',
    aliases: ['claude-opus-4-0', 'claude-opus-4', 'claude-4-opus'],
    contextWindow: 200_000,
    maxOutputTokens: 32_000,
    capabilities: BASE,
    pricing: anthropicPricing(15, 75),
    sources: { status: RELEASE_NOTES_RETIREMENT },
  }),
  anthropicModel({
    id: 'claude-haiku-4-5-20251001',
    displayName: 'Claude Haiku 4.5',
    aliases: ['claude-haiku-4-5', 'claude-haiku-4.5', 'claude-4-5-haiku', 'claude-4.5-haiku'],
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    capabilities: STRUCTURED,
    pricing: anthropicPricing(1, 5),
  }),
  anthropicModel({
    id: 'claude-3-7-sonnet-20250219',
    status: 'retired',
    shutdownDate: '2026-02-19',
    displayName: 'Claude Sonnet 3.7',
    aliases: ['claude-3-7-sonnet-latest', 'claude-3.7-sonnet', 'claude-3-7-sonnet'],
    contextWindow: 200_000,
    // 128K with the output-128k-2025-02-19 beta header.
    maxOutputTokens: 64_000,
    capabilities: BASE,
    pricing: anthropicPricing(3, 15),
    sources: { status: `${DEPRECATIONS}; models.dev claude-3-7-sonnet-20250219.toml (retirement_date)` },
    notes: 'Kept so that old configs resolve to a clear error or an override.',
  }),
  anthropicModel({
    id: 'claude-3-5-sonnet-20241022',
    status: 'retired',
    shutdownDate: '2025-10-22',
    displayName: 'Claude Sonnet 3.5 (new)',
    aliases: ['claude-3-5-sonnet-latest', 'claude-3.5-sonnet', 'claude-3-5-sonnet'],
    contextWindow: 200_000,
    maxOutputTokens: 8_192,
    // No extended thinking before 3.7.
    capabilities: { ...BASE, reasoning: false, reasoningEffort: null },
    pricing: anthropicPricing(3, 15),
    sources: { status: DEPRECATIONS },
    notes: 'Kept so that old configs resolve to a clear error or an override.',
    unconfirmed: ['endpoints'],
  }),
];
