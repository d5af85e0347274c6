import { describe, expect, it } from 'vitest';
import { formatAfterword, readGatewayNotes } from './answer.js';

describe('readGatewayNotes', () => {
  it('reads the x-llmux-warnings header, ignoring what is not a JSON array', () => {
    const header = JSON.stringify([
      { param: 'max_tokens', action: 'clamped', message: 'lowered to 64000.' },
      { param: '', action: 'dropped', message: 'no end-user field.' },
    ]);
    expect(readGatewayNotes(header)).toEqual(['max_tokens: lowered to 64000.', 'no end-user field.']);
    expect(readGatewayNotes(null)).toEqual([]);
    expect(readGatewayNotes('{"a":1}')).toEqual([]);
    expect(readGatewayNotes('not json')).toEqual([]);
  });
});

describe('formatAfterword', () => {
  it('puts the notes first, then the usage line, marked when simulated', () => {
    const usage = { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 };
    expect(formatAfterword('m', { usage, text: '', notes: ['x: y'], simulated: true }, undefined)).toBe(
      'note: x: y\nm · 1 prompt + 2 completion tokens · simulated',
    );
  });
});
