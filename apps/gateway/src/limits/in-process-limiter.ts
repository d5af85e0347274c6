import { parseBudgetDuration } from './duration.js';
import type {
  Admission,
  AdmissionInput,
  KeyLimits,
  KeySpend,
  Limiter,
  Refusal,
  Reservation,
  Settlement,
  SettleOutcome,
} from './limiter.js';
import { NANO_USD_PER_USD } from './limiter.js';
import { buildRateLimitHeaders, buildRetryAfterHeaders, type LimitSnapshot } from './rate-limit-headers.js';
import { RATE_WINDOW_MS, RequestWindow, TokenWindow } from './sliding-window.js';
import type { SqliteSpendStore, StoredSpend } from './spend-store.js';

export interface InProcessLimiterOptions {
  store: Pick<SqliteSpendStore, 'load' | 'setResetAt' | 'startPeriod'>;
  /** Unix ms; injectable so tests move time instead of waiting. */
  clock?: () => number;
  /** Admit requests to unpriced models under a budget (reserving and charging $0) instead of refusing them. */
  allowUnpricedUnderBudget?: boolean;
  windowMs?: number;
}

/** One key's budget period: settled spend, what requests in flight reserve, and when it ends. */
interface BudgetPeriod {
  spendNanoUsd: number;
  reservedNanoUsd: number;
  period: number;
  resetAt: number | null;
  durationMs: number | null;
}

interface KeyState {
  keyId: string;
  inFlight: number;
  requests: RequestWindow | undefined;
  tokens: TokenWindow | undefined;
  budget: BudgetPeriod;
}

class InProcessReservation implements Reservation {
  settled = false;
  constructor(
    readonly state: KeyState,
    readonly reservedNanoUsd: number,
    readonly reservedTokens: number,
    readonly headers: Readonly<Record<string, string>> | null,
  ) {}
  get keyId(): string {
    return this.state.keyId;
  }
}

/**
 * The embedded limiter: exact sliding windows, in-flight counts and budget reservations in this process's
 * memory, budget periods in SQLite (see SqliteSpendStore for how charges reach the database). Synchronous:
 * one process holds every counter, so a decision is a few Map and array operations (µs figures in README).
 */
export class InProcessLimiter implements Limiter {
  private readonly keys = new Map<string, KeyState>();
  private readonly clock: () => number;
  private readonly windowMs: number;
  private readonly allowUnpriced: boolean;
  private readonly store: InProcessLimiterOptions['store'];

  constructor(options: InProcessLimiterOptions) {
    this.store = options.store;
    this.clock = options.clock ?? Date.now;
    this.windowMs = options.windowMs ?? RATE_WINDOW_MS;
    this.allowUnpriced = options.allowUnpricedUnderBudget ?? false;
    for (const stored of this.store.load()) this.keys.set(stored.keyId, this.stateFrom(stored));
  }

  admit(input: AdmissionInput): Admission {
    const state = this.stateOf(input.keyId);
    const limits = input.limits;
    if (limits === null) {
      state.inFlight++;
      return { admitted: true, reservation: new InProcessReservation(state, 0, 0, null) };
    }
    const now = this.clock();
    let refusal: Refusal | undefined;
    let requests: LimitSnapshot | undefined;
    let tokens: LimitSnapshot | undefined;

    const rpm = limits.rpmLimit;
    if (rpm !== null) {
      state.requests ??= new RequestWindow(this.windowMs);
      const count = state.requests.count(now);
      if (count >= rpm) {
        refusal = rateRefusal(
          'requests',
          `Rate limit reached for this key: ${rpm} requests per minute.`,
          state.requests.waitFor(now, rpm),
        );
        requests = { limit: rpm, remaining: 0, resetMs: state.requests.untilEmpty(now) };
      } else {
        // `remaining` counts this request; once admitted the window is full again a whole window from now.
        requests = { limit: rpm, remaining: rpm - count - 1, resetMs: this.windowMs };
      }
    }
    const tpm = limits.tpmLimit;
    if (tpm !== null) {
      state.tokens ??= new TokenWindow(this.windowMs);
      const used = state.tokens.total(now);
      tokens = { limit: tpm, remaining: tpm - used, resetMs: state.tokens.untilEmpty(now) };
      if (refusal === undefined && used >= tpm) {
        refusal = rateRefusal(
          'tokens',
          `Rate limit reached for this key: ${tpm} tokens per minute (${used} settled in the last minute).`,
          state.tokens.waitFor(now, tpm),
        );
      }
    }
    const parallel = limits.maxParallelRequests;
    if (refusal === undefined && parallel !== null && state.inFlight >= parallel) {
      // No honest wait exists (a slot frees when some answer ends): 1 s, the shortest retry-after there is.
      refusal = rateRefusal(
        'requests',
        `Too many requests in flight for this key: at most ${parallel} at once.`,
        1000,
      );
    }
    let reserveNanoUsd = 0;
    if (refusal === undefined && limits.maxBudgetUsd !== null) {
      const checked = this.checkBudget(state.budget, limits.maxBudgetUsd, input, now);
      if (typeof checked === 'number') reserveNanoUsd = checked;
      else refusal = checked;
    }

    const headers =
      requests !== undefined || tokens !== undefined ? buildRateLimitHeaders(requests, tokens) : null;
    if (refusal !== undefined) {
      if (headers !== null) Object.assign(refusal.headers, headers);
      return { admitted: false, refusal };
    }
    if (rpm !== null) state.requests!.add(now, rpm);
    state.inFlight++;
    state.budget.reservedNanoUsd += reserveNanoUsd;
    return {
      admitted: true,
      reservation: new InProcessReservation(state, reserveNanoUsd, input.worstCase?.tokens ?? 0, headers),
    };
  }

