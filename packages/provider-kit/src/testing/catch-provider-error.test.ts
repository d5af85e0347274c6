import { describe, expect, it } from 'vitest';
import { invalidParameter } from '../provider-error.js';
import { catchProviderError, rejectionOf } from './catch-provider-error.js';

const refusal = invalidParameter('n', 'no');

describe('catchProviderError', () => {
  it('returns the ProviderError thrown', () => {
    expect(
      catchProviderError(() => {
        throw refusal;
      }),
    ).toBe(refusal);
  });

  it('rethrows any other error and fails when nothing is thrown', () => {
    expect(() =>
      catchProviderError(() => {
        throw new TypeError('bug');
      }),
    ).toThrow(TypeError);
    expect(() => catchProviderError(() => 1)).toThrow(/nothing was thrown/);
  });
});

describe('rejectionOf', () => {
  it('returns the ProviderError a promise rejects with, and fails otherwise', async () => {
    expect(await rejectionOf(Promise.reject(refusal))).toBe(refusal);
    await expect(rejectionOf(Promise.resolve(1))).rejects.toThrow(/resolved/);
    await expect(rejectionOf(Promise.reject(new TypeError('bug')))).rejects.toThrow(/got TypeError: bug/);
  });
});
