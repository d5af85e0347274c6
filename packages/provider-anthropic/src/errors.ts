import { type OpenAIErrorType, ProviderError } from '@llmux/provider-kit';
import { anthropicErrorBodySchema, anthropicErrorSchema } from './anthropic-api.js';

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

/** Anthropic's error `type` for each status, for bodies that lack one: https://docs.claude.com/en/api/errors */
const TYPE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

/** The HTTP status Anthropic uses for an error type, for errors that arrive inside a 200 stream. */
const STATUS_BY_TYPE: Record<string, number> = Object.fromEntries(
  Object.entries(TYPE_BY_STATUS).map(([status, type]) => [type, Number(status)]),
);

interface Mapped {
  status: number;
  type: OpenAIErrorType;
  retryable: boolean;
  failover: boolean;
}

/**
 * What the client gets for an upstream failure. 401/403/404 are this deployment's fault (key or model
 * id), so the gateway may fail over but never retries the same deployment; 429, 5xx and 529 are
 * transient. A 529 is Anthropic being overloaded, not the caller's quota, so it becomes a 503.
 */
function mapStatus(status: number, vendorType: string | undefined, errorCode: string | undefined): Mapped {
  if (vendorType === 'overloaded_error' || status === 529)
    return { status: 503, type: 'server_error', retryable: true, failover: true };
  if (status === 429) {
    // A spend limit is not lifted by waiting: https://docs.claude.com/en/api/errors
    if (errorCode === 'enforced_spend_limit_reached')
      return { status: 429, type: 'insufficient_quota', retryable: false, failover: true };
    return { status: 429, type: 'rate_limit_error', retryable: true, failover: true };
  }
  if (status === 402) return { status: 402, type: 'insufficient_quota', retryable: false, failover: true };
  // providers.md §14: an upstream 401/403 reaches the client as a 401 (the gateway marks the key bad).
  if (status === 401) return { status: 401, type: 'authentication_error', retryable: false, failover: true };
  if (status === 403) return { status: 401, type: 'permission_error', retryable: false, failover: true };
  if (status === 404) return { status: 404, type: 'not_found_error', retryable: false, failover: true };
  if (status === 413)
    return { status: 413, type: 'invalid_request_error', retryable: false, failover: false };
  if (status === 408 || status === 504 || vendorType === 'timeout_error')
    return { status: 504, type: 'timeout_error', retryable: true, failover: true };
  if (status >= 500) return { status: 502, type: 'upstream_error', retryable: true, failover: true };
  return {
    status: status >= 400 && status < 500 ? status : 502,
    type: 'invalid_request_error',
    retryable: false,
    failover: false,
  };
}

function readHeader(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? value[0] : value;
}

/** `retry-after` (seconds, or an HTTP date) in milliseconds; `now` is passed in to keep this pure. */
export function readRetryAfterMs(headers: HeaderSource, now?: number): number | undefined {
  const value = readHeader(headers, 'retry-after-ms') ?? undefined;
  if (value !== undefined && /^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value));
  const seconds = readHeader(headers, 'retry-after');
  if (seconds === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(seconds.trim())) return Math.round(Number(seconds) * 1000);
  const date = Date.parse(seconds);
  if (Number.isNaN(date) || now === undefined) return undefined;
  return Math.max(0, date - now);
}

/** An Anthropic HTTP error (status + body + headers) as a ProviderError. */
export function convertError(status: number, body: unknown, headers: HeaderSource): ProviderError {
  const parsed = anthropicErrorBodySchema.safeParse(typeof body === 'string' ? tryParseJson(body) : body);
  const vendorType = parsed.success ? parsed.data.error.type : TYPE_BY_STATUS[status];
  const vendorMessage = parsed.success
    ? parsed.data.error.message
    : typeof body === 'string'
      ? body.slice(0, 500)
      : undefined;
  const errorCode = parsed.success ? (parsed.data.error.details?.error_code ?? undefined) : undefined;
  const requestId =
    (parsed.success ? parsed.data.request_id : undefined) ?? readHeader(headers, 'request-id');
  const mapped = mapStatus(status, vendorType, errorCode);
  const retryAfterMs = mapped.retryable ? readRetryAfterMs(headers) : undefined;
  return new ProviderError({
    ...mapped,
    message: describe(status, vendorType, vendorMessage, requestId),
    code: errorCode ?? vendorType ?? null,
    vendorStatus: status,
    vendorCode: vendorType,
    vendorMessage,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}

/**
 * An `event: error` inside a 200 stream (https://docs.claude.com/en/api/messages-streaming#error-events):
 * mapped as the HTTP error of the same type would be, so an overloaded_error mid-stream stays retryable.
 */
export function convertStreamError(error: unknown): ProviderError {
  const parsed = anthropicErrorSchema.safeParse(error);
  const vendorType = parsed.success ? parsed.data.type : 'api_error';
  const status = STATUS_BY_TYPE[vendorType] ?? 500;
  return convertError(
    status,
    { type: 'error', error: parsed.success ? parsed.data : { type: vendorType } },
    {},
  );
}

function describe(
  status: number,
  vendorType: string | undefined,
  vendorMessage: string | undefined,
  requestId: string | null | undefined,
) {
  const what = vendorMessage && vendorMessage.length > 0 ? vendorMessage : `HTTP ${status}`;
  const id = requestId ? ` (request-id ${requestId})` : '';
  return `Anthropic ${vendorType ?? 'error'}: ${what}${id}`;
}

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A response the adapter cannot read: the upstream broke its own protocol. Worth another attempt. */
export function invalidUpstreamResponse(message: string): ProviderError {
  return new ProviderError({
    status: 502,
    type: 'upstream_error',
    message: `Anthropic sent a response llmux cannot read: ${message}`,
    code: 'invalid_upstream_response',
    retryable: true,
  });
}
