import type { Capabilities, CatalogEntryInput, Pricing } from '../schema.js';

const MODEL_LIST = 'https://www.volcengine.com/docs/82379/1330310';
// Context and output limits as an Ark client records them per model id (third-party, find_string id 7906921958:
// RESPONSE_MODEL_TOKEN_PROFILES); Ark's own model list is the page above.
const ARK_LIMITS =
  'Ark client RESPONSE_MODEL_TOKEN_PROFILES (third-party) ; https://www.volcengine.com/docs/82379/1330310';
// Ark lists prices in CNY by input-length tier. The USD figures are models.dev's conversions
// (anomalyco/models.dev providers/volcengine/models/<id>.toml, 6.737012 CNY per USD on 2026-08-26) of the CNY list
// prices on https://www.volcengine.com/docs/82379/1544106. Operators billing in CNY should override them.
const PRICE_SOURCE = (upstreamModel: string) =>
  `https://www.volcengine.com/docs/82379/1544106 (CNY) via models.dev providers/volcengine/models/${upstreamModel}.toml`;
const CAPABILITY_SOURCE =
  'https://www.volcengine.com/docs/82379/1494384 (Ark chat API); models.dev volcengine reasoning_options; providers.md §9';

const DOUBAO: Capabilities = {
  tools: true,
  vision: true,
  jsonMode: true,
  jsonSchema: false,
  reasoning: true,
  nativeN: false,
  penalties: true,
  stop: true,
  seed: false,
  logprobs: false,
  logitBias: false,
  temperature: { min: 0, max: 2 },
  topP: true,
  parallelToolCalls: false,
  toolChoiceRequired: true,
  // Seed 1.6/1.8 take thinking.type plus reasoning_effort.
  reasoningEffort: ['minimal', 'low', 'medium', 'high'],
  streamUsage: true,
};

// Seed 2.0: reasoning_effort none|minimal|...|max, where none/minimal switch thinking off.
const SEED_2: Capabilities = {
  ...DOUBAO,
  reasoningEffort: ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'],
};

const CNY_PER_USD = 6.737012;

/** Converts CNY-per-million list prices (base tier, >32K tier, >128K tier) to the USD pricing shape. */
function arkPricing(
  base: [input: number, output: number, cached: number],
  above32k: [input: number, output: number, cached: number],
  above128k: [input: number, output: number, cached: number],
): Pricing {
  const usd = (cny: number) => Math.round((cny / CNY_PER_USD) * 1e5) / 1e5;
  return {
    input: usd(base[0]),
    output: usd(base[1]),
    cachedInput: usd(base[2]),
    tiers: [
      {
        aboveInputTokens: 32_000,
        input: usd(above32k[0]),
        output: usd(above32k[1]),
        cachedInput: usd(above32k[2]),
      },
      {
        aboveInputTokens: 128_000,
        input: usd(above128k[0]),
        output: usd(above128k[1]),
        cachedInput: usd(above128k[2]),
      },
    ],
  };
}

function doubaoModel(
  entry: Omit<CatalogEntryInput, 'vendor' | 'protocol' | 'owned_by' | 'endpoints' | 'sources'> & {
    upstreamModel?: string;
    sources?: CatalogEntryInput['sources'];
  },
): CatalogEntryInput {
  const { upstreamModel = entry.id, ...rest } = entry;
  return {
    ...rest,
    vendor: 'bytedance',
    protocol: 'openai-chat',
    owned_by: 'bytedance',
    endpoints: [{ provider: 'ark', upstreamModel, protocol: 'openai-chat' }],
    sources: {
      endpoints: MODEL_LIST,
      contextWindow: ARK_LIMITS,
      maxOutputTokens: ARK_LIMITS,
      pricing: PRICE_SOURCE(upstreamModel),
      capabilities: CAPABILITY_SOURCE,
      ...entry.sources,
    },
  };
}

// Seed 1.6/1.8 charge 2 CNY per million output tokens only while the answer stays under 200 tokens, 8 CNY beyond;
// the catalog bills the 8 CNY rate so that long answers are never under-billed.
const SEED_16_PRICE = arkPricing([0.8, 8, 0.16], [1.2, 16, 0.16], [2.4, 24, 0.16]);
const SEED_2_PRO_PRICE = arkPricing([3.2, 16, 0.64], [4.8, 24, 0.96], [9.6, 48, 1.92]);

