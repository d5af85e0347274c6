import type { ProviderId, VendorId, WireProtocol } from './schema.js';

export interface ProviderInfo {
  id: ProviderId;
  displayName: string;
  /** Prefix of the `<PREFIX>_API_KEY` / `<PREFIX>_BASE_URL` environment variables. */
  envPrefix: string;
  apiKeyEnv: string;
  baseUrlEnv: string;
  /** Default base URL, written the way the vendor's own SDK writes it (OpenAI's includes /v1, Anthropic's does not). */
  defaultBaseUrl: string;
  /** API version path segment the SDK appends to the base URL, where it keeps it apart (Gemini: `v1beta`). */
  apiVersion?: string;
  /** Wire protocols this endpoint family speaks. */
  protocols: readonly WireProtocol[];
  /** Where the base URL convention was read. */
  source: string;
}

export interface VendorInfo {
  id: VendorId;
  displayName: string;
  /** The endpoint family that serves this vendor's models unless an entry says otherwise. */
  defaultProvider: ProviderId;
}

function defineProvider(info: Omit<ProviderInfo, 'apiKeyEnv' | 'baseUrlEnv'>): ProviderInfo {
  return { ...info, apiKeyEnv: `${info.envPrefix}_API_KEY`, baseUrlEnv: `${info.envPrefix}_BASE_URL` };
}

export const PROVIDERS: Readonly<Record<ProviderId, ProviderInfo>> = Object.freeze({
  openai: defineProvider({
    id: 'openai',
    displayName: 'OpenAI',
    envPrefix: 'OPENAI',
    defaultBaseUrl: 'https://api.openai.com/v1',
    protocols: ['openai-chat', 'openai-responses'],
    source:
      'openai-node client.ts: baseURL defaults to process.env.OPENAI_BASE_URL ?? https://api.openai.com/v1',
  }),
  anthropic: defineProvider({
    id: 'anthropic',
    displayName: 'Anthropic',
    envPrefix: 'ANTHROPIC',
    defaultBaseUrl: 'https://api.anthropic.com',
    protocols: ['anthropic-messages'],
    source:
      'anthropic-sdk-typescript client.ts: baseURL defaults to ANTHROPIC_BASE_URL ?? https://api.anthropic.com',
  }),
  gemini: defineProvider({
    id: 'gemini',
    displayName: 'Google Gemini API',
    envPrefix: 'GEMINI',
    // @google/genai keeps the API version apart (apiVersion 'v1beta') and appends it to this base URL.
    defaultBaseUrl: 'https://generativelanguage.googleapis.com',
    apiVersion: 'v1beta',
    protocols: ['gemini'],
    source: '@google/genai ApiClient: baseUrl https://generativelanguage.googleapis.com/ + apiVersion v1beta',
  }),
  deepseek: defineProvider({
    id: 'deepseek',
    displayName: 'DeepSeek',
    envPrefix: 'DEEPSEEK',
    defaultBaseUrl: 'https://api.deepseek.com',
    protocols: ['openai-chat'],
    source: 'https://api-docs.deepseek.com/ (base_url https://api.deepseek.com; /v1 also accepted)',
  }),
  xai: defineProvider({
    id: 'xai',
    displayName: 'xAI',
    envPrefix: 'XAI',
    defaultBaseUrl: 'https://api.x.ai/v1',
    protocols: ['openai-chat'],
    source: 'https://docs.x.ai/docs/api-reference (base URL https://api.x.ai/v1); vercel/ai packages/xai',
  }),
  moonshot: defineProvider({
    id: 'moonshot',
    displayName: 'Moonshot AI (Kimi)',
    envPrefix: 'MOONSHOT',
    defaultBaseUrl: 'https://api.moonshot.ai/v1',
    protocols: ['openai-chat'],
    source:
      'https://platform.moonshot.ai/docs (global endpoint; China: https://api.moonshot.cn/v1); vercel/ai packages/moonshotai',
  }),
  dashscope: defineProvider({
    id: 'dashscope',
    displayName: 'Alibaba Cloud Model Studio (DashScope)',
    envPrefix: 'DASHSCOPE',
    defaultBaseUrl: 'https://dashscope-intl.aliyuncs.com/compatible-mode/v1',
    protocols: ['openai-chat'],
    source:
      'https://www.alibabacloud.com/help/en/model-studio/compatibility-of-openai-with-dashscope (Singapore; Beijing: https://dashscope.aliyuncs.com/compatible-mode/v1)',
  }),
  ark: defineProvider({
    id: 'ark',
    displayName: 'Volcengine Ark',
    envPrefix: 'ARK',
    defaultBaseUrl: 'https://ark.cn-beijing.volces.com/api/v3',
    protocols: ['openai-chat', 'openai-responses'],
    source:
      'https://www.volcengine.com/docs/82379 (Ark API base https://ark.cn-beijing.volces.com/api/v3); New-API relay/channel/volcengine',
  }),
  minimax: defineProvider({
    id: 'minimax',
    displayName: 'MiniMax',
    envPrefix: 'MINIMAX',
    defaultBaseUrl: 'https://api.minimax.io/v1',
    protocols: ['openai-chat'],
    source:
      'https://platform.minimax.io/docs/api-reference/text-openai-api (China: https://api.minimaxi.com/v1)',
  }),
  zhipu: defineProvider({
    id: 'zhipu',
    displayName: 'Zhipu AI (BigModel)',
    envPrefix: 'ZHIPUAI',
    defaultBaseUrl: 'https://open.bigmodel.cn/api/paas/v4',
    protocols: ['openai-chat'],
    source: 'https://docs.bigmodel.cn/ (international Z.ai: https://api.z.ai/api/paas/v4)',
  }),
});

export const VENDORS: Readonly<Record<VendorId, VendorInfo>> = Object.freeze({
  anthropic: { id: 'anthropic', displayName: 'Anthropic', defaultProvider: 'anthropic' },
  openai: { id: 'openai', displayName: 'OpenAI', defaultProvider: 'openai' },
  google: { id: 'google', displayName: 'Google', defaultProvider: 'gemini' },
  deepseek: { id: 'deepseek', displayName: 'DeepSeek', defaultProvider: 'deepseek' },
  alibaba: { id: 'alibaba', displayName: 'Alibaba (Qwen)', defaultProvider: 'dashscope' },
  bytedance: { id: 'bytedance', displayName: 'ByteDance (Doubao)', defaultProvider: 'ark' },
  minimax: { id: 'minimax', displayName: 'MiniMax', defaultProvider: 'minimax' },
  moonshot: { id: 'moonshot', displayName: 'Moonshot AI (Kimi)', defaultProvider: 'moonshot' },
  xai: { id: 'xai', displayName: 'xAI (Grok)', defaultProvider: 'xai' },
  zhipu: { id: 'zhipu', displayName: 'Zhipu AI (GLM)', defaultProvider: 'zhipu' },
});
