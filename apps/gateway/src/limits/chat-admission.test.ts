import { describe, expect, it } from 'vitest';
import { createRequestState, type RequestState } from '../pipeline/request-state.js';
import { settleChatRequest } from './chat-admission.js';
import type { Limiter, SettleOutcome } from './limiter.js';

function recordingLimiter() {
  const outcomes: SettleOutcome[] = [];
  const limiter = {
    settle: (_reservation: unknown, outcome: SettleOutcome) => {
      outcomes.push(outcome);
      return { chargedNanoUsd: 0, budgetPeriod: 0 };
    },
  } as unknown as Limiter;
  return { limiter, outcomes };
}

function stateWith(overrides: Partial<RequestState>): RequestState {
  const state = createRequestState('req_1', 'POST', '/v1/chat/completions');
  state.reservation = { keyId: 'k', reservedNanoUsd: 10, reservedTokens: 5, headers: null };
  return Object.assign(state, overrides);
}

describe('settleChatRequest', () => {
  it.each([
    ['an answer without usage', { attempts: 1, status: 200 }, true],
    ['a stream cut after its first byte', { attempts: 1, status: 502, ttftMs: 5 }, true],
    ['a client gone mid-attempt', { attempts: 1, status: 499 }, true],
    ['a deadline mid-attempt', { attempts: 1, status: 504 }, true],
    ['an upstream refusal before any output', { attempts: 2, status: 502 }, false],
    ['a client gone before any attempt', { attempts: 0, status: 499 }, false],
    [
      'a failed emulated n',
      {
        attempts: 3,
        status: 502,
        warnings: [{ param: 'n', action: 'emulated' as const, message: 'n by parallel calls' }],
      },
      true,
    ],
  ])('%s', (_name, overrides, expected) => {
    const { limiter, outcomes } = recordingLimiter();
    settleChatRequest(limiter, stateWith(overrides), null, null);
    expect(outcomes[0]?.upstreamMayHaveBilled).toBe(expected);
  });

  it('settles once, with the usage tokens and cost', () => {
    const { limiter, outcomes } = recordingLimiter();
    const state = stateWith({ attempts: 1, status: 200 });
    const tokens = { prompt: 7, completion: 3, cached: 0, cacheWrite: 0, reasoning: 0 };
    expect(settleChatRequest(limiter, state, tokens, 0.5)).toEqual({ chargedNanoUsd: 0, budgetPeriod: 0 });
    expect(settleChatRequest(limiter, state, tokens, 0.5)).toBeUndefined();
    expect(outcomes).toEqual([{ costUsd: 0.5, tokens: 10, upstreamMayHaveBilled: true }]);
  });

  it('does nothing without a reservation (the master key)', () => {
    const { limiter, outcomes } = recordingLimiter();
    const state = createRequestState('req_2', 'POST', '/v1/chat/completions');
    expect(settleChatRequest(limiter, state, null, null)).toBeUndefined();
    expect(outcomes).toEqual([]);
  });
});
