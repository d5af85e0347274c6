/**
 * The governance of keys behind one interface: admission (rate limits, in-flight cap, budget reservation) and
 * settlement (tokens and spend). The embedded implementation (`InProcessLimiter`) answers synchronously; a fleet
 * implementation (Redis for counters and reservations, PostgreSQL for spend) returns promises, and every caller
 * accepts both (`MaybePromise`), so it slots in without changing them.
 */

export type MaybePromise<T> = T | Promise<T>;

/** A key's limits as configured; null fields are unlimited. */
export interface KeyLimits {
  rpmLimit: number | null;
  tpmLimit: number | null;
  maxParallelRequests: number | null;
  maxBudgetUsd: number | null;
  /** `15s`, `1h`, `30d`; null = the budget is for the key's lifetime. */
  budgetDuration: string | null;
}

/** What admission needs to know about one request. */
export interface AdmissionInput {
  keyId: string;
  /** Null: the key has no limit (the fast path: nothing is counted but its in-flight slot and its spend). */
  limits: KeyLimits | null;
  /** The request's worst case; required when the key has a budget or a token limit. */
  worstCase?: { tokens: number; usd: number | null };
  /** Named in the refusal of an unpriced model under a budget. */
  model?: string;
}

/** What an admitted request holds until it settles. Opaque to callers but for `headers`. */
export interface Reservation {
  readonly keyId: string;
  /** Reserved against the budget, in nano-USD (integers keep the sum exact). */
  readonly reservedNanoUsd: number;
  readonly reservedTokens: number;
  /** OpenAI's x-ratelimit-* headers for the answer; null for a key without rate limits. */
  readonly headers: Readonly<Record<string, string>> | null;
}

/** A refused request: what the client is told (429 in OpenAI's error shape). */
export interface Refusal {
  status: number;
  /** `requests`, `tokens` (as OpenAI sends them) or `insufficient_quota`. */
  type: string;
  code: 'rate_limit_exceeded' | 'insufficient_quota';
  message: string;
  headers: Record<string, string>;
}

export type Admission = { admitted: true; reservation: Reservation } | { admitted: false; refusal: Refusal };

/** How a request ended, as settlement needs it. */
export interface SettleOutcome {
  /** The real cost from the vendor's usage; null when unknown or unpriced. */
  costUsd: number | null;
  /** Prompt plus completion tokens from usage; null when unknown. */
  tokens: number | null;
  /**
   * The upstream may have produced (and billed) tokens although their usage is unknown: a cut or cancelled
   * stream, a client gone while an attempt ran. Such a request is charged its reservation.
   */
  upstreamMayHaveBilled: boolean;
}

/** What settlement charged; the usage row carries both, which is how the spend reaches the database. */
export interface Settlement {
  chargedNanoUsd: number;
  /** The key's budget period the charge belongs to (a reset starts the next). */
  budgetPeriod: number;
}

/** A key's spend as the admin API shows it. */
export interface KeySpend {
  spendUsd: number;
  /** Unix ms when the current period ends; null for a lifetime budget. */
  budgetResetAt: number | null;
}

export interface Limiter {
  /** Admits (and reserves for) one request, or refuses it. A refused request counts towards nothing. */
  admit(input: AdmissionInput): MaybePromise<Admission>;
  /** Frees the request's slot and reservation and charges what it used. Exactly once per reservation. */
  settle(reservation: Reservation, outcome: SettleOutcome): MaybePromise<Settlement>;
  spendOf(keyId: string): MaybePromise<KeySpend>;
  /**
   * A key was created (`changedAt` = its creation) or its budget duration was set by a PATCH: the current
   * period now ends at `changedAt` + the duration (or never, for null). The spend is not changed.
   */
  setBudgetDuration(keyId: string, duration: string | null, changedAt: number): MaybePromise<void>;
  /** A revoked key: its counters may go. */
  forgetKey(keyId: string): MaybePromise<void>;
  /**
   * The `x-ratelimit-*` headers of a request that was never admitted (refused before admission: a bad body, an
   * unknown model), from the key's windows as they stand; null for a key without rpm or tpm limits. Changes
   * nothing: such a request does not count.
   */
  peekRateLimitHeaders(keyId: string, limits: KeyLimits | null): MaybePromise<Record<string, string> | null>;
}

export const NANO_USD_PER_USD = 1_000_000_000;

export function hasAnyLimit(limits: KeyLimits): boolean {
  return (
    limits.rpmLimit !== null ||
    limits.tpmLimit !== null ||
    limits.maxParallelRequests !== null ||
    limits.maxBudgetUsd !== null
  );
}
