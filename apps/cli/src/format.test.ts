import { describe, expect, it } from 'vitest';
import {
  computeCost,
  createStyle,
  formatPricePerMillion,
  formatTable,
  formatTokenCount,
  formatUsageLine,
  formatUsd,
  parseSince,
} from './format.js';

describe('createStyle', () => {
  it('styles only a terminal, and never with NO_COLOR set', () => {
    expect(createStyle({ isTTY: true }, {}).dim('x')).toBe('\u001b[2mx\u001b[22m');
    expect(createStyle({ isTTY: true }, { NO_COLOR: '1' }).dim('x')).toBe('x');
    expect(createStyle({ isTTY: false }, {}).dim('x')).toBe('x');
    // no-color.org: an empty NO_COLOR does not count.
    expect(createStyle({ isTTY: true }, { NO_COLOR: '' }).enabled).toBe(true);
  });
});

describe('formatTable', () => {
  it('pads columns to the widest cell and right-aligns the numeric ones', () => {
    const table = formatTable(
      ['ID', 'N'],
      [
        ['a', '1'],
        ['long-id', '100'],
      ],
      new Set([1]),
    );
    expect(table).toBe(['ID         N', 'a          1', 'long-id  100'].join('\n'));
  });
});

describe('formatTokenCount', () => {
  it.each([
    [8192, '8k'],
    [128_000, '128k'],
    [131_072, '128k'],
    [200_000, '200k'],
    [1_000_000, '1M'],
    [1_048_576, '1M'],
    [2_000_000, '2M'],
    [400, '400'],
  ])('%i → %s', (tokens, text) => {
    expect(formatTokenCount(tokens)).toBe(text);
  });
});

describe('prices and costs', () => {
  it('formats prices per million and small costs readably', () => {
    expect(formatPricePerMillion(0.15)).toBe('$0.15');
    expect(formatPricePerMillion(15)).toBe('$15');
    expect(formatPricePerMillion(null)).toBe('—');
    expect(formatUsd(0)).toBe('$0');
    expect(formatUsd(1.234)).toBe('$1.23');
    expect(formatUsd(0.0123)).toBe('$0.0123');
    expect(formatUsd(0.000132)).toBe('$0.000132');
  });

  it('bills cached prompt tokens at the cached price, else at the input price', () => {
    const usage = {
      prompt_tokens: 1_000_000,
      completion_tokens: 100_000,
      total_tokens: 1_100_000,
      prompt_tokens_details: { cached_tokens: 400_000 },
    };
    expect(computeCost(usage, { input: 2, output: 10, cached_input: 0.5 })).toBeCloseTo(1.2 + 0.2 + 1);
    expect(computeCost(usage, { input: 2, output: 10, cached_input: null })).toBeCloseTo(2 + 1);
  });

  it('writes one usage line, saying when no price is known', () => {
    const usage = {
      prompt_tokens: 10,
      completion_tokens: 20,
      total_tokens: 30,
      completion_tokens_details: { reasoning_tokens: 5 },
    };
    expect(formatUsageLine('m', usage, { input: 1, output: 2, cached_input: null })).toBe(
      'm · 10 prompt + 20 completion tokens (5 reasoning) · $0.00005',
    );
    expect(formatUsageLine('m', usage, null)).toBe(
      'm · 10 prompt + 20 completion tokens (5 reasoning) · unpriced',
    );
    expect(formatUsageLine('m', usage, undefined)).toBe('m · 10 prompt + 20 completion tokens (5 reasoning)');
    expect(formatUsageLine('m', null, undefined)).toBe('m · no usage reported');
  });
});

describe('parseSince', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');
  it('reads durations, dates, date-times and Unix seconds', () => {
    expect(parseSince('24h', now)).toBe('2026-11-24T12:00:00.000Z');
    expect(parseSince('7d', now)).toBe('2026-11-18T12:00:00.000Z');
    expect(parseSince('30m', now)).toBe('2026-11-25T11:30:00.000Z');
    expect(parseSince('2026-11-01', now)).toBe('2026-11-01T00:00:00.000Z');
    expect(parseSince('2026-11-01T08:00:00+02:00', now)).toBe('2026-11-01T06:00:00.000Z');
    expect(parseSince('1795000000', now)).toBe(new Date(1_795_000_000_000).toISOString());
  });
  it('refuses anything else', () => {
    for (const text of ['yesterday', '24', '7 days', '2026-13-45', '']) {
      expect(parseSince(text, now)).toBeUndefined();
    }
  });
});
