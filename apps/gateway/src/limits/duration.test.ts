import { describe, expect, it } from 'vitest';
import { formatResetDuration, parseBudgetDuration } from './duration.js';

describe('parseBudgetDuration', () => {
  it.each([
    ['15s', 15_000],
    ['1m', 60_000],
    ['1h', 3_600_000],
    ['30d', 2_592_000_000],
    ['3650d', 315_360_000_000],
  ])('%s → %d ms', (text, expected) => {
    expect(parseBudgetDuration(text)).toBe(expected);
  });

  it.each(['', '0s', '01h', '1', 'h', '1w', '1.5h', '-1d', ' 1d', '1d ', '1D', '3651d'])(
    'refuses %j',
    (text) => {
      expect(parseBudgetDuration(text)).toBeUndefined();
    },
  );
});

describe('formatResetDuration', () => {
  it.each([
    [0, '0s'],
    [-5, '0s'],
    [6, '6ms'],
    [5.2, '6ms'],
    [999, '999ms'],
    [1000, '1s'],
    [1500, '1.5s'],
    [1234, '1.234s'],
    [62_000, '1m2s'],
    [360_000, '6m0s'],
    [3_600_000, '1h0m0s'],
    [3_723_400, '1h2m3.4s'],
  ])('%d ms → %s', (milliseconds, expected) => {
    expect(formatResetDuration(milliseconds)).toBe(expected);
  });
});
