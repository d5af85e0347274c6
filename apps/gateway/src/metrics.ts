import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The gateway's Prometheus metrics, on a registry of its own (several gateways can share a process in tests). */
export function createMetrics() {
  const registry = new Registry();
  const requests = new Counter({
    name: 'llmux_requests_total',
    help: 'Chat completion requests by public model, vendor and HTTP status.',
    labelNames: ['model', 'vendor', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'llmux_request_duration_seconds',
    help: 'Chat completion latency, from request to the end of the answer.',
    labelNames: ['model', 'vendor'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    registers: [registry],
  });
  const timeToFirstToken = new Histogram({
    name: 'llmux_time_to_first_token_seconds',
    help: 'Streamed chat completions: time from request to the first chunk sent.',
    labelNames: ['model', 'vendor'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [registry],
  });
  const upstreamAttempts = new Counter({
    name: 'llmux_upstream_attempts_total',
    help: 'Upstream calls by deployment and outcome (success, retryable_error, error).',
    labelNames: ['provider', 'deployment', 'outcome'] as const,
    registers: [registry],
  });
  const upstreamRetries = new Counter({
    name: 'llmux_upstream_retries_total',
    help: 'Upstream calls repeated after a retryable failure (same deployment) or moved to the next (failover).',
    labelNames: ['provider', 'kind'] as const,
    registers: [registry],
  });
  const tokens = new Counter({
    name: 'llmux_tokens_total',
    help: 'Tokens by public model, vendor and kind (prompt, completion, cached, reasoning).',
    labelNames: ['model', 'vendor', 'kind'] as const,
    registers: [registry],
  });
  const cost = new Counter({
    name: 'llmux_cost_usd_total',
    help: 'Cost in USD from catalog prices (unpriced models are not counted).',
    labelNames: ['model', 'vendor'] as const,
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: 'llmux_requests_in_flight',
    help: 'Chat completion requests being served.',
    registers: [registry],
  });
  // The longest event-loop delay since the previous scrape: a stall (a synchronous parse of a huge body, a GC
  // pause) delays every stream at once and shows nowhere else. Sampled every 20 ms by libuv, not by a JS timer.
  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  loopDelay.enable();
  const eventLoopDelayMax = new Gauge({
    name: 'llmux_event_loop_delay_max_seconds',
    help: 'The longest event-loop delay since the previous scrape.',
    registers: [registry],
    collect() {
      this.set(loopDelay.max / 1e9);
      loopDelay.reset();
    },
  });
  return {
    registry,
    eventLoopDelayMax,
    /** Stops the event-loop sampler (a closed gateway keeps no timer). */
    stop: () => loopDelay.disable(),
    requests,
    duration,
    timeToFirstToken,
    upstreamAttempts,
    upstreamRetries,
    tokens,
    cost,
    inFlight,
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
