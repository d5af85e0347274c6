import { type OpenAIErrorType, ProviderError, type ProviderErrorInit } from './provider-error.js';

/** Response headers as `fetch` gives them or as Node's `http` / undici records them. */
export type HeadersLike = Headers | Readonly<Record<string, string | string[] | undefined>>;

export interface UpstreamErrorDetails {
  /** The vendor's own error code or type (`insufficient_quota`, `RESOURCE_EXHAUSTED`, `1113`). */
  vendorCode?: string;
  /** The vendor's message, kept for logs and, for a 400, shown to the client after redaction. */
  vendorMessage?: string;
  /** From `parseRetryAfter` or the vendor's own retry hint. */
  retryAfterMs?: number;
  /** The request parameter a 400 is about, when the vendor names one in OpenAI's notation. */
  param?: string;
  /**
   * The vendor says the account's quota or balance is exhausted (waiting will not help). Known codes
   * are recognised without it (see `QUOTA_EXHAUSTED_CODES`); an adapter sets it for its vendor's others.
   */
  quotaExhausted?: boolean;
}

/**
 * Vendor codes that mean "this account has no quota or balance left": OpenAI `insufficient_quota`,
 * Moonshot `exceeded_current_quota_error`, DashScope `Arrearage`, Zhipu `1113`, MiniMax `1008`.
 */
export const QUOTA_EXHAUSTED_CODES: ReadonlySet<string> = new Set([
  'insufficient_quota',
  'exceeded_current_quota_error',
  'billing_hard_limit_reached',
  'insufficient_balance',
  'Arrearage',
  '1113',
  '1008',
]);

/**
 * THE mapping from an upstream HTTP status to what the client sees and what the gateway does next.
 * Every adapter's `fromError` goes through it, so one table decides retries and fallbacks for all vendors.
 *
 * | upstream | client status | type | code | retryable | failover |
 * |---|---|---|---|---|---|
 * | 400, 422 | 400 | invalid_request_error | vendor's | no | no |
 * | 401, 403 | 502 | upstream_error | upstream_authentication_failed | no | yes |
 * | 402, 429 quota codes | 429 | insufficient_quota | insufficient_quota | no | yes |
 * | 404 | 502 | upstream_error | upstream_model_not_found | no | yes |
 * | 408, 504 | 504 | timeout_error | upstream_timeout | yes | yes |
 * | 409 | 409 | api_error | upstream_conflict | yes | yes |
 * | 413 | 413 | invalid_request_error | request_too_large | no | no |
 * | 429 | 429 | rate_limit_error | rate_limit_exceeded | yes | yes |
 * | 500, 502, other 5xx | 502 | upstream_error | upstream_server_error | yes | yes |
 * | 503, 529 | 503 | upstream_error | upstream_overloaded | yes | yes |
 * | other 4xx | 502 | upstream_error | upstream_unexpected_status | no | no |
 *
 * Why an upstream 401/403 is a 502 and not a 401: the credential the vendor refused is the gateway's
 * own key for that deployment, not the client's gateway key. Answering 401 would tell the client to fix
 * a key it does not have; a 502 says the gateway's upstream is broken, and `failover` lets the gateway
 * try the next deployment (whose key may work), while `retryable: false` stops it from hammering this one.
 * A 404 is the same story: this deployment's model id is wrong, another deployment may serve the model.
 *
 * Messages never carry a credential or an internal URL: only a 400's vendor message reaches the
 * client (it describes the client's own request), after `redactSecrets`.
 */
