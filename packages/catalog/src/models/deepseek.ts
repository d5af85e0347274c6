import type { Capabilities, CatalogEntryInput, Endpoint } from '../schema.js';

const PRICING = 'https://api-docs.deepseek.com/quick_start/pricing';
const CAPABILITY_SOURCE =
  'https://api-docs.deepseek.com/api/create-chat-completion; vercel/ai packages/deepseek (providers.md §5)';
const ARK_ROUTING = 'providers.md §0 (OpenClaw docs list volcengine/deepseek-* Ark ids)';
const ARK_LIMITS = 'Ark client RESPONSE_MODEL_TOKEN_PROFILES (third-party)';
const V4_MIGRATION =
  'arikusi/deepseek-mcp-server v2.0.0 release notes and jambonz DeepSeek guide (deepseek-chat → V4-Flash, retired 2026-07-24)';

// DeepSeek V3.x over its OpenAI-compatible API: text only, json_object but no json_schema, penalties and stop
// native, no n, thinking switched by `thinking: { type }` rather than an effort level.
const DEEPSEEK: Capabilities = {
  tools: true,
  vision: false,
  jsonMode: true,
  jsonSchema: false,
  reasoning: true,
  nativeN: false,
  penalties: true,
  stop: true,
  seed: false,
  logprobs: true,
  logitBias: false,
  temperature: { min: 0, max: 2 },
  topP: true,
  parallelToolCalls: false,
  toolChoiceRequired: true,
  reasoningEffort: null,
  streamUsage: true,
};

function deepseekModel(
  entry: Omit<CatalogEntryInput, 'vendor' | 'protocol' | 'owned_by' | 'sources'> & {
    sources?: CatalogEntryInput['sources'];
  },
): CatalogEntryInput {
  const first = entry.endpoints[0] as Endpoint;
  return {
    ...entry,
    vendor: 'deepseek',
    protocol: first.protocol,
    owned_by: 'deepseek',
    sources: {
      endpoints: first.provider === 'deepseek' ? PRICING : ARK_ROUTING,
      contextWindow: PRICING,
      maxOutputTokens: PRICING,
      pricing: PRICING,
      capabilities: CAPABILITY_SOURCE,
      ...entry.sources,
    },
  };
}

// Since 2025-12-01 `deepseek-chat` / `deepseek-reasoner` are V3.2 without / with thinking.
const OFFICIAL_V32_PRICE = { input: 0.28, output: 0.42, cachedInput: 0.028 };

