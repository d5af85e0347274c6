import {
  createUpstreamError,
  type HeadersLike,
  headerValue,
  type ProviderError,
  parseRetryAfter,
} from '@llmux/provider-kit';
import { anthropicErrorBodySchema, anthropicErrorSchema } from './anthropic-api.js';

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

/**
 * An Anthropic HTTP error (status + body + headers) as a ProviderError, through provider-kit's one
 * status table (`mapUpstreamStatus`): 529 overloaded → 503 and 429 → 429 are retryable; a 429 for an
 * exhausted spend limit (`error.details.error_code: enforced_spend_limit_reached`) and a 402
 * `billing_error` are quota errors, which waiting does not cure: https://docs.claude.com/en/api/errors
 */
export function convertError(status: number, body: unknown, headers: HeadersLike): ProviderError {
  const parsed = anthropicErrorBodySchema.safeParse(typeof body === 'string' ? tryParseJson(body) : body);
  const vendorType = parsed.success ? parsed.data.error.type : TYPE_BY_STATUS[status];
  const vendorMessage = parsed.success
    ? parsed.data.error.message
    : typeof body === 'string' && body.length > 0
      ? body.slice(0, 500)
      : undefined;
  const errorCode = parsed.success ? (parsed.data.error.details?.error_code ?? undefined) : undefined;
  const requestId =
    (parsed.success ? parsed.data.request_id : undefined) ?? headerValue(headers, 'request-id');
  return createUpstreamError(status, {
    vendorCode: vendorType,
    vendorMessage: describe(vendorMessage, requestId),
    quotaExhausted: errorCode === 'enforced_spend_limit_reached' || vendorType === 'billing_error',
    // A wait only means something on the statuses worth retrying.
    retryAfterMs: status === 429 || status >= 500 ? parseRetryAfter(headers) : undefined,
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

/** The vendor's words plus Anthropic's request id, which its support asks for. */
function describe(
  vendorMessage: string | undefined,
  requestId: string | null | undefined,
): string | undefined {
  if (!requestId) return vendorMessage;
  return `${vendorMessage ?? 'no message'} (request-id ${requestId})`;
}

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
