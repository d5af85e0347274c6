import type { ErrorBody } from '@llmux/contract';

export interface LlmuxErrorInit {
  status: number;
  message: string;
  type?: string | null;
  code?: string | null;
  param?: string | null;
  requestId?: string | null;
  cause?: unknown;
}

/**
 * The one error type of the client: an HTTP error answer, an error event in the middle of a stream,
 * a stream that ended before `[DONE]`, or the server being unreachable (status 0).
 */
export class LlmuxError extends Error {
  readonly status: number;
  readonly type: string | null;
  readonly code: string | null;
  readonly param: string | null;
  readonly requestId: string | null;

  constructor(init: LlmuxErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'LlmuxError';
    this.status = init.status;
    this.type = init.type ?? null;
    this.code = init.code ?? null;
    this.param = init.param ?? null;
    this.requestId = init.requestId ?? null;
  }
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const error = (value as { error?: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

/** Reads an error answer's body (JSON in OpenAI's shape, other JSON, HTML, or nothing) into an LlmuxError. */
export function errorFromResponseText(
  status: number,
  statusText: string,
  text: string,
  requestId: string | null,
): LlmuxError {
  let parsed: unknown;
  try {
    parsed = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (isErrorBody(parsed)) {
    const { message, type, code, param } = parsed.error;
    return new LlmuxError({
      status,
      message,
      type,
      code: code === null ? null : String(code),
      param,
      requestId,
    });
  }
  // Not OpenAI's shape (a proxy's HTML page, an empty body): still say something a person can act on.
  const snippet = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
  const reason = statusText || (status >= 500 ? 'server error' : 'request failed');
  const message = snippet ? `HTTP ${status} ${reason}: ${snippet}` : `HTTP ${status} ${reason} (empty body)`;
  return new LlmuxError({
    status,
    message,
    type: status >= 500 ? 'api_error' : 'invalid_request_error',
    requestId,
  });
}

/** An `{"error": …}` object that arrived as a stream event. */
export function errorFromStreamEvent(value: unknown, requestId: string | null): LlmuxError | undefined {
  if (!isErrorBody(value)) return undefined;
  const { message, type, code, param } = value.error;
  return new LlmuxError({
    status: 0,
    message,
    type,
    code: code === null ? null : String(code),
    param,
    requestId,
  });
}
