import { defineProfile } from '../profile.js';

/**
 * Volcengine Ark (https://www.volcengine.com/docs/82379/1494384): Doubao, and the DeepSeek, GLM and Kimi
 * builds Ark hosts under dated ids (`deepseek-v3-2-251201`, `glm-4-7-251222`, `kimi-k2-5-260127`).
 * Per-model differences (vision, reasoning_effort on Seed 1.8 / 2.0) come from the catalog.
 */
export const arkProfile = defineProfile({
  name: 'ark',
  displayName: 'Volcengine Ark',
  defaultBaseUrl: 'https://ark.cn-beijing.volces.com/api/v3',
  envPrefix: 'ARK',
  docs: [
    'https://www.volcengine.com/docs/82379/1494384',
    'https://www.volcengine.com/docs/82379/1449737',
    'https://www.volcengine.com/docs/82379/1299023',
  ],
  // Application (bot) ids are served on their own path (New-API relay/channel/volcengine).
  resolvePath: (target) =>
    target.upstreamModel.startsWith('bot-') ? '/bots/chat/completions' : '/chat/completions',
  // `thinking: {type: "enabled" | "disabled" | "auto"}` is Ark's switch for Doubao Seed and the hosted
  // DeepSeek/GLM/Kimi models.
  passThroughFields: ['thinking'],
  errorCodes: {
    InvalidParameter: 'invalid_request',
    MissingParameter: 'invalid_request',
    AuthenticationError: 'authentication',
    AccessDenied: 'permission',
    InvalidEndpointOrModel: 'not_found',
    ModelNotOpen: 'permission',
    // Ark answers 429 for rate limits and for overload; both are worth a retry.
    RateLimitExceeded: 'rate_limit',
    QuotaExceeded: 'rate_limit',
    ServerOverloaded: 'overloaded',
    AccountOverdueError: 'quota',
    SensitiveContentDetected: 'content_filter',
    InputTextSensitiveContentDetected: 'content_filter',
    OutputTextSensitiveContentDetected: 'content_filter',
    InternalServiceError: 'server',
  },
  adjustRequest(body, { target }) {
    // The catalog may pin thinking for an alias (`{ thinking: 'enabled' }`); a client's own switch wins.
    const thinking = target.options?.thinking;
    if (body.thinking === undefined && typeof thinking === 'string') body.thinking = { type: thinking };
  },
});
