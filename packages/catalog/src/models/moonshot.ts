import type { CatalogEntryInput } from '../schema.js';

const MODELS_OVERVIEW = 'https://platform.kimi.ai/docs/api/models-overview';

export const moonshotModels: CatalogEntryInput[] = [
  {
    id: 'kimi-k2.5',
    displayName: 'Kimi K2.5',
    aliases: ['kimi-k2-5', 'kimi-k2-5-260127'],
    vendor: 'moonshot',
    protocol: 'openai-chat',
    owned_by: 'moonshot',
    endpoints: [
      { provider: 'moonshot', upstreamModel: 'kimi-k2.5', protocol: 'openai-chat' },
      // Volcengine Ark mirror.
      { provider: 'ark', upstreamModel: 'kimi-k2-5-260127', protocol: 'openai-chat' },
    ],
    contextWindow: 262_144,
    maxOutputTokens: 262_144,
    capabilities: {
      tools: true,
      vision: true,
      jsonMode: true,
      jsonSchema: true,
      reasoning: true,
      // k2.5 fixes n=1, temperature (1.0 thinking / 0.6 otherwise), top_p 0.95 and penalties 0: other values are
      // rejected with invalid_request_error (models-overview "parameter comparison" table).
      nativeN: false,
      penalties: false,
      stop: true,
      seed: false,
      logprobs: false,
      logitBias: false,
      temperature: null,
      topP: false,
      parallelToolCalls: false,
      // `required` is not accepted on k2.5; the gateway degrades or rejects it.
      toolChoiceRequired: false,
      // Thinking is thinking.type enabled/disabled, not an effort level.
      reasoningEffort: null,
      streamUsage: true,
    },
    pricing: { input: 0.6, output: 3, cachedInput: 0.1 },
    sources: {
      endpoints: 'vercel/ai packages/moonshotai model list; OpenClaw docs (volcengine/kimi-k2-5-260127)',
      contextWindow: `${MODELS_OVERVIEW}; models.dev providers/moonshotai/models/kimi-k2.5.toml`,
      maxOutputTokens: 'models.dev providers/moonshotai/models/kimi-k2.5.toml',
      pricing:
        'https://platform.kimi.ai/docs/pricing/chat; models.dev providers/moonshotai/models/kimi-k2.5.toml',
      capabilities: `${MODELS_OVERVIEW}; https://platform.moonshot.cn/docs/guide/use-kimi-k2-thinking-model (providers.md §7)`,
    },
    unconfirmed: ['capabilities.stop', 'capabilities.toolChoiceRequired'],
  },
];
