import { type OpenAIErrorType, ProviderError } from '@llmux/provider-kit';
import type { ChatDialect, UpstreamErrorKind } from './dialect.js';
import { openAIChatErrorBodySchema } from './openai-chat-api.js';

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

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
  server_error: 'server',
};

interface KindPolicy {
  status: number;
  type: OpenAIErrorType;
  retryable: boolean;
  failover: boolean;
}

const KIND_POLICIES: Readonly<Record<UpstreamErrorKind, KindPolicy>> = {
  invalid_request: { status: 400, type: 'invalid_request_error', retryable: false, failover: false },
  content_filter: { status: 400, type: 'invalid_request_error', retryable: false, failover: false },
  // The deployment's credentials or model id are wrong, not the client's request: try the next one.
  authentication: { status: 401, type: 'authentication_error', retryable: false, failover: true },
  permission: { status: 403, type: 'permission_error', retryable: false, failover: true },
  not_found: { status: 404, type: 'not_found_error', retryable: false, failover: true },
  rate_limit: { status: 429, type: 'rate_limit_error', retryable: true, failover: true },
  quota: { status: 429, type: 'insufficient_quota', retryable: false, failover: true },
  overloaded: { status: 503, type: 'server_error', retryable: true, failover: true },
  server: { status: 502, type: 'upstream_error', retryable: true, failover: true },
  timeout: { status: 504, type: 'timeout_error', retryable: true, failover: true },
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

function readHeader(headers: HeaderSource, name: string): string | undefined {
  if (typeof Headers !== 'undefined' && headers instanceof Headers) return headers.get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * `retry-after-ms` (OpenAI) or `retry-after` in seconds. The HTTP-date form needs a clock, which
 * translation code does not have: it is left to the caller.
 */
export function readRetryAfterMs(headers: HeaderSource): number | undefined {
  const milliseconds = Number(readHeader(headers, 'retry-after-ms'));
  if (
    readHeader(headers, 'retry-after-ms') !== undefined &&
    Number.isFinite(milliseconds) &&
    milliseconds >= 0
  ) {
    return milliseconds;
  }
  const raw = readHeader(headers, 'retry-after');
  if (raw === undefined || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
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

/** A ProviderError of a known kind, for errors found inside a 200 answer (finish reasons, stream events). */
export function createKindError(
  kind: UpstreamErrorKind,
  message: string,
  details: { vendorCode?: string; vendorStatus?: number; retryAfterMs?: number; param?: string } = {},
): ProviderError {
  const policy = KIND_POLICIES[kind];
  return new ProviderError({
    status: kind === 'quota' && details.vendorStatus === 402 ? 402 : policy.status,
    type: policy.type,
    message,
    code: kind === 'content_filter' ? 'content_filter' : (details.vendorCode ?? null),
    param: details.param ?? null,
    vendorStatus: details.vendorStatus,
    vendorCode: details.vendorCode,
    vendorMessage: message,
    retryable: policy.retryable,
    failover: policy.failover,
    retryAfterMs: details.retryAfterMs,
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
  headers: HeaderSource,
  dialect: Pick<ChatDialect, 'name' | 'errorCodes'>,
): ProviderError {
  const vendor = readVendorError(body);
  const codeKind = lookUpKind(vendor.code, dialect.errorCodes) ?? lookUpKind(vendor.type, dialect.errorCodes);
  // A 2xx status here only happens for an error disguised as success (MiniMax base_resp).
  const kind = codeKind ?? (status >= 200 && status < 300 ? 'server' : classifyStatus(status));
  const message = vendor.message ?? `${dialect.name} answered HTTP ${status} with no error message`;
  const error = createKindError(kind, message, {
    vendorCode: vendor.code,
    vendorStatus: status,
    retryAfterMs: readRetryAfterMs(headers),
    // The param is only meaningful to the client when the request was at fault.
    param: kind === 'invalid_request' ? vendor.param : undefined,
  });
  return error;
}
