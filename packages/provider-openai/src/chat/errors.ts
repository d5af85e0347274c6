import { type HeadersLike, mapUpstreamStatus, ProviderError, parseRetryAfter } from '@llmux/provider-kit';
import type { ChatDialect, UpstreamErrorKind } from './dialect.js';
import { openAIChatErrorBodySchema } from './openai-chat-api.js';

/** Error codes and types every OpenAI-dialect server uses the way OpenAI does. Dialects add their own. */
export const OPENAI_ERROR_CODES: Readonly<Record<string, UpstreamErrorKind>> = {
  // 429 for an exhausted balance: waiting does not help, another key might (providers.md §14).
  insufficient_quota: 'quota',
  rate_limit_exceeded: 'rate_limit',
  invalid_api_key: 'authentication',
  model_not_found: 'not_found',
  content_filter: 'content_filter',
  content_policy_violation: 'content_filter',
  context_length_exceeded: 'invalid_request',
};

/**
 * The upstream status a kind stands for. Errors are then mapped by the kit's one table
 * (`mapUpstreamStatus`), so retries, failover and the client's status agree across every adapter.
 */
const KIND_STATUS: Readonly<Record<UpstreamErrorKind, number>> = {
  invalid_request: 400,
  content_filter: 400,
  authentication: 401,
  permission: 403,
  not_found: 404,
  rate_limit: 429,
  quota: 402,
  overloaded: 503,
  server: 500,
  timeout: 504,
};

/** The kind an HTTP status means when the vendor's code says nothing we know. */
export function classifyStatus(status: number): UpstreamErrorKind {
  if (status === 401) return 'authentication';
  if (status === 402) return 'quota';
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 408) return 'timeout';
  if (status === 429) return 'rate_limit';
  if (status === 503 || status === 529) return 'overloaded';
  if (status === 504) return 'timeout';
  if (status >= 500) return 'server';
  return 'invalid_request';
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

interface VendorError {
  message?: string;
  code?: string;
  type?: string;
  param?: string;
}

/** Reads the vendor's message, code, type and param from any of the error shapes OpenAI-dialect servers use. */
export function readVendorError(body: unknown): VendorError {
  let value: unknown = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return { message: body.trim() === '' ? undefined : body.slice(0, 1000) };
    }
  }
  const parsed = openAIChatErrorBodySchema.safeParse(value);
  if (!parsed.success) return {};
  const data = parsed.data;
  if (data.error !== null && typeof data.error === 'object') {
    return {
      message: asText(data.error.message),
      code: asText(data.error.code),
      type: asText(data.error.type),
      param: asText(data.error.param),
    };
  }
  if (data.base_resp && data.base_resp.status_code !== 0 && data.base_resp.status_code !== undefined) {
    return { message: asText(data.base_resp.status_msg), code: asText(data.base_resp.status_code) };
  }
  // xAI: {"code": "…", "error": "<message>"}; others: {"message", "code"}.
  return {
    message: asText(data.error) ?? asText(data.message),
    code: asText(data.code),
    type: asText(data.type),
  };
}

/** An `error` object or a non-zero MiniMax `base_resp` inside a 200 stream or body. */
export function hasEmbeddedError(payload: unknown): boolean {
  if (payload === null || typeof payload !== 'object') return false;
  const value = payload as {
    error?: unknown;
    base_resp?: { status_code?: unknown } | null;
    choices?: unknown;
  };
  if (value.error !== undefined && value.error !== null) return true;
  const code = value.base_resp?.status_code;
  return code !== undefined && code !== null && code !== 0 && code !== '0';
}

/**
 * A ProviderError of a known kind, through the kit's status table. `message` replaces the table's
 * generic text for errors we describe ourselves (a cut stream); a vendor's own words go in
 * `vendorMessage`, which reaches the client only for a 400 (after redaction).
 */
export function createKindError(
  kind: UpstreamErrorKind,
  details: {
    message?: string;
    vendorMessage?: string;
    vendorCode?: string;
    vendorStatus?: number;
    retryAfterMs?: number;
    param?: string;
  } = {},
): ProviderError {
  const init = mapUpstreamStatus(KIND_STATUS[kind], {
    vendorCode: details.vendorCode,
    vendorMessage: details.vendorMessage,
    retryAfterMs: details.retryAfterMs,
    param: details.param,
    quotaExhausted: kind === 'quota',
  });
  return new ProviderError({
    ...init,
    ...(details.message === undefined ? {} : { message: details.message }),
    ...(kind === 'content_filter' ? { code: 'content_filter' } : {}),
    vendorStatus: details.vendorStatus ?? init.vendorStatus,
  });
}

/** A vendor code's kind; dotted codes fall back to their family (Ark `RateLimitExceeded.EndpointRPMExceeded`). */
function lookUpKind(
  code: string | undefined,
  vendorCodes: Readonly<Record<string, UpstreamErrorKind>>,
): UpstreamErrorKind | undefined {
  if (code === undefined) return undefined;
  const family = code.includes('.') ? code.slice(0, code.indexOf('.')) : undefined;
  return (
    vendorCodes[code] ??
    OPENAI_ERROR_CODES[code] ??
    (family === undefined ? undefined : (vendorCodes[family] ?? OPENAI_ERROR_CODES[family]))
  );
}

/** Turns an upstream error answer into a ProviderError: kind from the vendor code, else from the status. */
export function convertChatError(
  status: number,
  body: unknown,
  headers: HeadersLike,
  dialect: Pick<ChatDialect, 'name' | 'errorCodes'>,
): ProviderError {
  const vendor = readVendorError(body);
  const codeKind = lookUpKind(vendor.code, dialect.errorCodes) ?? lookUpKind(vendor.type, dialect.errorCodes);
  // A 2xx status here only happens for an error disguised as success (MiniMax base_resp).
  const kind = codeKind ?? (status >= 200 && status < 300 ? 'server' : classifyStatus(status));
  return createKindError(kind, {
    vendorMessage: vendor.message,
    vendorCode: vendor.code,
    vendorStatus: status,
    // Without the gateway's clock an HTTP-date retry-after gives undefined: translation never reads the clock.
    retryAfterMs: parseRetryAfter(headers),
    // The param is only meaningful to the client when the request was at fault.
    param: kind === 'invalid_request' ? vendor.param : undefined,
  });
}
