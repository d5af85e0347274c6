import { recordSettledUsage, settleChatRequest } from '../limits/chat-admission.js';
import { computeCost, readTokenCounts } from '../usage/cost.js';
import type { UsageRow } from '../usage/usage-row.js';
import type { PipelineDependencies } from './dependencies.js';
import type { RequestState } from './request-state.js';

/**
 * The request's usage row and its metrics. `then` ends the response: it runs once the row is in the journal,
 * so the record survives a kill right after the answer's last byte.
 */
export function finishRequest(
  dependencies: Pick<PipelineDependencies, 'metrics' | 'limiter' | 'usage'>,
  state: RequestState,
  then?: () => void,
): void {
  if (state.recorded) {
    then?.();
    return;
  }
  state.recorded = true;
  const { metrics } = dependencies;
  const tokens = readTokenCounts(state.usage);
  const pricing = state.deployment?.pricing ?? state.model?.pricing ?? null;
  const cost = tokens !== null && pricing !== null ? computeCost(pricing, tokens) : null;
  const latencyMs = Math.round(performance.now() - state.startedHr);
  const row: UsageRow = {
    request_id: state.requestId,
    ts: state.startedAt,
    key_id: state.principal?.keyId ?? null,
    model: state.model?.id ?? state.requestedModel ?? null,
    vendor: state.model?.vendor ?? null,
    provider: state.deployment?.provider ?? null,
    deployment: state.deployment?.name ?? null,
    upstream_model: state.deployment?.upstreamModel ?? null,
    stream: state.stream === true ? 1 : 0,
    status: state.status ?? 500,
    error_type: state.errorType ?? null,
    prompt_tokens: tokens?.prompt ?? null,
    completion_tokens: tokens?.completion ?? null,
    cached_tokens: tokens?.cached ?? null,
    reasoning_tokens: tokens?.reasoning ?? null,
    cost_usd: cost,
    unpriced: state.model !== undefined && pricing === null ? 1 : 0,
    latency_ms: latencyMs,
    ttft_ms: state.ttftMs ?? null,
    attempts: state.attempts,
    spend_nano_usd: null,
    budget_period: null,
  };
  const settlement = settleChatRequest(dependencies.limiter, state, tokens, cost);
  recordSettledUsage(dependencies.usage, row, settlement, then);

  const model = row.model ?? 'unknown';
  const vendor = row.vendor ?? 'unknown';
  metrics.requests.inc({ model, vendor, status: String(row.status), protocol: state.protocol });
  metrics.duration.observe({ model, vendor }, latencyMs / 1000);
  if (state.ttftMs !== undefined) metrics.timeToFirstToken.observe({ model, vendor }, state.ttftMs / 1000);
  if (tokens !== null) {
    metrics.tokens.inc({ model, vendor, kind: 'prompt' }, tokens.prompt);
    metrics.tokens.inc({ model, vendor, kind: 'completion' }, tokens.completion);
    if (tokens.cached > 0) metrics.tokens.inc({ model, vendor, kind: 'cached' }, tokens.cached);
    if (tokens.reasoning > 0) metrics.tokens.inc({ model, vendor, kind: 'reasoning' }, tokens.reasoning);
  }
  if (cost !== null && cost > 0) metrics.cost.inc({ model, vendor }, cost);
}