  peekRateLimitHeaders(keyId: string, limits: KeyLimits | null): Record<string, string> | null {
    if (limits === null || (limits.rpmLimit === null && limits.tpmLimit === null)) return null;
    const state = this.keys.get(keyId);
    const now = this.clock();
    const requests =
      limits.rpmLimit === null
        ? undefined
        : {
            limit: limits.rpmLimit,
            remaining: limits.rpmLimit - (state?.requests?.count(now) ?? 0),
            resetMs: state?.requests?.untilEmpty(now) ?? 0,
          };
    const tokens =
      limits.tpmLimit === null
        ? undefined
        : {
            limit: limits.tpmLimit,
            remaining: limits.tpmLimit - (state?.tokens?.total(now) ?? 0),
            resetMs: state?.tokens?.untilEmpty(now) ?? 0,
          };
    return buildRateLimitHeaders(requests, tokens);
  }

  settle(reservation: Reservation, outcome: SettleOutcome): Settlement {
    const held = reservation as InProcessReservation;
    const state = held.state;
    const budget = state.budget;
    if (held.settled) return { chargedNanoUsd: 0, budgetPeriod: budget.period };
    held.settled = true;
    state.inFlight--;
    budget.reservedNanoUsd -= held.reservedNanoUsd;
    if (budget.resetAt !== null) this.rollIfDue(state, this.clock());
    const charged =
      outcome.costUsd !== null
        ? Math.max(0, Math.round(outcome.costUsd * NANO_USD_PER_USD))
        : outcome.upstreamMayHaveBilled
          ? held.reservedNanoUsd
          : 0;
    budget.spendNanoUsd += charged;
    if (state.tokens !== undefined) {
      const tokens = outcome.tokens ?? (outcome.upstreamMayHaveBilled ? held.reservedTokens : 0);
      state.tokens.add(this.clock(), tokens);
    }
    return { chargedNanoUsd: charged, budgetPeriod: budget.period };
  }

  spendOf(keyId: string): KeySpend {
    const state = this.stateOf(keyId);
    this.rollIfDue(state, this.clock());
    return { spendUsd: state.budget.spendNanoUsd / NANO_USD_PER_USD, budgetResetAt: state.budget.resetAt };
  }

  setBudgetDuration(keyId: string, duration: string | null, changedAt: number): void {
    const budget = this.stateOf(keyId).budget;
    budget.durationMs = duration === null ? null : (parseBudgetDuration(duration) ?? null);
    budget.resetAt = budget.durationMs === null ? null : changedAt + budget.durationMs;
    this.store.setResetAt(keyId, budget.resetAt);
  }

  forgetKey(keyId: string): void {
    this.keys.delete(keyId);
  }

