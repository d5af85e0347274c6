import type { ServerResponse } from 'node:http';
import type { InboundErrorInit } from '@llmux/provider-kit';
import { ClientClosedError, type ErrorResponse, toErrorResponse } from '../http/respond.js';
import type { AbortHandle } from '../upstream/abort-handle.js';
import type { PipelineDependencies } from './dependencies.js';
import type { RequestState } from './request-state.js';
import { responseHeaders } from './response-headers.js';
import { finishRequest } from './settle.js';

/** How one inbound protocol writes an error: a whole error answer, and a failure after its stream began. */
export interface ErrorFraming {
  /** The status and JSON text of an error answer. */
  answer(error: ErrorResponse): { status: number; body: string };
  /** The text that ends a started stream with this error (the protocol's mid-stream error event). */
  streamFailure(error: ErrorResponse): string;
}

/** OpenAI's framing: the gateway's own error shape, and a `data: {"error": ...}` event without `[DONE]`. */
export const openAiErrorFraming: ErrorFraming = {
  answer: (error) => ({ status: error.status, body: JSON.stringify(error.body) }),
  // The openai SDK raises an APIError for a `data: {"error": ...}` event (openai-node core/streaming.js);
  // ending without [DONE] after it keeps a cut stream from passing as a finished answer.
  streamFailure: (error) => `data: ${JSON.stringify(error.body)}\n\n`,
};

export interface FailureContext {
  controller: AbortHandle;
  /** True once the stream's head went out: the failure becomes the protocol's mid-stream error. */
  streamStarted: boolean;
  /** Stream text translated before the failure, still unsent: it reaches the client ahead of the error. */
  unsent: string;
}

/**
 * The deliver stage of a failed request, any protocol: a client that left is a 499 with nothing sent; any other
 * error is settled (usage row, reservation) and then written in the protocol's framing, with the key's
 * rate-limit headers.
 */
export async function deliverFailure(
  dependencies: PipelineDependencies,
  state: RequestState,
  response: ServerResponse,
  error: unknown,
  framing: ErrorFraming,
  context: FailureContext,
): Promise<void> {
  const { controller } = context;
  const reason = controller.aborted ? controller.reason : undefined;
  const cause = reason instanceof ClientClosedError ? reason : error;
  if (cause instanceof ClientClosedError) {
    state.status = 499;
    state.errorType = 'client_closed';
    finishRequest(dependencies, state);
    if (!response.destroyed) response.destroy();
    return;
  }
  const mapped = toErrorResponse(cause);
  // A limited key's answers all carry its rate-limit headers, those refused before admission too (a refusal
  // of the limiter's own already has them, and they win).
  const limits = state.principal?.limits;
  if (state.reservation === undefined && limits) {
    const peeked = dependencies.limiter.peekRateLimitHeaders(state.principal!.keyId, limits);
    const limitHeaders = peeked instanceof Promise ? await peeked.catch(() => null) : peeked;
    if (limitHeaders !== null) mapped.headers = { ...limitHeaders, ...mapped.headers };
  }
  state.status = mapped.status;
  state.errorType = mapped.body.error.type;
  state.errorMessage = mapped.body.error.message;
  if (mapped.internal !== undefined) (state as { internalError?: unknown }).internalError = mapped.internal;
  finishRequest(dependencies, state, () => {
    if (response.destroyed) return;
    if (context.streamStarted) {
      response.end(`${context.unsent}${framing.streamFailure(mapped)}`);
      return;
    }
    if (response.headersSent) {
      response.destroy();
      return;
    }
    const { status, body } = framing.answer(mapped);
    response.writeHead(status, {
      ...responseHeaders(dependencies, state),
      ...mapped.headers,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    response.end(body);
  });
}

export function toErrorInit(mapped: ErrorResponse): InboundErrorInit {
  const { message, type, param, code } = mapped.body.error;
  return { status: mapped.status, type, message, code: code ?? null, param: param ?? null };
}
