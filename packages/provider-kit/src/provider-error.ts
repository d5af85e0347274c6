import type { ErrorBody } from '@llmux/contract';

/** OpenAI's error `type` values, plus the ones a gateway needs for what went wrong upstream. */
export type OpenAIErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'insufficient_quota'
  | 'api_error'
  | 'server_error'
  | 'timeout_error'
  | 'upstream_error';

export interface ProviderErrorInit {
  /** The HTTP status the client gets. */
  status: number;
  type: OpenAIErrorType;
  message: string;
  code?: string | null;
  param?: string | null;
  /** What the vendor said, kept for logs; never holds a credential. */
  vendorStatus?: number;
  vendorCode?: string;
  vendorMessage?: string;
  /** Worth another attempt (same or next deployment) after a pause: 429, 5xx, overloaded, connection errors. */
  retryable?: boolean;
  /**
   * Worth trying the next deployment even though repeating this one is useless (an upstream 401 or 404
   * means this deployment's key or model id is wrong, not the client's request).
   */
  failover?: boolean;
  /** From `retry-after` / `retry-after-ms` or a vendor's RetryInfo. */
  retryAfterMs?: number;
}

/** One error type for everything that goes wrong on the way to and back from a vendor. */
/**
 * The mark every ProviderError carries, under a registry symbol so that two installed copies of this package (an
 * adapter bundled with its own provider-kit beside the gateway's) still recognise each other's errors, where
 * `instanceof` sees two unrelated classes.
 */
const PROVIDER_ERROR_MARK = Symbol.for('@llmux/provider-kit.ProviderError');

export class ProviderError extends Error {
  /**
   * Identifies the error across copies of this package (see PROVIDER_ERROR_MARK); a Symbol.hasInstance that
   * checks it makes `instanceof ProviderError` agree with isProviderError.
   */
  readonly [PROVIDER_ERROR_MARK] = true;

  static override [Symbol.hasInstance](value: unknown): boolean {
    return isProviderError(value);
  }

  readonly status: number;
  readonly type: OpenAIErrorType;
  readonly code: string | null;
  readonly param: string | null;
  readonly vendorStatus: number | undefined;
  readonly vendorCode: string | undefined;
  readonly vendorMessage: string | undefined;
  readonly retryable: boolean;
  readonly failover: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(init: ProviderErrorInit) {
    super(init.message);
    this.name = 'ProviderError';
    this.status = init.status;
    this.type = init.type;
    this.code = init.code ?? null;
    this.param = init.param ?? null;
    this.vendorStatus = init.vendorStatus;
    this.vendorCode = init.vendorCode;
    this.vendorMessage = init.vendorMessage;
    this.retryable = init.retryable ?? false;
    this.failover = init.failover ?? this.retryable;
    this.retryAfterMs = init.retryAfterMs;
  }

  /** OpenAI's error envelope, as the client receives it. */
  toErrorBody(): ErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

/** A 400 for a request the vendor cannot serve, naming the parameter. */
export function invalidParameter(
  param: string,
  message: string,
  code = 'unsupported_parameter',
): ProviderError {
  return new ProviderError({ status: 400, type: 'invalid_request_error', message, param, code });
}

/**
 * The upstream sent something the adapter cannot read (not JSON, not the vendor's documented shape, an
 * event out of order). Not retryable: the same upstream answer would fail the same way, so the gateway
 * does not repeat the call on this deployment, but `failover` lets it try the next one.
 *
 * @example malformedUpstreamResponse('Anthropic', '`content_block_delta` before message_start')
 */
export function malformedUpstreamResponse(vendor: string, detail: string): ProviderError {
  return new ProviderError({
    status: 502,
    type: 'upstream_error',
    code: 'upstream_malformed_response',
    message: `${vendor} sent a response llmux cannot read: ${detail}`,
    retryable: false,
    failover: true,
  });
}

/**
 * The upstream stream ended cleanly before the vendor's terminal event, so the answer is incomplete.
 * Retryable: a cut stream is a transient failure (a proxy timeout, a restarted upstream).
 *
 * @example upstreamStreamCut('Anthropic', 'message_stop')
 */
export function upstreamStreamCut(vendor: string, terminalEvent: string): ProviderError {
  return new ProviderError({
    status: 502,
    type: 'upstream_error',
    code: 'upstream_stream_incomplete',
    message: `${vendor} ended the stream before ${terminalEvent}: the answer is incomplete.`,
    retryable: true,
  });
}

/** True for a ProviderError from any installed copy of @llmux/provider-kit. */
export function isProviderError(value: unknown): value is ProviderError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { [PROVIDER_ERROR_MARK]?: unknown })[PROVIDER_ERROR_MARK] === true
  );
}
