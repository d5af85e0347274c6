import { describe, expect, it } from 'vitest';
import { measureEditDistance, suggestClosest } from './suggest.js';

const IDS = [
  'gpt-4o',
  'gpt-4o-mini',
  'gpt-5-mini',
  'claude-sonnet-4-6',
  'claude-haiku-4-5',
  'gemini-2.5-flash',
];

describe('measureEditDistance', () => {
  it('counts insertions, deletions and substitutions, ignoring case', () => {
    expect(measureEditDistance('kitten', 'sitting')).toBe(3);
    expect(measureEditDistance('GPT-4o', 'gpt-4o')).toBe(0);
    expect(measureEditDistance('', 'abc')).toBe(3);
  });
});

describe('suggestClosest', () => {
  it('finds typos and partial names, closest first', () => {
    expect(suggestClosest('gpt-4o-mnii', IDS)[0]).toBe('gpt-4o-mini');
    expect(suggestClosest('sonnet', IDS)).toEqual(['claude-sonnet-4-6']);
    expect(suggestClosest('gemini-2.5-flsh', IDS)).toEqual(['gemini-2.5-flash']);
  });
  it('suggests nothing for a name nothing resembles', () => {
    expect(suggestClosest('llama-3-70b-instruct', IDS)).toEqual([]);
  });
});