export const deepseekModels: CatalogEntryInput[] = [
  deepseekModel({
    id: 'deepseek-v3-2-speciale',
    status: 'retired',
    shutdownDate: '2025-12-15',
    displayName: 'DeepSeek V3.2 Speciale',
    aliases: ['deepseek-v3.2-speciale'],
    endpoints: [
      {
        provider: 'deepseek',
        upstreamModel: 'deepseek-reasoner',
        protocol: 'openai-chat',
        // A time-limited endpoint DeepSeek opened for Speciale (expired 2025-12-15).
        options: { baseUrl: 'https://api.deepseek.com/v3.2_speciale_expires_on_20251215' },
      },
    ],
    contextWindow: 131_072,
    maxOutputTokens: 131_072,
    // Thinking only, no tool calls.
    capabilities: {
      ...DEEPSEEK,
      tools: false,
      toolChoiceRequired: false,
      jsonMode: false,
      logprobs: false,
    },
    pricing: OFFICIAL_V32_PRICE,
    sources: { status: 'the endpoint name itself: /v3.2_speciale_expires_on_20251215 (providers.md §0)' },
    unconfirmed: ['endpoints', 'contextWindow', 'maxOutputTokens', 'capabilities'],
    notes:
      'Served only from a temporary DeepSeek endpoint that expired on 2025-12-15; configure a mirror to use it.',
  }),
  deepseekModel({
    id: 'deepseek-v3-2',
    displayName: 'DeepSeek V3.2',
    aliases: ['deepseek-v3.2'],
    // Ark's dated build pins V3.2. DeepSeek's own `deepseek-chat` served V3.2 from 2025-12-01, then moved to
    // V4-Flash and was retired on 2026-07-24 (api.deepseek.com answers 400 for it): routing there would silently
    // change the model, so the official endpoint is left out. An operator can add it back in config.
    endpoints: [{ provider: 'ark', upstreamModel: 'deepseek-v3-2-251201', protocol: 'openai-chat' }],
    contextWindow: 128_000,
    maxOutputTokens: 32_000,
    capabilities: DEEPSEEK,
    pricing: OFFICIAL_V32_PRICE,
    sources: {
      endpoints: `${ARK_ROUTING}; ${V4_MIGRATION}`,
      contextWindow: ARK_LIMITS,
      maxOutputTokens: ARK_LIMITS,
      pricing: `${PRICING} (V3.2 list price while deepseek-chat served it)`,
    },
    unconfirmed: ['pricing'],
    notes: "Billed at DeepSeek's V3.2 list price; Ark bills in CNY at a rate that may differ.",
  }),
  deepseekModel({
    id: 'deepseek-v3-2-exp',
    displayName: 'DeepSeek V3.2-Exp',
    aliases: ['deepseek-v3.2-exp'],
    status: 'deprecated',
    endpoints: [{ provider: 'dashscope', upstreamModel: 'deepseek-v3.2-exp', protocol: 'openai-chat' }],
    contextWindow: 131_072,
    maxOutputTokens: 65_536,
    capabilities: DEEPSEEK,
    pricing: OFFICIAL_V32_PRICE,
    sources: { endpoints: 'providers.md §0 (DashScope deepseek-v3.2-exp)' },
    unconfirmed: ['endpoints', 'contextWindow', 'maxOutputTokens', 'pricing'],
    notes: 'DeepSeek no longer serves V3.2-Exp itself; the price recorded is the official one from its run.',
  }),
  deepseekModel({
    id: 'deepseek-v3-2-251201',
    displayName: 'DeepSeek V3.2 (Ark 251201)',
    endpoints: [{ provider: 'ark', upstreamModel: 'deepseek-v3-2-251201', protocol: 'openai-chat' }],
    contextWindow: 128_000,
    maxOutputTokens: 32_000,
    capabilities: DEEPSEEK,
    pricing: OFFICIAL_V32_PRICE,
    sources: { contextWindow: ARK_LIMITS, maxOutputTokens: ARK_LIMITS },
    unconfirmed: ['pricing', 'capabilities'],
  }),
  deepseekModel({
    id: 'deepseek-v3-1-terminus',
    displayName: 'DeepSeek V3.1-Terminus',
    aliases: ['deepseek-v3.1-terminus'],
    endpoints: [{ provider: 'ark', upstreamModel: 'deepseek-v3-1-terminus', protocol: 'openai-chat' }],
    contextWindow: 128_000,
    maxOutputTokens: 16_000,
    capabilities: DEEPSEEK,
    // DeepSeek's V3.1 list price (0.56 / 1.68 / 0.07 USD); Ark bills in CNY.
    pricing: { input: 0.56, output: 1.68, cachedInput: 0.07 },
    sources: { contextWindow: ARK_LIMITS, maxOutputTokens: ARK_LIMITS },
    unconfirmed: ['pricing', 'capabilities'],
  }),
  deepseekModel({
    id: 'deepseek-v3-1',
    displayName: 'DeepSeek V3.1',
    aliases: ['deepseek-v3.1'],
    endpoints: [{ provider: 'ark', upstreamModel: 'deepseek-v3-1-250821', protocol: 'openai-chat' }],
    contextWindow: 128_000,
    maxOutputTokens: 16_000,
    capabilities: DEEPSEEK,
    // DeepSeek's V3.1 list price (0.56 / 1.68 / 0.07 USD); Ark bills in CNY.
    pricing: { input: 0.56, output: 1.68, cachedInput: 0.07 },
    sources: { contextWindow: ARK_LIMITS, maxOutputTokens: ARK_LIMITS },
    unconfirmed: ['pricing', 'capabilities'],
  }),
  deepseekModel({
    id: 'deepseek-v3',
    displayName: 'DeepSeek V3',
    endpoints: [
      { provider: 'ark', upstreamModel: 'deepseek-v3-250324', protocol: 'openai-chat' },
      { provider: 'dashscope', upstreamModel: 'deepseek-v3', protocol: 'openai-chat' },
    ],
    contextWindow: 128_000,
    maxOutputTokens: 16_000,
    capabilities: { ...DEEPSEEK, reasoning: false },
    // DeepSeek's V3 list price from 2025-02-08 (0.27 / 1.10 / 0.07 USD); Ark bills in CNY.
    pricing: { input: 0.27, output: 1.1, cachedInput: 0.07 },
    sources: {
      contextWindow: ARK_LIMITS,
      maxOutputTokens: ARK_LIMITS,
      pricing: 'simonw/llm-prices data/deepseek.json (deepseek-chat from 2025-02-08)',
    },
    unconfirmed: ['endpoints', 'pricing'],
  }),
];
