import type { EncodedError, InboundErrorInit } from '@llmux/provider-kit';

/**
 * Google's canonical status name for each HTTP status it answers with
 * (https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes, and google.rpc.Code's HTTP mapping:
 * https://cloud.google.com/apis/design/errors#handling_errors).
 */
const STATUS_BY_HTTP: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  408: 'DEADLINE_EXCEEDED',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  // The gateway's 502 (an upstream failed) and Anthropic's 529 (overloaded) mean what Google says with
  // UNAVAILABLE: try again later.
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
  529: 'UNAVAILABLE',
};

/**
 * The `google.rpc.Status` name for an error the gateway knows by HTTP status and OpenAI-style type. The
 * status decides (Google's SDKs read the HTTP status, their users read the name); a spent budget
 * (`insufficient_quota`, HTTP 402 or 429) is RESOURCE_EXHAUSTED, as Google's own quota errors are.
 * Statuses Google does not use fall back by class: 4xx FAILED_PRECONDITION, 5xx INTERNAL.
 *
 * @example toGeminiErrorStatus(429, 'rate_limit_error'); // 'RESOURCE_EXHAUSTED'
 */
export function toGeminiErrorStatus(status: number, type: string): string {
  if (type === 'insufficient_quota') return 'RESOURCE_EXHAUSTED';
  const known = STATUS_BY_HTTP[status];
  if (known !== undefined) return known;
  return status >= 400 && status < 500 ? 'FAILED_PRECONDITION' : 'INTERNAL';
}

export interface GeminiOutputError {
  error: { code: number; message: string; status: string };
}

/**
 * An error in Google's envelope, `{"error":{"code","message","status"}}`, with the HTTP status kept as given
 * (529 stays 529; `code` repeats it, as Google's does). The envelope has no field for the parameter, so its
 * name goes into the message.
 *
 * @example
 * encodeGeminiError({ status: 404, type: 'not_found_error', message: 'No model "x"' });
 * // { status: 404, body: '{"error":{"code":404,"message":"No model \"x\"","status":"NOT_FOUND"}}' }
 */
export function encodeGeminiError(init: InboundErrorInit): EncodedError {
  return { status: init.status, body: JSON.stringify(toGeminiErrorBody(init)) };
}

/** The envelope as a value (the stream encoder writes it as the stream's last element). */
export function toGeminiErrorBody(init: InboundErrorInit): GeminiOutputError {
  return {
    error: {
      code: init.status,
      message: describe(init),
      status: toGeminiErrorStatus(init.status, init.type),
    },
  };
}

function describe(init: InboundErrorInit): string {
  const message = init.message === '' ? `Request failed with status ${init.status}` : init.message;
  if (init.param === undefined || init.param === null || init.param === '') return message;
  if (message.includes(`(param: ${init.param})`)) return message;
  return `${message} (param: ${init.param})`;
}
