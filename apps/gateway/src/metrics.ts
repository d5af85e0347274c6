import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The gateway's Prometheus metrics, on a registry of its own (several gateways can share a process in tests). */
export function createMetrics() {
  const registry = new Registry();
  const requests = new Counter({
    name: 'llmux_requests_total',
    help: 'Model requests by public model, vendor, HTTP status and the inbound protocol the client spoke.',
    labelNames: ['model', 'vendor', 'status', 'protocol'] as const,
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
  // A stall (a synchronous parse of a huge body, a GC pause) delays every stream at once and shows nowhere
  // else. Both maxima are since the previous scrape.
  const loop = createLoopDelaySampler();
  const eventLoopDelayMax = new Gauge({
    name: 'llmux_event_loop_delay_max_seconds',
    help:
      'The longest event-loop delay since the previous scrape: kind="elapsed" as the clock saw it, ' +
      'kind="on_cpu" the part the process spent on a CPU (its own stall, not a busy machine).',
    labelNames: ['kind'] as const,
    registers: [registry],
    collect() {
      const { delayMs, blockedMs } = loop.take();
      this.set({ kind: 'elapsed' }, delayMs / 1000);
      this.set({ kind: 'on_cpu' }, blockedMs / 1000);
    },
  });
  return {
    registry,
    eventLoopDelayMax,
    /** Stops the event-loop samplers (a closed gateway keeps no timer). */
    stop: () => loop.stop(),
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

const SAMPLE_MS = 20;

/**
 * The event loop's delay, from a 20 ms timer's lateness, and how much of it the process's own work caused.
 * Lateness alone also counts the time the OS gave the CPU to other processes (on a shared 2-core machine,
 * 300–500 ms at times); the process's CPU time over the same interval does not, so the smaller of the two is
 * the process's own stall. (perf_hooks' monitorEventLoopDelay drops the first delay after each reset, so a
 * stall right after a scrape went unseen.) `take` returns both maxima and clears them.
 */
function createLoopDelaySampler(): { take(): { delayMs: number; blockedMs: number }; stop(): void } {
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  let delayMs = 0;
  let blockedMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    delayMs = Math.max(delayMs, now - last - SAMPLE_MS);
    blockedMs = Math.max(blockedMs, Math.min(now - last, cpuMs) - SAMPLE_MS);
    last = now;
    lastCpu = process.cpuUsage();
  }, SAMPLE_MS);
  timer.unref();
  return {
    take: () => {
      const values = { delayMs: Math.max(0, delayMs), blockedMs: Math.max(0, blockedMs) };
      delayMs = 0;
      blockedMs = 0;
      return values;
    },
    stop: () => clearInterval(timer),
  };
}
