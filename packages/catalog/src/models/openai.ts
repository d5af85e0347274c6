import type { Capabilities, CatalogEntryInput, Endpoint, Pricing } from '../schema.js';

// Limits and prices cross-checked against models.dev (anomalyco/models.dev providers/openai/models/<model>.toml).
const MODEL_PAGE = (model: string) =>
  `https://developers.openai.com/api/docs/models/${model}; models.dev providers/openai/models/${model}.toml`;
const PRICING = 'https://developers.openai.com/api/docs/pricing';
const DEPRECATIONS =
  'https://developers.openai.com/api/docs/deprecations (as quoted on 2026-10-15/10-27 by dev.to ImportStatic and max_bob)';
const SHUT_DOWN_PAGE = 'https://developers.openai.com/api/docs/models/gpt-5-codex (marked "Shut down")';
// Reasoning-model parameter rules: vercel/ai packages/openai openai-language-model-capabilities.ts and the
// OpenAI reasoning guide, collected in shared/providers.md §1-2.
const REASONING_RULES =
  'https://developers.openai.com/api/docs/guides/reasoning; vercel/ai openai-language-model-capabilities.ts';
const RESPONSES_RULES =
  'https://developers.openai.com/api/docs/api-reference/responses; vercel/ai openai-responses-language-model.ts (providers.md §2)';
const CHAT_RULES = 'https://developers.openai.com/api/docs/api-reference/chat';

const NON_REASONING: Capabilities = {
  tools: true,
  vision: true,
  jsonMode: true,
  jsonSchema: true,
  reasoning: false,
  nativeN: true,
  penalties: true,
  stop: true,
  seed: true,
  logprobs: true,
  logitBias: true,
  temperature: { min: 0, max: 2 },
  topP: true,
  parallelToolCalls: true,
  toolChoiceRequired: true,
  reasoningEffort: null,
  streamUsage: true,
};

// Reasoning models on Chat Completions reject temperature/top_p/logprobs/penalties/logit_bias and (reported) stop.
// gpt-5.1+ accept temperature, top_p and logprobs only with reasoning_effort "none": the gateway treats them as
// rejected, because the default effort would make them fail.
const CHAT_REASONING: Capabilities = {
  ...NON_REASONING,
  reasoning: true,
  penalties: false,
  stop: false,
  logprobs: false,
  logitBias: false,
  temperature: null,
  topP: false,
  reasoningEffort: ['minimal', 'low', 'medium', 'high'],
};

// The Responses API has no n, stop, penalties, seed, logprobs or logit_bias at all.
const RESPONSES_REASONING: Capabilities = {
  ...CHAT_REASONING,
  nativeN: false,
  seed: false,
};

type OpenAIModelInput = Omit<
  CatalogEntryInput,
  'vendor' | 'protocol' | 'owned_by' | 'endpoints' | 'sources'
> & {
  upstreamModel: string;
  api: 'chat' | 'responses';
  endpointOptions?: Endpoint['options'];
  sources?: CatalogEntryInput['sources'];
};

function openaiModel({ upstreamModel, api, endpointOptions, ...entry }: OpenAIModelInput): CatalogEntryInput {
  const protocol = api === 'chat' ? 'openai-chat' : 'openai-responses';
  const endpoint: Endpoint = { provider: 'openai', upstreamModel, protocol };
  if (endpointOptions) endpoint.options = endpointOptions;
  const reasoning = entry.capabilities.reasoning;
  return {
    ...entry,
    vendor: 'openai',
    protocol,
    owned_by: 'openai',
    endpoints: [endpoint],
    sources: {
      endpoints: MODEL_PAGE(upstreamModel),
      contextWindow: MODEL_PAGE(upstreamModel),
      maxOutputTokens: MODEL_PAGE(upstreamModel),
      pricing: PRICING,
      capabilities: api === 'responses' ? RESPONSES_RULES : reasoning ? REASONING_RULES : CHAT_RULES,
      ...(entry.shutdownDate ? { status: DEPRECATIONS } : {}),
      ...entry.sources,
    },
    // Whether Chat Completions still honours `seed` and `n` > 1 on the reasoning models is not documented.
    unconfirmed:
      api === 'chat' && reasoning
        ? ['capabilities.seed', 'capabilities.nativeN', ...(entry.unconfirmed ?? [])]
        : entry.unconfirmed,
  };
}

/** GPT-5-family caching bills cache hits at 0.1x input. */
function gpt5Pricing(input: number, output: number): Pricing {
  return { input, output, cachedInput: Math.round(input * 100) / 1000 };
}

