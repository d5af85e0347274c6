import fc from 'fast-check';
import { expect } from 'vitest';

/** Test support for the property tests of hand-written checks. Not exported from the package. */

/** Any JSON value a field could hold: the right type, null, missing, or a wrong type. */
export const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.string({ maxLength: 3 }),
  fc.integer({ min: -2, max: 3 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constant(2 ** 53),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
);

/**
 * The right kind of value or any other. `weight` > 1 makes the right kind likelier, so that whole valid
 * objects come out often enough to test a check's accepting side too.
 */
export const maybe = <T>(arbitrary: fc.Arbitrary<T>, weight = 1) =>
  fc.oneof({ arbitrary, weight }, { arbitrary: anyValue, weight: 1 });

/** An object with any subset of these fields. */
export const record = (shape: Record<string, fc.Arbitrary<unknown>>) =>
  fc.record(shape, { requiredKeys: [] }).map((value) => value as unknown);

/**
 * Asserts that `check` answers as the zod `schema` does on every generated value, and that at least
 * `minimumValid` of them were valid (a generator that never reaches the accepting side proves little).
 */
export function expectSameAnswers(
  values: fc.Arbitrary<unknown>,
  schema: { safeParse(value: unknown): { success: boolean } },
  check: (value: unknown) => boolean,
  options: { numRuns: number; minimumValid: number },
): void {
  let valid = 0;
  fc.assert(
    fc.property(values, (value) => {
      const expected = schema.safeParse(value).success;
      if (expected) valid++;
      expect(check(value)).toBe(expected);
    }),
    { numRuns: options.numRuns },
  );
  expect(valid).toBeGreaterThanOrEqual(options.minimumValid);
}
