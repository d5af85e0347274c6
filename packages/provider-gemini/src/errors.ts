import { ProviderError } from '@llmux/provider-kit';
import { geminiErrorBodySchema } from './gemini-api.js';

type Headers_ = Headers | Record<string, string | string[] | undefined>;

function readHeader(headers: Headers_, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const value = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A protobuf Duration in JSON ("34.4s", "1s"), as RetryInfo.retryDelay carries it, in milliseconds. */
export function parseDuration(duration: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)s$/.exec(duration.trim());
  return match?.[1] ? Math.round(Number(match[1]) * 1000) : undefined;
}

function parseRetryAfterHeader(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  return undefined;
}

/**
 * Turns a Gemini error (`{error:{code,message,status,details}}`, https://ai.google.dev/gemini-api/docs/troubleshooting)
 * into a ProviderError. Gemini answers a bad API key with 400 INVALID_ARGUMENT and `details[].reason`
 * API_KEY_INVALID, which is an upstream credential failure, not the client's bad request.
 */
export function convertError(status: number, body: unknown, headers: Headers_ = {}): ProviderError {
  const parsed = geminiErrorBodySchema.safeParse(typeof body === 'string' ? tryParseJson(body) : body);
  const error = parsed.success ? parsed.data.error : undefined;
  const vendorCode = error?.status;
  const vendorMessage =
    error?.message ?? (typeof body === 'string' && body.length > 0 ? body.slice(0, 500) : undefined);
  const details = error?.details ?? [];
  const reasons = details.map((detail) => detail.reason).filter((reason): reason is string => !!reason);
  const retryDelay = details.find((detail) => detail['@type']?.endsWith('google.rpc.RetryInfo'))?.retryDelay;
  const retryAfterMs =
    (retryDelay ? parseDuration(retryDelay) : undefined) ??
    parseRetryAfterHeader(readHeader(headers, 'retry-after'));
  const message = `Gemini: ${vendorMessage ?? `HTTP ${status}`}`;
  const base = { vendorStatus: status, vendorCode, vendorMessage, message };

  if (reasons.includes('API_KEY_INVALID') || status === 401)
    return new ProviderError({
      ...base,
      status: 401,
      type: 'authentication_error',
      code: 'upstream_auth_failed',
      message: 'Gemini refused the API key of this deployment.',
      failover: true,
    });
  if (status === 403)
    return new ProviderError({
      ...base,
      status: 401,
      type: 'authentication_error',
      code: 'upstream_permission_denied',
      failover: true,
    });
  if (status === 404)
    return new ProviderError({
      ...base,
      status: 404,
      type: 'not_found_error',
      code: 'model_not_found',
      failover: true,
    });
  if (status === 429)
    return new ProviderError({
      ...base,
      status: 429,
      type: 'rate_limit_error',
      code: 'rate_limit_exceeded',
      retryable: true,
      retryAfterMs,
    });
  if (status === 400 && vendorCode === 'FAILED_PRECONDITION')
    // Region or billing: this deployment cannot serve the model, another may.
    return new ProviderError({
      ...base,
      status: 400,
      type: 'invalid_request_error',
      code: 'upstream_precondition',
      failover: true,
    });
  if (status === 408 || status === 504)
    return new ProviderError({
      ...base,
      status: 502,
      type: 'timeout_error',
      code: 'upstream_timeout',
      retryable: true,
      retryAfterMs,
    });
  if (status === 503)
    return new ProviderError({
      ...base,
      status: 503,
      type: 'server_error',
      code: 'upstream_overloaded',
      retryable: true,
      retryAfterMs,
    });
  if (status >= 500)
    return new ProviderError({
      ...base,
      status: 502,
      type: 'upstream_error',
      code: 'upstream_error',
      retryable: true,
      retryAfterMs,
    });
  return new ProviderError({
    ...base,
    status: status >= 400 ? status : 502,
    type: 'invalid_request_error',
    code: 'invalid_request',
  });
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

/** An upstream answer that is not what Gemini's API documents. */
export function createMalformedResponseError(detail: string): ProviderError {
  return new ProviderError({
    status: 502,
    type: 'upstream_error',
    code: 'malformed_upstream_response',
    message: `Gemini sent a response llmux could not read: ${detail}`,
    retryable: true,
  });
}

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