const EFFORT_51 = ['none', 'low', 'medium', 'high'];
const EFFORT_52 = ['none', 'low', 'medium', 'high', 'xhigh'];
const CODEX_EFFORT = ['low', 'medium', 'high'];
const CODEX_EFFORT_52 = ['low', 'medium', 'high', 'xhigh'];

export const openaiModels: CatalogEntryInput[] = [
  openaiModel({
    id: 'gpt-5-4',
    displayName: 'GPT-5.4',
    aliases: ['gpt-5.4'],
    upstreamModel: 'gpt-5.4',
    api: 'chat',
    contextWindow: 1_050_000,
    maxOutputTokens: 128_000,
    capabilities: { ...CHAT_REASONING, reasoningEffort: EFFORT_52 },
    // Prompts over 272K input tokens bill the whole request at the long-context rate.
    pricing: {
      ...gpt5Pricing(2.5, 15),
      tiers: [{ aboveInputTokens: 272_000, input: 5, output: 22.5, cachedInput: 0.5 }],
    },
    sources: {
      contextWindow: `${MODEL_PAGE('gpt-5.4')}; developer.box.com GPT-5.4 model card`,
      pricing: `${PRICING}; models.dev providers/openai/models/gpt-5.4.toml; long-context tier from wavespeed.ai (third-party)`,
    },
    unconfirmed: ['pricing.tiers'],
  }),
  openaiModel({
    id: 'gpt-5-3-codex',
    displayName: 'GPT-5.3-Codex',
    aliases: ['gpt-5.3-codex'],
    upstreamModel: 'gpt-5.3-codex',
    api: 'responses',
    contextWindow: 400_000,
    maxOutputTokens: 128_000,
    capabilities: { ...RESPONSES_REASONING, reasoningEffort: CODEX_EFFORT_52 },
    pricing: gpt5Pricing(1.75, 14),
    sources: {
      pricing: `${PRICING}; models.dev providers/openai/models/gpt-5.3-codex.toml; Codex rate card (43.75/4.375/350 credits, 25 credits = $1)`,
    },
    unconfirmed: ['capabilities.reasoningEffort'],
  }),
  openaiModel({
    id: 'gpt-5-2',
    displayName: 'GPT-5.2',
    aliases: ['gpt-5.2'],
    upstreamModel: 'gpt-5.2',
    api: 'chat',
    contextWindow: 400_000,
    maxOutputTokens: 128_000,
    capabilities: { ...CHAT_REASONING, reasoningEffort: EFFORT_52 },
    pricing: gpt5Pricing(1.75, 14),
  }),
  // OpenAI publishes no plain `gpt-5.2-chat` id (Azure uses it as a deployment name): both public ids go to -latest.
  openaiModel({
    id: 'gpt-5-2-chat',
    displayName: 'GPT-5.2 Chat',
    aliases: ['gpt-5.2-chat'],
    upstreamModel: 'gpt-5.2-chat-latest',
    api: 'chat',
    contextWindow: 128_000,
    maxOutputTokens: 16_384,
    capabilities: { ...CHAT_REASONING, reasoningEffort: ['medium'] },
    pricing: gpt5Pricing(1.75, 14),
    unconfirmed: ['endpoints'],
  }),
  openaiModel({
    id: 'gpt-5-2-chat-latest',
    displayName: 'GPT-5.2 Chat (latest)',
    aliases: ['gpt-5.2-chat-latest'],
    upstreamModel: 'gpt-5.2-chat-latest',
    api: 'chat',
    contextWindow: 128_000,
    maxOutputTokens: 16_384,
    capabilities: { ...CHAT_REASONING, reasoningEffort: ['medium'] },
    pricing: gpt5Pricing(1.75, 14),
  }),
  openaiModel({
    id: 'gpt-5-2-codex',
    displayName: 'GPT-5.2-Codex',
    aliases: ['gpt-5.2-codex'],
    upstreamModel: 'gpt-5.2-codex',
    api: 'responses',
    contextWindow: 400_000,
    maxOutputTokens: 128_000,
    capabilities: { ...RESPONSES_REASONING, reasoningEffort: CODEX_EFFORT_52 },
    pricing: gpt5Pricing(1.75, 14),
    unconfirmed: ['capabilities.reasoningEffort'],
  }),
  openaiModel({
    id: 'gpt-5-1',
    status: 'deprecated',
    shutdownDate: '2027-04-01',
    displayName: 'GPT-5.1',
    aliases: ['gpt-5.1'],
    upstreamModel: 'gpt-5.1',
    api: 'chat',
    contextWindow: 400_000,
    maxOutputTokens: 128_000,
    capabilities: { ...CHAT_REASONING, reasoningEffort: EFFORT_51 },
    pricing: gpt5Pricing(1.25, 10),
  }),
  openaiModel({
    id: 'gpt-5-1-chat',
    displayName: 'GPT-5.1 Chat',
    aliases: ['gpt-5.1-chat'],
    upstreamModel: 'gpt-5.1-chat-latest',
    api: 'chat',
    contextWindow: 128_000,
    maxOutputTokens: 16_384,
    capabilities: { ...CHAT_REASONING, reasoningEffort: ['medium'] },
    pricing: gpt5Pricing(1.25, 10),
    unconfirmed: ['endpoints'],
  }),
  openaiModel({
    id: 'gpt-5-1-chat-latest',
    displayName: 'GPT-5.1 Chat (latest)',
    aliases: ['gpt-5.1-chat-latest'],
    upstreamModel: 'gpt-5.1-chat-latest',
    api: 'chat',
    contextWindow: 128_000,
    maxOutputTokens: 16_384,
    capabilities: { ...CHAT_REASONING, reasoningEffort: ['medium'] },
    pricing: gpt5Pricing(1.25, 10),
  }),
  openaiModel({
    id: 'gpt-5-1-codex-mini',
    displayName: 'GPT-5.1-Codex-Mini',
    aliases: ['gpt-5.1-codex-mini'],
    upstreamModel: 'gpt-5.1-codex-mini',
    api: 'responses',
    contextWindow: 400_000,
    maxOutputTokens: 128_000,
    capabilities: { ...RESPONSES_REASONING, reasoningEffort: CODEX_EFFORT },
    pricing: gpt5Pricing(0.25, 2),
  }),
  openaiModel({
    id: 'gpt-5',
    status: 'deprecated',
    shutdownDate: '2026-12-11',
    displayName: 'GPT-5',
    upstreamModel: 'gpt-5',
    api: 'chat',
    contextWindow: 400_000,
    maxOutputTokens: 128_000,
    capabilities: CHAT_REASONING,
    pricing: gpt5Pricing(1.25, 10),
  }),
  openaiModel({
    id: 'gpt-5-chat-latest',
    displayName: 'GPT-5 Chat (latest)',
    aliases: ['gpt-5-chat', 'gpt-5.0-chat-latest'],
    upstreamModel: 'gpt-5-chat-latest',
    api: 'chat',
    contextWindow: 128_000,
    maxOutputTokens: 16_384,
    // The ChatGPT snapshot: not a reasoning model in the Vercel capability function, so sampling knobs pass. The
    // chat-latest snapshots have historically had no function calling (a models.dev maintainer in
    // anomalyco/models.dev#1290; community.openai.com reports a 404 "functions is not supported in this model").
    capabilities: { ...NON_REASONING, tools: false, toolChoiceRequired: false, parallelToolCalls: false },
    pricing: gpt5Pricing(1.25, 10),
    sources: {
      capabilities: `${CHAT_RULES}; anomalyco/models.dev#1290; community.openai.com/t/1337048 (tools)`,
    },
    unconfirmed: ['capabilities.tools', 'capabilities.jsonSchema'],
  }),
  openaiModel({
    id: 'gpt-5-pro',
    status: 'deprecated',
    shutdownDate: '2026-12-11',
    displayName: 'GPT-5 Pro',
    upstreamModel: 'gpt-5-pro',
    api: 'responses',
    contextWindow: 400_000,
    maxOutputTokens: 272_000,
    capabilities: { ...RESPONSES_REASONING, reasoningEffort: ['high'] },
    // No cached-input discount is listed for gpt-5-pro.
    pricing: { input: 15, output: 120 },
  }),
  openaiModel({
    id: 'gpt-5-codex',
    displayName: 'GPT-5-Codex',
    upstreamModel: 'gpt-5-codex',
    api: 'responses',
    contextWindow: 400_000,
    maxOutputTokens: 128_000,
    capabilities: { ...RESPONSES_REASONING, reasoningEffort: CODEX_EFFORT },
    pricing: gpt5Pricing(1.25, 10),
    status: 'retired',
    sources: {
      endpoints: SHUT_DOWN_PAGE,
      status: `${SHUT_DOWN_PAGE}; dsiddharth2/codehawk#25 (404 on all calls)`,
    },
    notes:
      'OpenAI lists gpt-5-codex as shut down; override the endpoint (e.g. gpt-5.3-codex) in config to keep the id.',
  }),
  openaiModel({
    id: 'gpt-5-codex-high',
    displayName: 'GPT-5-Codex (high effort)',
    upstreamModel: 'gpt-5-codex',
    api: 'responses',
    endpointOptions: { reasoningEffort: 'high' },
    contextWindow: 400_000,
    maxOutputTokens: 128_000,
    capabilities: { ...RESPONSES_REASONING, reasoningEffort: ['high'] },
    pricing: gpt5Pricing(1.25, 10),
    status: 'retired',
    sources: { endpoints: `${SHUT_DOWN_PAGE}; providers.md §0 (a gateway alias)`, status: SHUT_DOWN_PAGE },
    notes:
      'A gateway alias, not an OpenAI id: gpt-5-codex with reasoning.effort "high". gpt-5-codex is shut down.',
  }),
  openaiModel({
    id: 'gpt-5-codex-low',
    displayName: 'GPT-5-Codex (low effort)',
    upstreamModel: 'gpt-5-codex',
    api: 'responses',
    endpointOptions: { reasoningEffort: 'low' },
    contextWindow: 400_000,
    maxOutputTokens: 128_000,
    capabilities: { ...RESPONSES_REASONING, reasoningEffort: ['low'] },
    pricing: gpt5Pricing(1.25, 10),
    status: 'retired',
    sources: { endpoints: `${SHUT_DOWN_PAGE}; providers.md §0 (a gateway alias)`, status: SHUT_DOWN_PAGE },
    notes:
      'A gateway alias, not an OpenAI id: gpt-5-codex with reasoning.effort "low". gpt-5-codex is shut down.',
  }),
  openaiModel({
    id: 'gpt-5-mini',
    status: 'deprecated',
    shutdownDate: '2026-12-11',
    displayName: 'GPT-5 mini',
    upstreamModel: 'gpt-5-mini',
    api: 'chat',
    contextWindow: 400_000,
    maxOutputTokens: 128_000,
    capabilities: CHAT_REASONING,
    pricing: gpt5Pricing(0.25, 2),
  }),
  openaiModel({
    id: 'gpt-5-nano',
    status: 'deprecated',
    shutdownDate: '2026-12-11',
    displayName: 'GPT-5 nano',
    upstreamModel: 'gpt-5-nano',
    api: 'chat',
    contextWindow: 400_000,
    maxOutputTokens: 128_000,
    capabilities: CHAT_REASONING,
    pricing: gpt5Pricing(0.05, 0.4),
  }),
  openaiModel({
    id: 'gpt-4o',
    status: 'deprecated',
    shutdownDate: '2027-01-14',
    displayName: 'GPT-4o',
    upstreamModel: 'gpt-4o',
    api: 'chat',
    contextWindow: 128_000,
    maxOutputTokens: 16_384,
    capabilities: NON_REASONING,
    pricing: { input: 2.5, output: 10, cachedInput: 1.25 },
  }),
  openaiModel({
    id: 'gpt-4o-mini',
    status: 'deprecated',
    shutdownDate: '2027-01-14',
    displayName: 'GPT-4o mini',
    upstreamModel: 'gpt-4o-mini',
    api: 'chat',
    contextWindow: 128_000,
    maxOutputTokens: 16_384,
    capabilities: NON_REASONING,
    pricing: { input: 0.15, output: 0.6, cachedInput: 0.075 },
  }),
  openaiModel({
    id: 'gpt-4-1',
    status: 'deprecated',
    shutdownDate: '2027-01-14',
    displayName: 'GPT-4.1',
    aliases: ['gpt-4.1'],
    upstreamModel: 'gpt-4.1',
    api: 'chat',
    contextWindow: 1_047_576,
    maxOutputTokens: 32_768,
    capabilities: NON_REASONING,
    pricing: { input: 2, output: 8, cachedInput: 0.5 },
  }),
  openaiModel({
    id: 'gpt-4',
    status: 'retired',
    shutdownDate: '2026-10-23',
    displayName: 'GPT-4',
    upstreamModel: 'gpt-4',
    api: 'chat',
    contextWindow: 8_192,
    maxOutputTokens: 8_192,
    // gpt-4 (0613) predates JSON mode, vision, parallel tool calls and seed (all arrived with the 1106 models).
    capabilities: {
      ...NON_REASONING,
      vision: false,
      jsonMode: false,
      jsonSchema: false,
      seed: false,
      parallelToolCalls: false,
    },
    pricing: { input: 30, output: 60 },
    unconfirmed: ['capabilities.seed', 'capabilities.jsonMode'],
  }),
];
