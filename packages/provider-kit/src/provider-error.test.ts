import { describe, expect, it, vi } from 'vitest';
import { isProviderError, ProviderError } from './provider-error.js';

describe('ProviderError identity', () => {
  it('is recognised across two loaded copies of the package, by isProviderError and instanceof alike', async () => {
    vi.resetModules();
    // A second evaluation of the module: another ProviderError class, as a second installed copy would have.
    const copy = (await import('./provider-error.js')) as typeof import('./provider-error.js');
    expect(copy.ProviderError).not.toBe(ProviderError);
    const fromCopy = new copy.ProviderError({
      status: 503,
      type: 'api_error',
      message: 'busy',
      retryable: true,
    });
    expect(isProviderError(fromCopy)).toBe(true);
    expect(fromCopy instanceof ProviderError).toBe(true);
    expect(
      copy.isProviderError(new ProviderError({ status: 400, type: 'invalid_request_error', message: 'x' })),
    ).toBe(true);
  });

  it('is not fooled by look-alikes', () => {
    const plain = new Error('no');
    const lookAlike = { status: 500, type: 'api_error', message: 'x', retryable: true };
    for (const value of [plain, lookAlike, null, undefined, 'ProviderError', 42]) {
      expect(isProviderError(value)).toBe(false);
      expect(value instanceof ProviderError).toBe(false);
    }
  });
});
