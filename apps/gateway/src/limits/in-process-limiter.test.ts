import { describe, expect, it } from 'vitest';
import { formatUsd, InProcessLimiter } from './in-process-limiter.js';
import type { Admission, KeyLimits, Reservation } from './limiter.js';
import type { StoredSpend } from './spend-store.js';

const none: KeyLimits = {
  rpmLimit: null,
  tpmLimit: null,
  maxParallelRequests: null,
  maxBudgetUsd: null,
  budgetDuration: null,
};

function setup(stored: StoredSpend[] = [], allowUnpricedUnderBudget = false) {
  let now = 1_000_000;
  const writes: Array<[string, ...unknown[]]> = [];
  const limiter = new InProcessLimiter({
    clock: () => now,
    allowUnpricedUnderBudget,
    store: {
      load: () => stored,
      setResetAt: (keyId, resetAt) => writes.push(['setResetAt', keyId, resetAt]),
      startPeriod: (keyId, period, resetAt) => writes.push(['startPeriod', keyId, period, resetAt]),
    },
  });
  return {
    limiter,
    writes,
    advance: (milliseconds: number) => {
      now += milliseconds;
    },
    now: () => now,
  };
}

function admitted(admission: Admission): Reservation {
  if (!admission.admitted) throw new Error(`refused: ${admission.refusal.message}`);
  return admission.reservation;
}

const used = { costUsd: null, tokens: null, upstreamMayHaveBilled: false };

