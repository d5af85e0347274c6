import type { EncodedError, InboundErrorInit } from '@llmux/provider-kit';

/** Anthropic's error `type` for each HTTP status it documents: https://docs.claude.com/en/api/errors */
const TYPE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  // Anthropic answers 529 when it is overloaded; a gateway's own 503 (no deployment left) means the same.
  503: 'overloaded_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

/**
 * The Anthropic error `type` for an error the gateway knows by status and OpenAI-style type. The status
 * decides (Anthropic's types are one per status, and its SDKs pick their error class by status); a spent
 * budget (`insufficient_quota`) reads as `billing_error`, which, unlike a rate limit, waiting does not cure.
 * Statuses Anthropic does not document fall back by class: 4xx `invalid_request_error`, 5xx `api_error`.
 *
 * @example toAnthropicErrorType(529, 'server_error'); // 'overloaded_error'
 */
export function toAnthropicErrorType(status: number, type: string): string {
  if (type === 'insufficient_quota') return 'billing_error';
  const known = TYPE_BY_STATUS[status];
  if (known !== undefined) return known;
  return status >= 400 && status < 500 ? 'invalid_request_error' : 'api_error';
}

/**
 * An error in Anthropic's envelope, `{"type":"error","error":{"type","message"}}`, with its status kept as
 * given (529 stays 529, 503 stays 503). The envelope has no `param`, so the parameter's name goes into the
 * message, where a person or a model reading it will find it.
 *
 * @example
 * encodeAnthropicError({ status: 400, type: 'invalid_request_error', message: 'Too many', param: 'stop_sequences' });
 * // { status: 400, body: '{"type":"error","error":{"type":"invalid_request_error","message":"Too many (param: stop_sequences)"}}' }
 */
export function encodeAnthropicError(init: InboundErrorInit): EncodedError {
  return { status: init.status, body: JSON.stringify(toAnthropicErrorBody(init)) };
}

export interface AnthropicOutputError {
  type: 'error';
  error: { type: string; message: string };
}

/** The envelope as a value (the stream encoder writes it inside an `error` event). */
export function toAnthropicErrorBody(init: InboundErrorInit): AnthropicOutputError {
  return {
    type: 'error',
    error: { type: toAnthropicErrorType(init.status, init.type), message: describe(init) },
  };
}

function describe(init: InboundErrorInit): string {
  const message = init.message === '' ? `Request failed with status ${init.status}` : init.message;
  if (init.param === undefined || init.param === null || init.param === '') return message;
  if (message.includes(`(param: ${init.param})`)) return message;
  return `${message} (param: ${init.param})`;
}
