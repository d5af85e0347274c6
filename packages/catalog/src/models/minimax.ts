import type { Capabilities, CatalogEntryInput } from '../schema.js';

const OPENAI_API_DOC = 'https://platform.minimax.io/docs/api-reference/text-openai-api';
const PRICING = 'https://platform.minimax.io/docs/pricing/overview';

// MiniMax M2.x over the OpenAI-compatible API: always thinks, temperature in (0, 1], n=1, no penalties,
// response_format, seed or parallel_tool_calls; tool_choice beyond auto is undocumented (providers.md §10).
const MINIMAX_M2: Capabilities = {
  tools: true,
  vision: false,
  jsonMode: false,
  jsonSchema: false,
  reasoning: true,
  nativeN: false,
  penalties: false,
  stop: true,
  seed: false,
  logprobs: false,
  logitBias: false,
  // The documented range is (0, 1]: 0 itself is rejected, so the adapter clamps to a small positive value.
  temperature: { min: 0.01, max: 1 },
  topP: true,
  parallelToolCalls: false,
  toolChoiceRequired: false,
  reasoningEffort: null,
  streamUsage: true,
};

function minimaxModel(
  entry: Omit<
    CatalogEntryInput,
    'vendor' | 'protocol' | 'owned_by' | 'endpoints' | 'sources' | 'capabilities'
  > & {
    upstreamModel: string;
    sources?: CatalogEntryInput['sources'];
  },
): CatalogEntryInput {
  const { upstreamModel, ...rest } = entry;
  return {
    ...rest,
    vendor: 'minimax',
    protocol: 'openai-chat',
    owned_by: 'minimax',
    endpoints: [{ provider: 'minimax', upstreamModel, protocol: 'openai-chat' }],
    capabilities: MINIMAX_M2,
    sources: {
      endpoints: OPENAI_API_DOC,
      contextWindow: `${OPENAI_API_DOC}; models.dev providers/minimax/models/MiniMax-M2.5.toml`,
      maxOutputTokens: 'models.dev providers/minimax/models/MiniMax-M2.5.toml',
      pricing: `${PRICING}; models.dev providers/minimax/models/MiniMax-M2.5.toml`,
      capabilities: `${OPENAI_API_DOC}; java.agentscope.io MiniMax notes (providers.md §10)`,
      ...entry.sources,
    },
    // promptfoo reports that the OpenAI-compatible API caps max_completion_tokens at 2048, below the model's
    // 131K (reachable on MiniMax's Anthropic-compatible endpoint).
    unconfirmed: ['capabilities.stop', 'maxOutputTokens', ...(entry.unconfirmed ?? [])],
    notes:
      'promptfoo reports a 2048 max_completion_tokens cap on the OpenAI-compatible API; check before relying on long outputs.',
  };
}

export const minimaxModels: CatalogEntryInput[] = [
  minimaxModel({
    id: 'minimax-m2.5',
    displayName: 'MiniMax M2.5',
    aliases: ['minimax-m2-5'],
    upstreamModel: 'MiniMax-M2.5',
    contextWindow: 204_800,
    maxOutputTokens: 131_072,
    pricing: { input: 0.3, output: 1.2, cachedInput: 0.03, cacheWrite: 0.375 },
  }),
  minimaxModel({
    id: 'minimax-m2.1',
    displayName: 'MiniMax M2.1',
    aliases: ['minimax-m2-1'],
    upstreamModel: 'MiniMax-M2.1',
    contextWindow: 204_800,
    maxOutputTokens: 131_072,
    pricing: { input: 0.3, output: 1.2, cachedInput: 0.03, cacheWrite: 0.375 },
    sources: {
      contextWindow:
        'https://vercel.com/ai-gateway/models/minimax-m2.1-lightning (same model, 204.8K context)',
      maxOutputTokens: 'https://vercel.com/ai-gateway/models/minimax-m2.1-lightning (131.1K max output)',
      pricing:
        'https://docs.cline.bot/provider-config/minimax (0.30 / 1.20); vercel.com MiniMax provider row (cache read 0.03, write 0.38)',
    },
  }),
];