describe('InProcessLimiter', () => {
  it('admits exactly rpm_limit requests per sliding minute, with OpenAI headers and an honest retry-after', () => {
    const { limiter, advance } = setup();
    const limits = { ...none, rpmLimit: 3 };
    const first = admitted(limiter.admit({ keyId: 'k', limits }));
    expect(first.headers).toEqual({
      'x-ratelimit-limit-requests': '3',
      'x-ratelimit-remaining-requests': '2',
      'x-ratelimit-reset-requests': '1m0s',
    });
    advance(10_000);
    admitted(limiter.admit({ keyId: 'k', limits }));
    const third = admitted(limiter.admit({ keyId: 'k', limits }));
    expect(third.headers!['x-ratelimit-remaining-requests']).toBe('0');
    const refused = limiter.admit({ keyId: 'k', limits });
    expect(refused.admitted).toBe(false);
    if (refused.admitted) return;
    expect(refused.refusal).toMatchObject({ status: 429, type: 'requests', code: 'rate_limit_exceeded' });
    expect(refused.refusal.headers).toMatchObject({
      'retry-after': '50',
      'retry-after-ms': '50000',
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': '1m0s',
    });
    // A refusal does not count: the first slot frees exactly when the first request leaves the window.
    advance(49_999);
    expect(limiter.admit({ keyId: 'k', limits }).admitted).toBe(false);
    advance(1);
    expect(limiter.admit({ keyId: 'k', limits }).admitted).toBe(true);
    // Another key is untouched.
    expect(limiter.admit({ keyId: 'other', limits }).admitted).toBe(true);
  });

  it('refuses while the settled tokens of the last minute are at or over tpm_limit (a soft cap)', () => {
    const { limiter, advance } = setup();
    const limits = { ...none, tpmLimit: 250 };
    const worstCase = { tokens: 1000, usd: 0 };
    for (let index = 0; index < 2; index++) {
      const reservation = admitted(limiter.admit({ keyId: 'k', limits, worstCase }));
      limiter.settle(reservation, { ...used, tokens: 100 });
      advance(1000);
    }
    const third = admitted(limiter.admit({ keyId: 'k', limits, worstCase }));
    expect(third.headers!['x-ratelimit-remaining-tokens']).toBe('50');
    limiter.settle(third, { ...used, tokens: 100 });
    const refused = limiter.admit({ keyId: 'k', limits, worstCase });
    expect(refused.admitted).toBe(false);
    if (refused.admitted) return;
    expect(refused.refusal.type).toBe('tokens');
    // 300 settled; below 250 once the first 100 (settled 2 s ago) leaves: 58 s from now.
    expect(refused.refusal.headers['retry-after-ms']).toBe('58000');
    expect(refused.refusal.headers['x-ratelimit-remaining-tokens']).toBe('0');
    advance(58_000);
    expect(limiter.admit({ keyId: 'k', limits, worstCase }).admitted).toBe(true);
  });

  it('caps requests in flight and frees a slot at settlement', () => {
    const { limiter } = setup();
    const limits = { ...none, maxParallelRequests: 2 };
    const a = admitted(limiter.admit({ keyId: 'k', limits }));
    admitted(limiter.admit({ keyId: 'k', limits }));
    const refused = limiter.admit({ keyId: 'k', limits });
    expect(refused.admitted || refused.refusal.type).toBe('requests');
    limiter.settle(a, used);
    limiter.settle(a, used); // a second settle is a no-op: it frees nothing more
    admitted(limiter.admit({ keyId: 'k', limits }));
    expect(limiter.admit({ keyId: 'k', limits }).admitted).toBe(false);
  });

  it('reserves the worst case, settles the real cost, and never lets reservations exceed the budget', () => {
    const { limiter } = setup();
    const limits = { ...none, maxBudgetUsd: 0.01 };
    const worstCase = { tokens: 100, usd: 0.004 };
    const a = admitted(limiter.admit({ keyId: 'k', limits, worstCase }));
    const b = admitted(limiter.admit({ keyId: 'k', limits, worstCase }));
    expect(a.reservedNanoUsd).toBe(4_000_000);
    const third = limiter.admit({ keyId: 'k', limits, worstCase });
    expect(third.admitted).toBe(false);
    if (third.admitted) return;
    expect(third.refusal).toMatchObject({ type: 'insufficient_quota', code: 'insufficient_quota' });
    expect(third.refusal.message).toContain('$0.004');
    expect(third.refusal.message).toContain('max_tokens');
    // Held only by requests in flight: the SDK may retry.
    expect(third.refusal.headers['x-should-retry']).toBeUndefined();
    expect(limiter.settle(a, { costUsd: 0.001, tokens: 10, upstreamMayHaveBilled: true })).toEqual({
      chargedNanoUsd: 1_000_000,
      budgetPeriod: 0,
    });
    // A cut stream with no usage is charged its reservation.
    expect(limiter.settle(b, { ...used, upstreamMayHaveBilled: true }).chargedNanoUsd).toBe(4_000_000);
    expect(limiter.spendOf('k').spendUsd).toBeCloseTo(0.005, 12);
    const big = limiter.admit({ keyId: 'k', limits, worstCase: { tokens: 1, usd: 0.006 } });
    expect(big.admitted).toBe(false);
    if (big.admitted) return;
    expect(big.refusal.headers['x-should-retry']).toBe('false');
  });

  it('settles an excess the vendor reports, then refuses until the budget is raised', () => {
    const { limiter } = setup();
    const worstCase = { tokens: 100, usd: 0.001 };
    const reservation = admitted(
      limiter.admit({ keyId: 'k', limits: { ...none, maxBudgetUsd: 0.002 }, worstCase }),
    );
    limiter.settle(reservation, { costUsd: 0.003, tokens: 10, upstreamMayHaveBilled: true });
    const refused = limiter.admit({ keyId: 'k', limits: { ...none, maxBudgetUsd: 0.002 }, worstCase });
    expect(refused.admitted || refused.refusal.message).toMatch(/is spent/);
    expect(limiter.admit({ keyId: 'k', limits: { ...none, maxBudgetUsd: 1 }, worstCase }).admitted).toBe(
      true,
    );
  });

  it('refuses unpriced models under a budget unless configured, naming the model', () => {
    const strict = setup().limiter.admit({
      keyId: 'k',
      limits: { ...none, maxBudgetUsd: 1 },
      worstCase: { tokens: 1, usd: null },
      model: 'mystery-model',
    });
    expect(strict.admitted || strict.refusal.message).toContain("'mystery-model'");
    const lenient = setup([], true).limiter;
    const reservation = admitted(
      lenient.admit({
        keyId: 'k',
        limits: { ...none, maxBudgetUsd: 1 },
        worstCase: { tokens: 1, usd: null },
      }),
    );
    expect(reservation.reservedNanoUsd).toBe(0);
  });

  it('starts a new period at budget_reset_at, moving it by whole durations', () => {
    const { limiter, advance, writes, now } = setup();
    limiter.setBudgetDuration('k', '15s', now());
    const limits = { ...none, maxBudgetUsd: 0.001, budgetDuration: '15s' };
    const reservation = admitted(limiter.admit({ keyId: 'k', limits, worstCase: { tokens: 1, usd: 0.001 } }));
    expect(limiter.settle(reservation, { ...used, costUsd: 0.001 })).toEqual({
      chargedNanoUsd: 1_000_000,
      budgetPeriod: 0,
    });
    expect(limiter.admit({ keyId: 'k', limits, worstCase: { tokens: 1, usd: 0.001 } }).admitted).toBe(false);
    advance(31_000); // two whole periods and a bit
    expect(limiter.spendOf('k')).toEqual({ spendUsd: 0, budgetResetAt: now() + 14_000 });
    expect(writes.at(-1)).toEqual(['startPeriod', 'k', 1, now() + 14_000]);
    expect(limiter.admit({ keyId: 'k', limits, worstCase: { tokens: 1, usd: 0.001 } }).admitted).toBe(true);
  });

  it('loads spend and periods from the store', () => {
    const { limiter } = setup([
      {
        keyId: 'k',
        period: 3,
        spendNanoUsd: 2_500_000_000,
        resetAt: 2_000_000,
        budgetDuration: '1h',
        createdAt: 0,
      },
    ]);
    expect(limiter.spendOf('k')).toEqual({ spendUsd: 2.5, budgetResetAt: 2_000_000 });
  });
});

describe('formatUsd', () => {
  it.each([
    [0, '$0'],
    [25_000_000_000, '$25.00'],
    [1_500_000_000, '$1.50'],
    [123_000, '$0.000123'],
    [1, '$0.000000001'],
  ])('%d nano-USD → %s', (nano, text) => {
    expect(formatUsd(nano)).toBe(text);
  });
});
