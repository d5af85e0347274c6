import { isProviderError, type ProviderError } from '../provider-error.js';

/**
 * The ProviderError `run` throws, for tests that check its fields. Anything else thrown is rethrown
 * (a TypeError is a bug, not an answer), and throwing nothing fails the test.
 *
 * @example expect(catchProviderError(() => adapter.toUpstream(request, target)).param).toBe('n');
 */
export function catchProviderError(run: () => unknown): ProviderError {
  try {
    run();
  } catch (error) {
    if (isProviderError(error)) return error;
    throw error;
  }
  throw new Error('expected a ProviderError, but nothing was thrown');
}

/** The ProviderError `promise` rejects with; it fails when the promise resolves or rejects with anything else. */
export async function rejectionOf(promise: Promise<unknown>): Promise<ProviderError> {
  const outcome = await promise.then(
    () => ({ resolved: true as const }),
    (reason: unknown) => ({ resolved: false as const, reason }),
  );
  if (outcome.resolved) throw new Error('expected a ProviderError, but the promise resolved');
  if (!isProviderError(outcome.reason))
    throw new Error(`expected a ProviderError, got ${String(outcome.reason)}`);
  return outcome.reason;
}
