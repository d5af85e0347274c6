import {
  type HeadersLike,
  mapUpstreamStatus,
  ProviderError,
  parseDurationMs,
  parseRetryAfter,
  redactSecrets,
} from '@llmux/provider-kit';
import { geminiErrorBodySchema } from './gemini-api.js';

/**
 * Turns a Gemini error (`{error:{code,message,status,details}}`, https://ai.google.dev/gemini-api/docs/troubleshooting)
 * into a ProviderError through provider-kit's one status table (`mapUpstreamStatus`), after reading what
 * only Gemini's body says:
 * - a bad API key is a 400 INVALID_ARGUMENT with `details[].reason` API_KEY_INVALID: the deployment's
 *   credential failed, so it is treated as an upstream 401;
 * - 400 FAILED_PRECONDITION (region not supported, billing not enabled) is this deployment's problem, not
 *   the client's request: an upstream error worth failing over;
 * - 429 RESOURCE_EXHAUSTED carries the wait in `details[]` RetryInfo `retryDelay` ("34.4s").
 */
export function convertError(status: number, body: unknown, headers: HeadersLike = {}): ProviderError {
  const parsed = geminiErrorBodySchema.safeParse(typeof body === 'string' ? tryParseJson(body) : body);
  const error = parsed.success ? parsed.data.error : undefined;
  const vendorCode = error?.status;
  const vendorMessage =
    error?.message ?? (typeof body === 'string' && body.length > 0 ? body.slice(0, 500) : undefined);
  const details = error?.details ?? [];
  const reasons = details.map((detail) => detail.reason).filter((reason): reason is string => !!reason);
  const retryDelay = details.find((detail) => detail['@type']?.endsWith('google.rpc.RetryInfo'))?.retryDelay;
  const retryAfterMs = (retryDelay ? parseDurationMs(retryDelay) : undefined) ?? parseRetryAfter(headers);

  if (status === 400 && vendorCode === 'FAILED_PRECONDITION')
    return new ProviderError({
      status: 502,
      type: 'upstream_error',
      code: 'upstream_precondition_failed',
      message: `Gemini cannot serve this deployment: ${redactSecrets(vendorMessage ?? 'failed precondition')}`,
      vendorStatus: status,
      vendorCode,
      vendorMessage,
      retryable: false,
      failover: true,
    });
  const effectiveStatus = reasons.includes('API_KEY_INVALID') ? 401 : status;
  const init = mapUpstreamStatus(effectiveStatus, { vendorCode, vendorMessage, retryAfterMs });
  return new ProviderError({ ...init, vendorStatus: status });
}

/** A chunk with `error` inside a 200 stream (Gemini reports late failures this way). */
export function convertStreamError(body: unknown): ProviderError {
  const parsed = geminiErrorBodySchema.safeParse(body);
  const code = parsed.success ? (parsed.data.error.code ?? 500) : 500;
  return convertError(code >= 400 ? code : 500, body);
}

/** A prompt Gemini refused to answer (promptFeedback.blockReason, no candidates). */
export function createBlockedPromptError(blockReason: string, blockMessage?: string | null): ProviderError {
  return new ProviderError({
    status: 400,
    type: 'invalid_request_error',
    code: 'content_filter',
    param: 'messages',
    message: `Gemini blocked the prompt (${blockReason})${blockMessage ? `: ${blockMessage}` : '.'}`,
    vendorCode: blockReason,
  });
}

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
