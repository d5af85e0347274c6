import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Every public name of both entries must be findable in the package README.
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

function exportedNames(entry: string): string[] {
  const text = readFileSync(new URL(entry, import.meta.url), 'utf8');
  return [...text.matchAll(/export\s*(?:type\s*)?\{([^}]*)\}/g)].flatMap((match) =>
    match[1]!
      .split(',')
      .map((name) => name.replace(/^\s*type\s+/, '').trim())
      .filter((name) => name !== ''),
  );
}

describe('README', () => {
  it.each(['./index.ts', './testing/index.ts'])('names every export of %s', (entry) => {
    const names = exportedNames(entry);
    expect(names.length).toBeGreaterThan(10);
    expect(names.filter((name) => !new RegExp(`\\b${name}\\b`).test(readme))).toEqual([]);
  });
});
