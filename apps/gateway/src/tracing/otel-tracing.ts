// The OpenTelemetry implementation of tracing.ts's interface, loaded only when tracing is on. It uses a
// tracer provider of its own and explicit parent contexts: no global provider, context manager or
// instrumentation is installed, so nothing else in the process is patched or traced behind its back.
import type { IncomingHttpHeaders } from 'node:http';
import type { ChatCompletionRequest } from '@llmux/contract';
import {
  type Context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { type ExportResult, ExportResultCode, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import type { Logger } from '../logger.js';
import type { RequestState } from '../pipeline/request-state.js';
import type { Deployment } from '../routing/deployments.js';
import {
  attemptAttributes,
  describeError,
  outcomeAttributes,
  requestAttributes,
  scanFinishReasons,
} from './gen-ai-attributes.js';
import type { AttemptOutcome, AttemptTrace, RequestTrace, Tracing } from './tracing.js';
import type { TracingSettings } from './tracing-settings.js';

const propagator = new W3CTraceContextPropagator();
/** How often a failing collector is reported in the log: once, then at most once a minute. */
const EXPORT_FAILURE_LOG_INTERVAL_MS = 60_000;

export function createOtelTracing(settings: TracingSettings, logger: Logger): Tracing {
  const exporter = reportFailures(
    new OTLPTraceExporter({
      url: settings.url,
      headers: settings.headers,
      timeoutMillis: settings.exportTimeoutMs,
    }),
    logger,
    settings.url,
  );
  const provider = new BasicTracerProvider({
    resource: defaultResource().merge(
      resourceFromAttributes({ ...settings.resourceAttributes, 'service.name': settings.serviceName }),
    ),
    // Spans are queued (OTEL_BSP_MAX_QUEUE_SIZE, 2048 by default; more are dropped) and exported in the
    // background: a slow or unreachable collector never holds a request up. The processor reads the other
    // OTEL_BSP_* variables itself, and the provider OTEL_TRACES_SAMPLER.
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: settings.scheduleDelayMs })],
  });
  const tracer = provider.getTracer('@llmux/gateway');
  logger.info(
    { url: redactUrl(settings.url), service: settings.serviceName },
    'exporting OpenTelemetry traces',
  );
  return {
    startRequest: (headers, requestId) => startRequest(tracer, headers, requestId),
    shutdown: async (timeoutMs) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
        timer.unref();
      });
      await Promise.race([provider.shutdown().catch(() => {}), timeout]);
      clearTimeout(timer);
    },
  };
}

function startRequest(tracer: Tracer, headers: IncomingHttpHeaders, requestId: string): RequestTrace {
  // Extraction validates the header: a malformed traceparent leaves the root context (a new trace). Whatever
  // a client sends, it must not turn into an error of the request.
  let parent = ROOT_CONTEXT;
  try {
    parent = propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
  } catch {
    // The new trace it is.
  }
  const span = tracer.startSpan(
    'chat',
    {
      kind: SpanKind.SERVER,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'http.route': '/v1/chat/completions',
        'llmux.request_id': requestId,
      },
    },
    parent,
  );
  return new OtelRequestTrace(tracer, span, trace.setSpan(parent, span));
}

class OtelRequestTrace implements RequestTrace {
  private finishReasons: Set<string> | undefined;
  private ended = false;
  private readonly addReason = (reason: string) => this.addFinishReason(reason);

  constructor(
    private readonly tracer: Tracer,
    private readonly span: Span,
    private readonly context: Context,
  ) {}

  // A span the sampler dropped records nothing: its attributes are not even computed (a sampled-out request
  // costs the ids and the traceparent, little more).
  describeRequest(request: ChatCompletionRequest): void {
    if (!this.span.isRecording()) return;
    this.span.updateName(`chat ${request.model}`);
    this.span.setAttributes(requestAttributes(request));
  }

  addFinishReason(reason: string): void {
    if (!this.span.isRecording()) return;
    this.finishReasons ??= new Set();
    this.finishReasons.add(reason);
  }

  addFinishReasonsFromText(text: string): void {
    if (this.span.isRecording()) scanFinishReasons(text, this.addReason);
  }

  startAttempt(deployment: Deployment, attempt: number, lane: number): AttemptTrace {
    const span = this.tracer.startSpan(
      `chat ${deployment.upstreamModel}`,
      { kind: SpanKind.CLIENT },
      this.context,
    );
    if (span.isRecording()) span.setAttributes(attemptAttributes(deployment, attempt, lane));
    return new OtelAttemptTrace(span);
  }

  end(state: RequestState, statusCode: number): void {
    if (this.ended) return;
    this.ended = true;
    const span = this.span;
    if (!span.isRecording()) {
      span.end();
      return;
    }
    span.setAttributes(outcomeAttributes(state, statusCode));
    if (this.finishReasons !== undefined)
      span.setAttribute('gen_ai.response.finish_reasons', [...this.finishReasons]);
    // A server span is an error for a 5xx only (the HTTP conventions): a 4xx is the client's mistake.
    if (statusCode >= 500)
      span.setStatus({ code: SpanStatusCode.ERROR, message: state.errorType ?? String(statusCode) });
    span.end();
  }
}

class OtelAttemptTrace implements AttemptTrace {
  private ended = false;

  constructor(private readonly span: Span) {}

  addTraceHeaders(headers: Record<string, string>): Record<string, string> {
    const copy = { ...headers };
    propagator.inject(trace.setSpan(ROOT_CONTEXT, this.span), copy, defaultTextMapSetter);
    return copy;
  }

  recordStatus(statusCode: number): void {
    this.span.setAttribute('http.response.status_code', statusCode);
  }

  end(outcome: AttemptOutcome, error?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    const span = this.span;
    if (!span.isRecording()) {
      span.end();
      return;
    }
    span.setAttribute('llmux.attempt.outcome', outcome);
    if (outcome !== 'success') {
      const reason = describeError(error);
      span.setAttribute('error.type', reason);
      if (outcome === 'retry' || outcome === 'failover') span.setAttribute('llmux.retry.reason', reason);
      span.setStatus({ code: SpanStatusCode.ERROR, message: reason });
    }
    span.end();
  }
}

/**
 * The exporter, with its failures in the gateway's log (the SDK reports them only through its diagnostic
 * logger, which nobody reads): the first one, then at most one a minute, never the headers.
 */
function reportFailures(exporter: SpanExporter, logger: Logger, url: string): SpanExporter {
  let lastReport = Number.NEGATIVE_INFINITY;
  let dropped = 0;
  return {
    export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
      exporter.export(spans, (result) => {
        if (result.code !== ExportResultCode.SUCCESS) {
          dropped += spans.length;
          const now = Date.now();
          if (now - lastReport >= EXPORT_FAILURE_LOG_INTERVAL_MS) {
            lastReport = now;
            logger.warn(
              { url: redactUrl(url), dropped_spans: dropped, reason: result.error?.message },
              'could not export traces; spans are dropped, requests are not affected',
            );
            dropped = 0;
          }
        }
        resultCallback(result);
      });
    },
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
}

/** The collector's URL without user info or query (either may carry a token). */
function redactUrl(text: string): string {
  try {
    const url = new URL(text);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return '[invalid url]';
  }
}