export function mapUpstreamStatus(status: number, details: UpstreamErrorDetails = {}): ProviderErrorInit {
  const { vendorCode, vendorMessage, retryAfterMs, param } = details;
  const vendor = { vendorStatus: status, vendorCode, vendorMessage, retryAfterMs };
  const outcome = (
    clientStatus: number,
    type: OpenAIErrorType,
    code: string | null,
    message: string,
    retryable: boolean,
    failover: boolean,
  ): ProviderErrorInit => ({ ...vendor, status: clientStatus, type, code, message, retryable, failover });

  if (status === 402 || ((status === 429 || status === 403 || status === 400) && isQuotaExhausted(details))) {
    return outcome(
      429,
      'insufficient_quota',
      'insufficient_quota',
      'The upstream provider reports that this deployment has no quota or balance left.',
      false,
      true,
    );
  }
  if (status === 400 || status === 422) {
    const message = vendorMessage
      ? redactSecrets(vendorMessage)
      : 'The upstream provider rejected the request.';
    return {
      ...outcome(400, 'invalid_request_error', vendorCode ?? null, message, false, false),
      param: param ?? null,
    };
  }
  if (status === 401 || status === 403) {
    return outcome(
      502,
      'upstream_error',
      'upstream_authentication_failed',
      `The upstream provider rejected the gateway's credentials for this deployment (HTTP ${status}).`,
      false,
      true,
    );
  }
  if (status === 404) {
    return outcome(
      502,
      'upstream_error',
      'upstream_model_not_found',
      'The upstream provider does not know the model configured for this deployment (HTTP 404).',
      false,
      true,
    );
  }
  if (status === 408 || status === 504) {
    return outcome(
      504,
      'timeout_error',
      'upstream_timeout',
      `The upstream provider timed out (HTTP ${status}).`,
      true,
      true,
    );
  }
  if (status === 409) {
    return outcome(
      409,
      'api_error',
      'upstream_conflict',
      'The upstream provider reported a conflict (HTTP 409).',
      true,
      true,
    );
  }
  if (status === 413) {
    return outcome(
      413,
      'invalid_request_error',
      'request_too_large',
      'The request is too large for the upstream provider.',
      false,
      false,
    );
  }
  if (status === 429) {
    return outcome(
      429,
      'rate_limit_error',
      'rate_limit_exceeded',
      'The upstream provider is rate limiting requests (HTTP 429). Please retry later.',
      true,
      true,
    );
  }
  if (status === 503 || status === 529) {
    return outcome(
      503,
      'upstream_error',
      'upstream_overloaded',
      `The upstream provider is overloaded (HTTP ${status}). Please retry later.`,
      true,
      true,
    );
  }
  if (status >= 500) {
    return outcome(
      502,
      'upstream_error',
      'upstream_server_error',
      `The upstream provider failed (HTTP ${status}).`,
      true,
      true,
    );
  }
  return outcome(
    502,
    'upstream_error',
    'upstream_unexpected_status',
    `The upstream provider answered with an unexpected HTTP ${status}.`,
    false,
    false,
  );
}

/** `new ProviderError(mapUpstreamStatus(status, details))`: what an adapter's `fromError` usually returns. */
export function createUpstreamError(status: number, details: UpstreamErrorDetails = {}): ProviderError {
  return new ProviderError(mapUpstreamStatus(status, details));
}

function isQuotaExhausted({ quotaExhausted, vendorCode }: UpstreamErrorDetails): boolean {
  return quotaExhausted ?? (vendorCode !== undefined && QUOTA_EXHAUSTED_CODES.has(vendorCode));
}

/**
 * One header's value from a `Headers` object or a Node-style record (any case; repeated values joined
 * with `, `).
 */
export function headerValue(headers: HeadersLike | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return Array.isArray(value) ? value.join(', ') : value;
  }
  return undefined;
}

/**
 * How long the vendor asks us to wait, in milliseconds: `retry-after-ms` (OpenAI, Azure) first, then
 * `retry-after` as seconds or as an HTTP date (RFC 9110 §10.2.3). The date form needs `now` (Unix
 * milliseconds, from whoever holds a clock: the gateway); without it a date gives undefined, so that an
 * adapter's `fromError` never reads the clock. Pass no `now` rather than 0, which would make a date
 * decades away.
 */
export function parseRetryAfter(headers: HeadersLike | undefined, now?: number): number | undefined {
  const milliseconds = headerValue(headers, 'retry-after-ms');
  if (milliseconds !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(milliseconds)) {
    return Math.round(Number(milliseconds));
  }
  const value = headerValue(headers, 'retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  if (now === undefined) return undefined;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * A duration as vendors write it, in milliseconds: Gemini's RetryInfo `"3s"` / `"0.5s"`, OpenAI's
 * `x-ratelimit-reset-*` `"12ms"` / `"6m0s"` / `"1h2m3.5s"`. Undefined when it is not one.
 */
export function parseDurationMs(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+(\.\d+)?(h|ms|m|s))+$/.test(trimmed)) return undefined;
  const factors: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  let total = 0;
  for (const [, amount, , unit] of trimmed.matchAll(/(\d+(\.\d+)?)(h|ms|m|s)/g)) {
    total += Number(amount) * factors[unit!]!;
  }
  return Math.round(total);
}

const SECRET_PATTERNS: readonly RegExp[] = [
  /\bBearer\s+[^\s"',]+/gi,
  /\b(sk|pk|rk|xai|gsk)-[A-Za-z0-9_*.-]{6,}/g,
  /\bAIza[0-9A-Za-z_-]{20,}/g,
  /\b(api[_-]?key|key|token|access_token|secret)=[^&\s"']+/gi,
  /\bhttps?:\/\/[^\s"'<>)]+/gi,
];

/**
 * Removes what must never reach a client or a log line from a vendor's message: bearer tokens, API keys
 * (OpenAI-style `sk-…`, Google `AIza…`, `key=` query parameters) and URLs (the upstream host is internal).
 */
export function redactSecrets(text: string): string {
  let result = text;
  for (const pattern of SECRET_PATTERNS) result = result.replace(pattern, '[redacted]');
  return result;
}
