import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectGeneratedSection, normalizeTable } from './generated-section.js';

const START = '<!-- table:start -->';
const END = '<!-- table:end -->';

function readmeWith(section: string): URL {
  const file = join(mkdtempSync(join(tmpdir(), 'llmux-section-')), 'README.md');
  writeFileSync(file, `# Title\n\n${START}\n${section}\n${END}\n\nAfter.\n`);
  return pathToFileURL(file);
}

describe('normalizeTable', () => {
  it('ignores cell padding and separator width, not content', () => {
    expect(normalizeTable('| a   | b |\n| --- | - |\n| 1   | 2 |')).toBe(
      normalizeTable('|a|b|\n|-|---|\n|1|2|'),
    );
    expect(normalizeTable('| a | b |')).not.toBe(normalizeTable('| a | c |'));
  });
});

describe('expectGeneratedSection', () => {
  it('passes when the section holds the table, padded or not', () => {
    expectGeneratedSection(readmeWith('| a   | b |\n| --- | - |'), START, END, '|a|b|\n|-|-|');
  });

  it('fails on a different table and on missing markers', () => {
    expect(() => expectGeneratedSection(readmeWith('| a | b |'), START, END, '| a | c |')).toThrow();
    expect(() => expectGeneratedSection(readmeWith('| a |'), '<!-- other -->', END, '| a |')).toThrow(
      /marker/,
    );
  });
});
