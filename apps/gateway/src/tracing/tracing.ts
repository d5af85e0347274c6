import type { IncomingHttpHeaders } from 'node:http';
import type { ChatCompletionRequest } from '@llmux/contract';
import type { Logger } from '../logger.js';
import type { RequestState } from '../pipeline/request-state.js';
import type { Deployment } from '../routing/deployments.js';
import type { TracingSettings } from './tracing-settings.js';

/**
 * The request path's only view of tracing. When tracing is off there is no `Tracing` at all (the gateway
 * holds `undefined`, a request's `state.trace` stays undefined), so the off path makes no span objects and
 * does no propagation work: each call site is one `?.` on undefined.
 */
export interface Tracing {
  /**
   * Starts the SERVER span of one chat request. A valid W3C `traceparent` (and `tracestate`) in `headers`
   * makes it a child of the caller's trace; a malformed one is ignored (a new trace).
   */
  startRequest(headers: IncomingHttpHeaders, requestId: string): RequestTrace;
  /** Exports what is still queued, for at most `timeoutMs`, then stops; never rejects. */
  shutdown(timeoutMs: number): Promise<void>;
}

/** How one upstream attempt ended, for its span (`llmux.attempt.outcome`). */
export type AttemptOutcome = 'success' | 'retry' | 'failover' | 'error' | 'aborted';

export interface RequestTrace {
  /** The validated request: names the span `chat {model}` and sets the `gen_ai.request.*` attributes. */
  describeRequest(request: ChatCompletionRequest): void;
  /** A choice's finish reason, as the client receives it. */
  addFinishReason(reason: string): void;
  /** The finish reasons in relayed text (an upstream's own completion JSON or SSE events). */
  addFinishReasonsFromText(text: string): void;
  /** Starts the CLIENT span of one upstream attempt (1-based `attempt` across the request). */
  startAttempt(deployment: Deployment, attempt: number, lane: number): AttemptTrace;
  /** Ends the span with what the request's state says (status, usage, deployment). Only the first call counts. */
  end(state: RequestState, statusCode: number): void;
}

export interface AttemptTrace {
  /** A copy of the upstream request's headers with this attempt's `traceparent` (and `tracestate`). */
  addTraceHeaders(headers: Record<string, string>): Record<string, string>;
  /** The HTTP status the upstream answered with. */
  recordStatus(statusCode: number): void;
  /** Ends the span; `error` is the attempt's failure (a ProviderError, or the abort reason). */
  end(outcome: AttemptOutcome, error?: unknown): void;
}

/**
 * The tracing the settings ask for: undefined when they are undefined (tracing off). The OpenTelemetry SDK
 * is imported only here, only when on, so a gateway without tracing never loads it.
 */
export async function loadTracing(
  settings: TracingSettings | undefined,
  logger: Logger,
): Promise<Tracing | undefined> {
  if (settings === undefined) return undefined;
  const { createOtelTracing } = await import('./otel-tracing.js');
  return createOtelTracing(settings, logger);
}