  /** The nano-USD to reserve, or the refusal. */
  private checkBudget(
    budget: BudgetPeriod,
    maxBudgetUsd: number,
    input: AdmissionInput,
    now: number,
  ): number | Refusal {
    if (budget.resetAt !== null) this.rollIfDue(this.stateOf(input.keyId), now);
    const maxNano = Math.round(maxBudgetUsd * NANO_USD_PER_USD);
    const resets = budget.resetAt === null ? '' : ` It resets at ${new Date(budget.resetAt).toISOString()}.`;
    if (budget.spendNanoUsd >= maxNano) {
      return quotaRefusal(
        `This key's budget of ${formatUsd(maxNano)} is spent (${formatUsd(budget.spendNanoUsd)} settled).${resets}`,
        true,
      );
    }
    const usd = input.worstCase?.usd ?? null;
    if (usd === null) {
      if (this.allowUnpriced) return 0;
      return quotaRefusal(
        `The model '${input.model ?? 'unknown'}' has no price in the catalog, so a request to it cannot be held to this key's budget. Use a priced model, or let the operator allow unpriced models under a budget (keys.allowUnpricedUnderBudget).`,
        true,
      );
    }
    const reserve = Math.ceil(usd * NANO_USD_PER_USD);
    const left = maxNano - budget.spendNanoUsd;
    if (reserve <= left - budget.reservedNanoUsd) return reserve;
    const inFlight =
      budget.reservedNanoUsd > 0
        ? `, ${formatUsd(budget.reservedNanoUsd)} reserved by requests in flight`
        : '';
    return quotaRefusal(
      `This request's worst-case cost of ${formatUsd(reserve)} (reserved at admission, then settled to the real cost) exceeds what is left of this key's budget: ${formatUsd(Math.max(0, left - budget.reservedNanoUsd))} of ${formatUsd(maxNano)} (${formatUsd(budget.spendNanoUsd)} settled${inFlight}). Set a lower max_tokens to reserve less.${resets}`,
      // Only the requests in flight stand in the way: once they settle, a retry may pass.
      reserve > left,
    );
  }

  private rollIfDue(state: KeyState, now: number): void {
    const budget = state.budget;
    if (budget.resetAt === null || budget.durationMs === null || now < budget.resetAt) return;
    const periods = Math.floor((now - budget.resetAt) / budget.durationMs) + 1;
    budget.resetAt += periods * budget.durationMs;
    budget.period++;
    budget.spendNanoUsd = 0;
    this.store.startPeriod(state.keyId, budget.period, budget.resetAt);
  }

  private stateOf(keyId: string): KeyState {
    let state = this.keys.get(keyId);
    if (state === undefined) {
      state = this.stateFrom({
        keyId,
        period: 0,
        spendNanoUsd: 0,
        resetAt: null,
        budgetDuration: null,
        createdAt: this.clock(),
      });
      this.keys.set(keyId, state);
    }
    return state;
  }

  private stateFrom(stored: StoredSpend): KeyState {
    const durationMs =
      stored.budgetDuration === null ? null : (parseBudgetDuration(stored.budgetDuration) ?? null);
    let resetAt = stored.resetAt;
    if (durationMs !== null && resetAt === null) {
      // A key whose period was never written (created just before a crash): its first period runs from creation.
      resetAt = stored.createdAt + durationMs;
      this.store.setResetAt(stored.keyId, resetAt);
    }
    if (durationMs === null) resetAt = null;
    return {
      keyId: stored.keyId,
      inFlight: 0,
      requests: undefined,
      tokens: undefined,
      budget: {
        spendNanoUsd: stored.spendNanoUsd,
        reservedNanoUsd: 0,
        period: stored.period,
        resetAt,
        durationMs,
      },
    };
  }
}

function rateRefusal(type: 'requests' | 'tokens', message: string, waitMs: number): Refusal {
  return {
    status: 429,
    type,
    code: 'rate_limit_exceeded',
    message: `${message} Retry after ${Math.ceil(Math.max(1, waitMs) / 1000)} s.`,
    headers: buildRetryAfterHeaders(waitMs),
  };
}

function quotaRefusal(message: string, final: boolean): Refusal {
  return {
    status: 429,
    type: 'insufficient_quota',
    code: 'insufficient_quota',
    message,
    // The openai SDK retries every 429 unless told not to (openai-node `shouldRetry` reads x-should-retry): a
    // spent budget does not come back within its retries; a budget held by requests in flight soon may.
    headers: final ? { 'x-should-retry': 'false' } : buildRetryAfterHeaders(1000),
  };
}

/** Cents from a dollar up, every nano-dollar below: $25.00, $1.50, $0.000123. */
export function formatUsd(nanoUsd: number): string {
  const usd = nanoUsd / NANO_USD_PER_USD;
  if (usd === 0) return '$0';
  if (Math.abs(usd) >= 1) return `$${usd.toFixed(2)}`;
  return `$${usd.toFixed(9).replace(/0+$/, '')}`;
}
