import type { ChatCompletionRequest } from '@llmux/contract';
import { GatewayError } from '../http/respond.js';
import type { RequestState } from '../pipeline/request-state.js';
import type { Deployment } from '../routing/deployments.js';
import type { TokenCounts } from '../usage/cost.js';
import type { UsageRow } from '../usage/usage-row.js';
import type { Admission, Limiter, MaybePromise, Reservation, Settlement } from './limiter.js';
import { estimateWorstCase, worstCaseInputOf } from './worst-case-cost.js';

/**
 * The chat handler's one admission call, before any upstream attempt: a reservation (the caller keeps it in
 * `state.reservation`), or a thrown GatewayError carrying the refusal (429, OpenAI's body, its headers).
 * Undefined for the master key, which nothing limits. The worst case is estimated only for a key whose
 * budget or token limit needs it.
 */
export function admitChatRequest(
  limiter: Limiter,
  state: RequestState,
  /** The request, or how to make it: only a key whose budget or token limit needs the estimate reads it. */
  request: ChatCompletionRequest | (() => ChatCompletionRequest),
  promptBytes: number,
  deployments: readonly Deployment[],
): MaybePromise<Reservation> | undefined {
  const principal = state.principal;
  if (principal === undefined || principal.isMaster) return undefined;
  const limits = principal.limits;
  const model = state.model;
  const worstCase =
    limits !== null && model !== undefined && (limits.maxBudgetUsd !== null || limits.tpmLimit !== null)
      ? estimateWorstCase(
          worstCaseInputOf(
            typeof request === 'function' ? request() : request,
            promptBytes,
            model.maxOutputTokens,
            deployments.map((deployment) => deployment.pricing),
          ),
        )
      : undefined;
  const admission = limiter.admit({ keyId: principal.keyId, limits, worstCase, model: model?.id });
  return admission instanceof Promise ? admission.then(reservationOrThrow) : reservationOrThrow(admission);
}

function reservationOrThrow(admission: Admission): Reservation {
  if (admission.admitted) return admission.reservation;
  const { status, type, message, code, headers } = admission.refusal;
  throw new GatewayError(status, type, message, code, null, headers);
}

/**
 * Settles the request's reservation (once: a settled one is dropped from the state) from what the answer
 * used. An answer without usage is charged its reservation when the upstream may have produced tokens: it
 * answered, the stream began, the client left or the deadline passed while an attempt ran, or one of an
 * emulated `n`'s parallel calls failed after others may have answered.
 */
export function settleChatRequest(
  limiter: Limiter,
  state: RequestState,
  tokens: TokenCounts | null,
  costUsd: number | null,
): MaybePromise<Settlement> | undefined {
  const reservation = state.reservation;
  if (reservation === undefined || state.settled === true) return undefined;
  state.settled = true;
  const status = state.status ?? 500;
  const upstreamMayHaveBilled =
    state.attempts > 0 &&
    (status < 400 ||
      state.ttftMs !== undefined ||
      status === 499 ||
      status === 504 ||
      // Emulated n: one failed call fails the request, but its sibling calls may have answered (and billed).
      state.warnings.some((warning) => warning.param === 'n' && warning.action === 'emulated'));
  return limiter.settle(reservation, {
    costUsd,
    tokens: tokens === null ? null : tokens.prompt + tokens.completion,
    upstreamMayHaveBilled,
  });
}

/**
 * Records the usage row with its charge (which is how the spend reaches the database: see
 * limits/spend-store.ts), waiting for the settlement when it is asynchronous. `then` ends the answer.
 */
export function recordSettledUsage(
  usage: { record(row: UsageRow, then?: () => void): void },
  row: UsageRow,
  settlement: MaybePromise<Settlement> | undefined,
  then: (() => void) | undefined,
): void {
  if (settlement instanceof Promise) {
    settlement.then(
      (settled) => usage.record(withCharge(row, settled), then),
      () => usage.record(row, then),
    );
    return;
  }
  usage.record(withCharge(row, settlement), then);
}

function withCharge(row: UsageRow, settlement: Settlement | undefined): UsageRow {
  if (settlement !== undefined) {
    row.spend_nano_usd = settlement.chargedNanoUsd;
    row.budget_period = settlement.budgetPeriod;
  }
  return row;
}
