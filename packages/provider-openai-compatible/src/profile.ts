import type { ChatDialect } from '@llmux/provider-openai/chat-internals';

/**
 * One OpenAI-compatible vendor: where it lives and how it differs from OpenAI. Every field of the
 * shared `ChatDialect` may be set; what is left out takes the defaults in `COMPATIBLE_DEFAULTS`, which
 * describe "a server that copies OpenAI's Chat Completions without its newer extras".
 */
export interface OpenAICompatibleProfile extends Partial<Omit<ChatDialect, 'name'>> {
  /** The catalog's provider id, also the adapter's name in logs and metrics (`deepseek`). */
  readonly name: string;
  readonly displayName: string;
  /** Base URL in the vendor SDK's convention; the gateway lets `<ENV_PREFIX>_BASE_URL` override it. */
  readonly defaultBaseUrl: string;
  /** Prefix of the `<PREFIX>_API_KEY` / `<PREFIX>_BASE_URL` variables (`DEEPSEEK`). */
  readonly envPrefix: string;
  /** The vendor documents this profile follows. */
  readonly docs: readonly string[];
}

/** What a profile gets unless it says otherwise. */
export const COMPATIBLE_DEFAULTS: Omit<ChatDialect, 'name'> = {
  path: '/chat/completions',
  createHeaders: (target) => ({ authorization: `Bearer ${target.apiKey}` }),
  // `developer` is an OpenAI o-series invention most compatible servers do not know.
  instructionRole: () => 'system',
  maxTokensField: () => 'max_tokens',
  temperatureOutOfRange: 'reject',
  flattenTextParts: true,
  // DeepSeek, Kimi, Qwen and the Ark-hosted models want the reasoning of tool-call turns back.
  reasoningContentUpstream: 'pass',
  namedToolChoice: true,
  toolChoiceNone: 'pass',
  user: 'omit',
  streamOptions: true,
  passThroughFields: [],
  finishReasons: {},
  completionTokensExcludeReasoning: false,
  errorCodes: {},
};

/** The full dialect a profile stands for. */
export function resolveProfileDialect(profile: OpenAICompatibleProfile): ChatDialect {
  return { ...COMPATIBLE_DEFAULTS, ...profile };
}

/** Identity with a type: lets a profile file be checked as it is written. */
export function defineProfile<const T extends OpenAICompatibleProfile>(profile: T): T {
  return profile;
}
