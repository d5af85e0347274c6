import type { CatalogEntryInput } from '../schema.js';

export const zhipuModels: CatalogEntryInput[] = [
  {
    id: 'glm-4-7-251222',
    displayName: 'GLM-4.7',
    aliases: ['glm-4.7', 'glm-4-7'],
    vendor: 'zhipu',
    protocol: 'openai-chat',
    owned_by: 'zhipu',
    endpoints: [
      // The public id is Volcengine Ark's build of GLM-4.7; bigmodel.cn serves the same model as `glm-4.7`.
      { provider: 'ark', upstreamModel: 'glm-4-7-251222', protocol: 'openai-chat' },
      { provider: 'zhipu', upstreamModel: 'glm-4.7', protocol: 'openai-chat' },
    ],
    contextWindow: 200_000,
    maxOutputTokens: 128_000,
    capabilities: {
      tools: true,
      vision: false,
      jsonMode: true,
      // json_schema is not accepted: the gateway downgrades it to json_object.
      jsonSchema: false,
      reasoning: true,
      nativeN: false,
      penalties: false,
      stop: true,
      seed: false,
      logprobs: false,
      logitBias: false,
      temperature: { min: 0, max: 1 },
      topP: true,
      parallelToolCalls: false,
      // bigmodel.cn only takes tool_choice "auto".
      toolChoiceRequired: false,
      reasoningEffort: null,
      streamUsage: true,
    },
    pricing: { input: 0.6, output: 2.2, cachedInput: 0.11 },
    sources: {
      endpoints:
        'OpenClaw docs (volcengine/glm-4-7-251222); https://docs.bigmodel.cn/cn/guide/models/text/glm-4.7',
      contextWindow:
        'https://docs.bigmodel.cn/cn/guide/models/text/glm-4.7; Ark client RESPONSE_MODEL_TOKEN_PROFILES (third-party)',
      maxOutputTokens:
        'https://docs.bigmodel.cn/cn/guide/models/text/glm-4.7; Ark client RESPONSE_MODEL_TOKEN_PROFILES (third-party)',
      pricing:
        'https://docs.z.ai/guides/overview/pricing (GLM-4.7, USD); models.dev providers/zai/models/glm-4.7.toml',
      capabilities:
        'https://docs.bigmodel.cn/cn/api/introduction; Portkey src/providers/zhipu (providers.md §11)',
    },
    unconfirmed: ['capabilities.stop'],
    notes: "Ark bills this model in CNY; the price recorded is Z.ai's USD list price for GLM-4.7.",
  },
];
