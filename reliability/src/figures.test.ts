import { describe, expect, it } from 'vitest';
import { failedScenario, figure, median, passes } from './figures.js';
import { formatReport, formatValue } from './report.js';

describe('figures', () => {
  it('holds each value to its threshold', () => {
    expect(passes(figure('s', 'abort', 12, '<', 100, 'ms'))).toBe(true);
    expect(passes(figure('s', 'abort', 100, '<', 100, 'ms'))).toBe(false);
    expect(passes(figure('s', 'lost rows', 0, '=', 0))).toBe(true);
    expect(passes(figure('s', 'lost rows', 1, '=', 0))).toBe(false);
    expect(passes(figure('s', 'fd growth', 5, '<=', 5))).toBe(true);
    expect(passes(figure('s', 'scanned', 0, '>=', 1))).toBe(false);
  });

  it('fails a figure that could not be measured', () => {
    expect(passes(figure('s', 'abort', Number.NaN, '<', 100, 'ms'))).toBe(false);
    const failed = failedScenario('soak', new Error('gateway did not start\nstack'));
    expect(passes(failed)).toBe(false);
    expect(failed.detail).toBe('gateway did not start');
  });

  it('takes the median of odd and even counts', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('prints a table with the value, the threshold and the verdict', () => {
    const report = formatReport([
      figure('client abort', 'upstream closed (median)', 3.25, '<', 100, 'ms', '20 streams'),
      figure('soak', 'RSS growth', 12, '<', 10, '%'),
    ]);
    const lines = report.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toMatch(/client abort .*\| 3\.3 ms .*\| < 100 ms .*\| PASS .*\| 20 streams/);
    expect(lines[3]).toMatch(/\| 12% .*\| < 10% .*\| FAIL/);
    expect(formatValue(Number.NaN, 'ms')).toBe('n/a');
  });
});
