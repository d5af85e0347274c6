import type { Capabilities, CatalogEntryInput } from '../schema.js';

const MODELS_PAGE = 'https://www.alibabacloud.com/help/en/model-studio/models';
// Prices and limits of the international (Singapore) deployment, cross-checked against models.dev
// (anomalyco/models.dev providers/alibaba/models/*.toml and models/alibaba/*.toml).
const MODELS_DEV = (file: string) => `${MODELS_PAGE}; models.dev providers/alibaba/models/${file}.toml`;
const CAPABILITY_SOURCE =
  'https://www.alibabacloud.com/help/en/model-studio/compatibility-of-openai-with-dashscope; vercel/ai packages/alibaba (providers.md §8); docs.instructorphp.com llm_qwen (required sent as auto)';

const QWEN: Capabilities = {
  tools: true,
  vision: false,
  // json_object is rejected in thinking mode; the adapter switches thinking off for it.
  jsonMode: true,
  jsonSchema: false,
  reasoning: false,
  nativeN: false,
  // presence_penalty is native but frequency_penalty is not (vercel/ai warns and drops it).
  penalties: false,
  stop: true,
  seed: true,
  logprobs: false,
  logitBias: false,
  // DashScope documents temperature in [0, 2).
  temperature: { min: 0, max: 1.99 },
  topP: true,
  parallelToolCalls: true,
  // tool_choice "required" is not accepted (clients send it as "auto"); a named function is native, which the
  // policy can use to force a call when only one tool is offered.
  toolChoiceRequired: false,
  // Thinking is enable_thinking / thinking_budget, not an effort level.
  reasoningEffort: null,
  streamUsage: true,
};

// Open-weight hybrid Qwen3: thinking on by default, and non-streaming calls must turn it off (providers.md §8).
const QWEN_HYBRID: Capabilities = { ...QWEN, reasoning: true };

function qwenModel(
  entry: Omit<CatalogEntryInput, 'vendor' | 'protocol' | 'owned_by' | 'endpoints' | 'sources'> & {
    upstreamModel?: string;
    sources?: CatalogEntryInput['sources'];
  },
): CatalogEntryInput {
  const { upstreamModel = entry.id, ...rest } = entry;
  return {
    ...rest,
    vendor: 'alibaba',
    protocol: 'openai-chat',
    owned_by: 'alibaba',
    endpoints: [{ provider: 'dashscope', upstreamModel, protocol: 'openai-chat' }],
    sources: {
      endpoints: MODELS_PAGE,
      contextWindow: MODELS_DEV(upstreamModel),
      maxOutputTokens: MODELS_DEV(upstreamModel),
      pricing: MODELS_DEV(upstreamModel),
      capabilities: CAPABILITY_SOURCE,
      ...entry.sources,
    },
    unconfirmed: entry.unconfirmed ?? [],
  };
}

