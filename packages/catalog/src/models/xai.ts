import type { Capabilities, CatalogEntryInput } from '../schema.js';

const MODELS_PAGE = 'https://docs.x.ai/docs/models';
const MAY_15_RETIREMENT =
  'https://docs.x.ai/docs/migration/may-15-retirement (replacements grok-4.3 / grok-4.20-non-reasoning)';
const MODELS_DEV = (file: string) => `${MODELS_PAGE}; models.dev providers/xai/models/${file}.toml`;
const CAPABILITY_SOURCE = 'https://docs.x.ai/docs/api-reference; vercel/ai packages/xai (providers.md §6)';

const GROK_3: Capabilities = {
  tools: true,
  vision: false,
  jsonMode: true,
  jsonSchema: true,
  reasoning: false,
  nativeN: true,
  penalties: true,
  stop: true,
  seed: true,
  logprobs: true,
  logitBias: false,
  temperature: { min: 0, max: 2 },
  topP: true,
  parallelToolCalls: true,
  toolChoiceRequired: true,
  reasoningEffort: null,
  streamUsage: true,
};

// grok-4 fast models pick reasoning by model id and answer 400 to reasoning_effort, presence/frequency penalties
// and stop (providers.md §6).
const GROK_4_FAST: Capabilities = {
  ...GROK_3,
  vision: true,
  penalties: false,
  stop: false,
  reasoningEffort: null,
};

function grokModel(
  entry: Omit<CatalogEntryInput, 'vendor' | 'protocol' | 'owned_by' | 'endpoints' | 'sources'> & {
    sourceFile?: string;
    sources?: CatalogEntryInput['sources'];
  },
): CatalogEntryInput {
  const { sourceFile = entry.id, ...rest } = entry;
  return {
    ...rest,
    vendor: 'xai',
    protocol: 'openai-chat',
    owned_by: 'xai',
    endpoints: [{ provider: 'xai', upstreamModel: entry.id, protocol: 'openai-chat' }],
    sources: {
      endpoints: MODELS_PAGE,
      contextWindow: MODELS_DEV(sourceFile),
      maxOutputTokens: MODELS_DEV(sourceFile),
      pricing: MODELS_DEV(sourceFile),
      capabilities: CAPABILITY_SOURCE,
      ...entry.sources,
    },
  };
}

// Requests over 128K input tokens bill at double rates on the grok-4 fast family.
const GROK_4_FAST_PRICE = {
  input: 0.2,
  output: 0.5,
  cachedInput: 0.05,
  tiers: [{ aboveInputTokens: 128_000, input: 0.4, output: 1, cachedInput: 0.05 }],
};

export const xaiModels: CatalogEntryInput[] = [
  grokModel({
    id: 'grok-3',
    replacement: 'grok-4.3',
    status: 'retired',
    shutdownDate: '2026-05-15',
    displayName: 'Grok 3',
    contextWindow: 131_072,
    maxOutputTokens: 8_192,
    capabilities: GROK_3,
    pricing: { input: 3, output: 15, cachedInput: 0.75 },
    sources: { status: MAY_15_RETIREMENT },
  }),
  grokModel({
    id: 'grok-3-mini',
    displayName: 'Grok 3 Mini',
    contextWindow: 131_072,
    maxOutputTokens: 8_192,
    // The only listed Grok that takes reasoning_effort (low|high) and returns reasoning_content.
    capabilities: { ...GROK_3, reasoning: true, reasoningEffort: ['low', 'high'] },
    pricing: { input: 0.3, output: 0.5, cachedInput: 0.075 },
  }),
  grokModel({
    id: 'grok-4-fast-reasoning',
    replacement: 'grok-4.3',
    status: 'retired',
    shutdownDate: '2026-05-15',
    displayName: 'Grok 4 Fast (reasoning)',
    aliases: ['grok-4-fast'],
    sourceFile: 'grok-4-fast',
    contextWindow: 2_000_000,
    maxOutputTokens: 30_000,
    capabilities: { ...GROK_4_FAST, reasoning: true },
    pricing: GROK_4_FAST_PRICE,
    unconfirmed: ['pricing.tiers'],
    sources: { status: MAY_15_RETIREMENT },
  }),
  grokModel({
    id: 'grok-4-fast-non-reasoning',
    replacement: 'grok-4.20-non-reasoning',
    status: 'retired',
    shutdownDate: '2026-05-15',
    displayName: 'Grok 4 Fast (non-reasoning)',
    contextWindow: 2_000_000,
    maxOutputTokens: 30_000,
    capabilities: GROK_4_FAST,
    pricing: GROK_4_FAST_PRICE,
    unconfirmed: ['pricing.tiers'],
    sources: { status: MAY_15_RETIREMENT },
  }),
  grokModel({
    id: 'grok-4-1-fast-reasoning',
    replacement: 'grok-4.3',
    status: 'retired',
    shutdownDate: '2026-05-15',
    displayName: 'Grok 4.1 Fast (reasoning)',
    aliases: ['grok-4.1-fast-reasoning', 'grok-4-1-fast', 'grok-4.1-fast'],
    sourceFile: 'grok-4-1-fast',
    contextWindow: 2_000_000,
    maxOutputTokens: 30_000,
    capabilities: { ...GROK_4_FAST, reasoning: true },
    pricing: GROK_4_FAST_PRICE,
    unconfirmed: ['pricing.tiers'],
    sources: { status: MAY_15_RETIREMENT },
  }),
  grokModel({
    id: 'grok-4-1-fast-non-reasoning',
    replacement: 'grok-4.20-non-reasoning',
    status: 'retired',
    shutdownDate: '2026-05-15',
    displayName: 'Grok 4.1 Fast (non-reasoning)',
    aliases: ['grok-4.1-fast-non-reasoning'],
    contextWindow: 2_000_000,
    maxOutputTokens: 30_000,
    capabilities: GROK_4_FAST,
    pricing: GROK_4_FAST_PRICE,
    unconfirmed: ['pricing.tiers'],
    sources: { status: MAY_15_RETIREMENT },
  }),
];
