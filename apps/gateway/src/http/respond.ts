import type { ServerResponse } from 'node:http';
import { createErrorBody, type ErrorBody } from '@llmux/contract';
import { isProviderError } from '@llmux/provider-kit';

/** An error the gateway itself answers with (auth, validation, routing), in OpenAI's shape. */
export class GatewayError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly code: string | null = null,
    readonly param: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'GatewayError';
  }

  toErrorBody(): ErrorBody {
    return createErrorBody(this.message, { type: this.type, code: this.code, param: this.param });
  }
}

/** The client went away; nothing is sent, the usage row says 499. */
export class ClientClosedError extends Error {
  constructor() {
    super('The client closed the connection.');
    this.name = 'ClientClosedError';
  }
}

export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
  /** For logs: the original error when it was not one we raised on purpose. */
  internal?: unknown;
}

/**
 * The one place any thrown value becomes an HTTP error: OpenAI's envelope and status. Unknown errors
 * become a 500 with a generic message (the detail goes to the log, never to the client).
 */
export function toErrorResponse(error: unknown): ErrorResponse {
  if (error instanceof GatewayError) {
    return { status: error.status, body: error.toErrorBody(), headers: error.headers };
  }
  if (isProviderError(error)) {
    const headers: Record<string, string> = {};
    if (error.status === 429 && error.retryAfterMs !== undefined) {
      headers['retry-after'] = String(Math.max(1, Math.ceil(error.retryAfterMs / 1000)));
    }
    return { status: error.status, body: error.toErrorBody(), headers };
  }
  return {
    status: 500,
    body: createErrorBody('The gateway failed to process the request.', {
      type: 'server_error',
      code: 'internal_error',
    }),
    headers: {},
    internal: error,
  };
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

export function sendError(response: ServerResponse, error: unknown): ErrorResponse {
  const mapped = toErrorResponse(error);
  if (response.headersSent) {
    response.destroy();
    return mapped;
  }
  sendJson(response, mapped.status, mapped.body, mapped.headers);
  return mapped;
}

/** Header values must be latin-1; JSON with every non-ASCII character escaped always is. */
export function toHeaderJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
