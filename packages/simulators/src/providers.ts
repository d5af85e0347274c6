/**
 * The provider families the simulator answers for. Each has one URL prefix (`/<provider>`); what follows
 * the prefix is the vendor's own path, so a vendor SDK or adapter pointed at `baseUrlFor(provider)` sends
 * exactly the path it would send to the real host.
 */
export const SIMULATED_PROVIDERS = [
  'openai',
  'anthropic',
  'gemini',
  'deepseek',
  'xai',
  'moonshot',
  'dashscope',
  'ark',
  'minimax',
  'zhipu',
] as const;

export type SimulatedProvider = (typeof SIMULATED_PROVIDERS)[number];

/**
 * The part of each vendor's base URL after its host, in the convention of the vendor's SDK (or of the
 * OpenAI SDK for the OpenAI-compatible vendors), so `baseUrlFor` can stand in for `<VENDOR>_BASE_URL`:
 * - openai: `https://api.openai.com/v1` (the SDK appends `/chat/completions`, `/responses`);
 * - anthropic: `https://api.anthropic.com` (the SDK appends `/v1/messages`);
 * - gemini: `https://generativelanguage.googleapis.com` (@google/genai appends `/v1beta/models/{model}:generateContent`);
 * - deepseek: `https://api.deepseek.com` (no `/v1`: https://api-docs.deepseek.com);
 * - xai `https://api.x.ai/v1`, moonshot `https://api.moonshot.ai/v1`, minimax `https://api.minimax.io/v1`;
 * - dashscope: `https://dashscope-intl.aliyuncs.com/compatible-mode/v1`;
 * - ark: `https://ark.cn-beijing.volces.com/api/v3`;
 * - zhipu: `https://open.bigmodel.cn/api/paas/v4`.
 */
export const PROVIDER_BASE_PATHS: Readonly<Record<SimulatedProvider, string>> = {
  openai: '/v1',
  anthropic: '',
  gemini: '',
  deepseek: '',
  xai: '/v1',
  moonshot: '/v1',
  dashscope: '/compatible-mode/v1',
  ark: '/api/v3',
  minimax: '/v1',
  zhipu: '/api/paas/v4',
};

export function isSimulatedProvider(value: string): value is SimulatedProvider {
  return (SIMULATED_PROVIDERS as readonly string[]).includes(value);
}