export const bytedanceModels: CatalogEntryInput[] = [
  doubaoModel({
    id: 'doubao-seed-2.0-pro',
    displayName: 'Doubao Seed 2.0 Pro',
    aliases: ['doubao-seed-2-0-pro', 'doubao-seed-2-0-pro-260215'],
    upstreamModel: 'doubao-seed-2-0-pro-260215',
    contextWindow: 256_000,
    maxOutputTokens: 131_072,
    // An Ark client pins temperature 1 and top_p 0.95 for this model id alone (VOLCENGINE_FIXED_SAMPLING_MODEL_ID),
    // which suggests other values are rejected, as on Kimi K2.5.
    capabilities: { ...SEED_2, temperature: null, topP: false },
    pricing: SEED_2_PRO_PRICE,
    sources: {
      'capabilities.temperature': 'Ark client VOLCENGINE_FIXED_TEMPERATURE / FIXED_TOP_P (third-party)',
    },
    unconfirmed: ['capabilities.temperature', 'capabilities.topP'],
  }),
  doubaoModel({
    id: 'doubao-seed-2.0-code',
    displayName: 'Doubao Seed 2.0 Code (preview)',
    aliases: ['doubao-seed-2-0-code', 'doubao-seed-2-0-code-preview-260215'],
    upstreamModel: 'doubao-seed-2-0-code-preview-260215',
    status: 'preview',
    contextWindow: 256_000,
    maxOutputTokens: 131_072,
    // Ark answers 400 "`json_object` is not supported by this model" (models.dev note, verified 2026-08-30).
    capabilities: { ...SEED_2, jsonMode: false },
    pricing: SEED_2_PRO_PRICE,
    unconfirmed: ['contextWindow', 'maxOutputTokens', 'capabilities.vision'],
  }),
  doubao({
    id: 'doubao-seed-2.0-lite',
    displayName: 'Doubao Seed 2.0 Lite',
    aliases: ['doubao-seed-2-0-lite', 'doubao-seed-2-0-lite-260428'],
    upstreamModel: 'doubao-seed-2-0-lite-260428',
    pricing: arkPricing([0.6, 3.6, 0.12], [0.9, 5.4, 0.18], [1.8, 10.8, 0.36]),
  }),
  doubao({
    id: 'doubao-seed-2.0-mini',
    displayName: 'Doubao Seed 2.0 Mini',
    aliases: ['doubao-seed-2-0-mini', 'doubao-seed-2-0-mini-260428'],
    upstreamModel: 'doubao-seed-2-0-mini-260428',
    pricing: arkPricing([0.2, 2, 0.04], [0.4, 4, 0.08], [0.8, 8, 0.16]),
  }),
  doubaoModel({
    id: 'doubao-seed-1-8-251228',
    status: 'deprecated',
    displayName: 'Doubao Seed 1.8',
    aliases: ['doubao-seed-1.8', 'doubao-seed-1-8'],
    contextWindow: 256_000,
    maxOutputTokens: 32_000,
    capabilities: DOUBAO,
    pricing: SEED_16_PRICE,
    sources: {
      status: 'models.dev providers/volcengine/models/doubao-seed-1-8-251228.toml (status = "deprecated")',
    },
  }),
  doubaoModel({
    id: 'doubao-seed-1-6-flash-250828',
    status: 'deprecated',
    displayName: 'Doubao Seed 1.6 Flash',
    aliases: ['doubao-seed-1.6-flash', 'doubao-seed-1-6-flash'],
    contextWindow: 256_000,
    maxOutputTokens: 32_000,
    capabilities: DOUBAO,
    pricing: arkPricing([0.15, 1.5, 0.03], [0.3, 3, 0.03], [0.6, 6, 0.03]),
    unconfirmed: ['capabilities.reasoningEffort'],
    sources: {
      status:
        'models.dev providers/volcengine/models/doubao-seed-1-6-flash-250828.toml (status = "deprecated")',
    },
  }),
  doubaoModel({
    id: 'doubao-seed-1-6-251015',
    status: 'deprecated',
    displayName: 'Doubao Seed 1.6',
    aliases: ['doubao-seed-1.6', 'doubao-seed-1-6'],
    contextWindow: 256_000,
    maxOutputTokens: 64_000,
    capabilities: DOUBAO,
    pricing: SEED_16_PRICE,
    sources: {
      status: 'models.dev providers/volcengine/models/doubao-seed-1-6-251015.toml (status = "deprecated")',
    },
  }),
  doubaoModel({
    id: 'doubao-seed-1-6-lite-251015',
    displayName: 'Doubao Seed 1.6 Lite',
    aliases: ['doubao-seed-1.6-lite', 'doubao-seed-1-6-lite'],
    contextWindow: 256_000,
    maxOutputTokens: 32_000,
    capabilities: DOUBAO,
    pricing: arkPricing([0.3, 2.4, 0.06], [0.6, 4, 0.06], [1.2, 12, 0.06]),
    sources: {
      pricing: 'https://www.volcengine.com/docs/82379/1544106 (CNY list price, converted at 6.737012)',
    },
    unconfirmed: ['pricing'],
  }),
  doubaoModel({
    id: 'doubao-seed-1-6-vision-250815',
    status: 'deprecated',
    displayName: 'Doubao Seed 1.6 Vision',
    aliases: ['doubao-seed-1.6-vision', 'doubao-seed-1-6-vision'],
    contextWindow: 256_000,
    maxOutputTokens: 32_000,
    capabilities: DOUBAO,
    pricing: SEED_16_PRICE,
    sources: {
      status:
        'models.dev providers/volcengine/models/doubao-seed-1-6-vision-250815.toml (status = "deprecated")',
    },
  }),
];

function doubao(
  entry: Pick<CatalogEntryInput, 'id' | 'displayName' | 'aliases'> & {
    upstreamModel: string;
    pricing: Pricing;
  },
): CatalogEntryInput {
  return doubaoModel({
    ...entry,
    contextWindow: 256_000,
    // Recorded for the -260215 builds; the -260428 builds are assumed to keep them.
    maxOutputTokens: 32_000,
    capabilities: SEED_2,
    unconfirmed: ['maxOutputTokens'],
  });
}
