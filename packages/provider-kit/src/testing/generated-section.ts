import { readFileSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';

/** A Markdown table with its cell padding removed: the formatter aligns columns, the content is what counts. */
export function normalizeTable(table: string): string {
  return table
    .trim()
    .split('\n')
    .map((line) =>
      line
        .split('|')
        .map((cell) => cell.trim())
        .map((cell) => (/^-+$/.test(cell) ? '---' : cell))
        .join('|'),
    )
    .join('\n');
}

/**
 * Expects the text of `file` between the `start` and `end` markers to be `expected` (a generated table,
 * compared without cell padding). With `UPDATE_README=1` in the environment it rewrites the section
 * instead, so a README regenerates with the test that guards it.
 *
 * @example
 * expectGeneratedSection(new URL('../README.md', import.meta.url), '<!-- matrix:start -->', '<!-- matrix:end -->', table);
 */
export function expectGeneratedSection(file: URL, start: string, end: string, expected: string): void {
  const text = readFileSync(file, 'utf8');
  const from = text.indexOf(start);
  const to = text.indexOf(end, from);
  expect(from, `${file.pathname} has the marker ${start}`).toBeGreaterThan(-1);
  expect(to, `${file.pathname} has the marker ${end} after ${start}`).toBeGreaterThan(-1);
  const current = text.slice(from + start.length, to).trim();
  if (process.env.UPDATE_README === '1' && normalizeTable(current) !== normalizeTable(expected)) {
    writeFileSync(file, `${text.slice(0, from + start.length)}\n${expected.trim()}\n${text.slice(to)}`);
    return;
  }
  expect(normalizeTable(current)).toBe(normalizeTable(expected));
}
