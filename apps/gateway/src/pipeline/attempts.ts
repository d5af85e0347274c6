import { setTimeout as sleep } from 'node:timers/promises';
import { isProviderError, type ProviderAdapter, ProviderError } from '@llmux/provider-kit';
import type { RoutingConfig } from '../config.js';
import type { Metrics } from '../metrics.js';
import type { CircuitBreaker, Deployment } from '../routing/deployments.js';
import type { AttemptTrace } from '../tracing/tracing.js';
import type { AbortHandle } from '../upstream/abort-handle.js';
import type { RequestState } from './request-state.js';

/** One upstream call sequence: the whole request, or one of the parallel calls that emulate `n`. */
export interface Lane {
  index: number;
  /** True once this lane's output reached the client: from then on it can neither retry nor fail over. */
  committed: boolean;
  deployment?: Deployment;
}

export interface AttemptDependencies {
  routing: RoutingConfig;
  breaker: CircuitBreaker;
  metrics: Metrics;
  adapterFor: (deployment: Deployment) => ProviderAdapter;
  random?: () => number;
}

/**
 * Runs `call` against the deployments in order. A retryable failure (connection error, timeout, 429, 5xx,
 * overloaded) is retried on the same deployment with exponential backoff and full jitter, honouring the
 * vendor's retry-after up to `maxRetryAfterMs`; when retries are used up (or the pause asked for is longer),
 * the next deployment is tried. A failure marked `failover` (a bad upstream key or model id) moves to the next
 * deployment at once. Anything else (the client's own mistake) is thrown as it is.
 */
export async function runAttempts<T>(
  dependencies: AttemptDependencies,
  state: RequestState,
  deployments: readonly Deployment[],
  lane: Lane,
  signal: AbortHandle,
  call: (deployment: Deployment, adapter: ProviderAdapter, attempt: AttemptTrace | undefined) => Promise<T>,
): Promise<T> {
  const { routing, breaker, metrics } = dependencies;
  const random = dependencies.random ?? Math.random;
  let lastError: unknown;
  for (let position = 0; position < deployments.length; position++) {
    const deployment = deployments[position]!;
    if (position > 0) metrics.upstreamRetries.inc({ provider: deployment.provider, kind: 'failover' });
    const adapter = dependencies.adapterFor(deployment);
    const last = position === deployments.length - 1;
    for (let retry = 0; ; retry++) {
      if (signal.aborted) throw signal.reason;
      state.attempts++;
      lane.deployment = deployment;
      state.deployment = deployment;
      const attempt = state.trace?.startAttempt(deployment, state.attempts, lane.index);
      try {
        const result = await call(deployment, adapter, attempt);
        attempt?.end('success');
        breaker.recordSuccess(deployment.name);
        metrics.upstreamAttempts.inc({
          provider: deployment.provider,
          deployment: deployment.name,
          outcome: 'success',
        });
        return result;
      } catch (caught) {
        if (signal.aborted) {
          attempt?.end('aborted', signal.reason);
          throw signal.reason;
        }
        if (!isProviderError(caught)) {
          attempt?.end('error', caught);
          throw caught;
        }
        const error = caught;
        const isOwnRequest = error.status === 400 && !error.retryable && !error.failover;
        metrics.upstreamAttempts.inc({
          provider: deployment.provider,
          deployment: deployment.name,
          outcome: error.retryable ? 'retryable_error' : 'error',
        });
        if (!isOwnRequest && (error.retryable || error.failover)) breaker.recordFailure(deployment.name);
        lastError = error;
        // What happens next, decided before the span ends so that it can say so.
        const failOver = last ? 'error' : 'failover';
        if (lane.committed || (!error.retryable && !error.failover)) {
          attempt?.end('error', error);
          throw error;
        }
        if (!error.retryable || retry >= routing.maxRetries) {
          attempt?.end(failOver, error);
          break;
        }
        const pause = computeBackoff(routing, retry, error, random);
        if (pause === undefined) {
          attempt?.end(failOver, error);
          break;
        }
        attempt?.end('retry', error);
        metrics.upstreamRetries.inc({ provider: deployment.provider, kind: 'retry' });
        try {
          await sleep(pause, undefined, { signal: signal.signal });
        } catch {
          throw signal.reason;
        }
      }
    }
  }
  throw (
    lastError ?? new ProviderError({ status: 503, type: 'api_error', message: 'No upstream deployment.' })
  );
}

/** Full-jitter exponential backoff; a vendor's retry-after wins when it is longer. Undefined: fail over now. */
export function computeBackoff(
  routing: RoutingConfig,
  retry: number,
  error: ProviderError,
  random: () => number,
): number | undefined {
  const exponential = routing.backoffMs * 2 ** retry;
  const jittered = exponential / 2 + random() * (exponential / 2);
  if (error.retryAfterMs === undefined) return jittered;
  if (error.retryAfterMs > routing.maxRetryAfterMs) return undefined;
  return Math.max(error.retryAfterMs, jittered);
}