export const alibabaModels: CatalogEntryInput[] = [
  qwenModel({
    id: 'qwen3.5-397b-a17b',
    displayName: 'Qwen3.5 397B-A17B',
    aliases: ['qwen3-5-397b-a17b'],
    contextWindow: 262_144,
    maxOutputTokens: 65_536,
    capabilities: { ...QWEN_HYBRID, vision: true, jsonSchema: true },
    pricing: { input: 0.6, output: 3.6 },
    unconfirmed: ['capabilities.jsonSchema'],
  }),
  qwenModel({
    id: 'qwen3-coder-next',
    displayName: 'Qwen3 Coder Next',
    contextWindow: 262_144,
    maxOutputTokens: 65_536,
    // Non-thinking only (no <think> blocks), per the model card.
    capabilities: QWEN,
    // No DashScope list price was found. Third-party hosts charge $0.07-$0.50 input and $0.30-$1.50 output
    // (OpenRouter, Novita, Vercel/Bedrock); the upper end is recorded so that budgets are not under-counted.
    pricing: { input: 0.5, output: 1.5 },
    sources: {
      endpoints: 'vava-nessa/free-coding-models v0.1.79 (Qwen3 Coder Next on DashScope Singapore)',
      contextWindow:
        'models.dev models/alibaba/qwen3-coder-next.toml; https://huggingface.co/Qwen/Qwen3-Coder-Next',
      maxOutputTokens: 'models.dev models/alibaba/qwen3-coder-next.toml',
      pricing:
        'openrouter.ai/qwen/qwen3-coder-next; novita.ai; vercel.com/ai-gateway/models/qwen3-coder-next (third-party)',
    },
    unconfirmed: ['pricing'],
  }),
  qwenModel({
    id: 'qwen3-coder',
    displayName: 'Qwen3 Coder Plus',
    aliases: ['qwen3-coder-plus'],
    upstreamModel: 'qwen3-coder-plus',
    contextWindow: 1_000_000,
    maxOutputTokens: 65_536,
    capabilities: QWEN,
    pricing: {
      input: 1,
      output: 5,
      cachedInput: 0.2,
      cacheWrite: 1.25,
      tiers: [
        { aboveInputTokens: 32_000, input: 1.8, output: 9, cachedInput: 0.36, cacheWrite: 2.25 },
        { aboveInputTokens: 128_000, input: 3, output: 15, cachedInput: 0.6, cacheWrite: 3.75 },
        { aboveInputTokens: 256_000, input: 6, output: 60, cachedInput: 1.2, cacheWrite: 7.5 },
      ],
    },
    sources: {
      contextWindow: 'models.dev models/alibaba/qwen3-coder-plus.toml',
      maxOutputTokens: 'models.dev models/alibaba/qwen3-coder-plus.toml',
    },
    notes:
      'Routed to the commercial qwen3-coder-plus; the open-weight qwen3-coder-480b-a35b-instruct is an alternative.',
  }),
  qwenModel({
    id: 'qwen3-235b-a22b',
    displayName: 'Qwen3 235B-A22B',
    contextWindow: 131_072,
    maxOutputTokens: 16_384,
    capabilities: QWEN_HYBRID,
    pricing: { input: 0.287, output: 1.147, reasoningOutput: 2.868 },
    sources: {
      contextWindow: 'models.dev models/alibaba/qwen3-235b-a22b.toml',
      maxOutputTokens: 'models.dev models/alibaba/qwen3-235b-a22b.toml',
    },
  }),
  qwenModel({
    id: 'qwen3-32b',
    displayName: 'Qwen3 32B',
    contextWindow: 131_072,
    maxOutputTokens: 16_384,
    capabilities: QWEN_HYBRID,
    pricing: { input: 0.16, output: 0.64, reasoningOutput: 0.64 },
    sources: {
      contextWindow: 'models.dev models/alibaba/qwen3-32b.toml',
      maxOutputTokens: 'models.dev models/alibaba/qwen3-32b.toml',
    },
  }),
  qwenModel({
    id: 'qwen3-14b',
    displayName: 'Qwen3 14B',
    contextWindow: 131_072,
    maxOutputTokens: 8_192,
    capabilities: QWEN_HYBRID,
    pricing: { input: 0.144, output: 0.574, reasoningOutput: 1.434 },
    sources: {
      contextWindow: 'models.dev models/alibaba/qwen3-14b.toml',
      maxOutputTokens: 'models.dev models/alibaba/qwen3-14b.toml',
    },
  }),
  qwenModel({
    id: 'qwen2.5-72b-instruct',
    displayName: 'Qwen2.5 72B Instruct',
    aliases: ['qwen2-5-72b-instruct'],
    status: 'deprecated',
    contextWindow: 131_072,
    maxOutputTokens: 8_192,
    capabilities: QWEN,
    pricing: { input: 1.4, output: 5.6 },
    sources: {
      contextWindow: MODELS_DEV('qwen2-5-72b-instruct'),
      maxOutputTokens: MODELS_DEV('qwen2-5-72b-instruct'),
      pricing: MODELS_DEV('qwen2-5-72b-instruct'),
    },
  }),
];
