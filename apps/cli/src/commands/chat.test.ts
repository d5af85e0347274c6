import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { combinePrompt, readTools } from './chat.js';

describe('combinePrompt', () => {
  it('puts the piped text first, a blank line, then the argument', () => {
    expect(combinePrompt('notes\n\n', 'summarise')).toBe('notes\n\nsummarise');
    expect(combinePrompt('', 'hello')).toBe('hello');
    expect(combinePrompt('  only piped\n', '')).toBe('  only piped');
    expect(combinePrompt(' \n', '  ')).toBe('');
  });
});

describe('readTools', () => {
  it('reads inline JSON or a file, wrapping bare function definitions', () => {
    const bare = { name: 'f', parameters: { type: 'object' } };
    expect(readTools(JSON.stringify(bare))).toEqual([{ type: 'function', function: bare }]);
    const full = [{ type: 'function', function: bare }];
    const file = join(mkdtempSync(join(tmpdir(), 'llmux-cli-')), 'tools.json');
    writeFileSync(file, JSON.stringify(full));
    expect(readTools(file)).toEqual(full);
  });
  it('refuses what is not a tool list', () => {
    expect(() => readTools('[1]')).toThrow(UsageError);
    expect(() => readTools('{"description":"no name"}')).toThrow(UsageError);
    expect(() => readTools('/no/such/file.json')).toThrow(/cannot read/);
    expect(() => readTools('[nope')).toThrow(/not JSON/);
  });
});
