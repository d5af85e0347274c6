import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Every public name must be findable in the package README, so a consumer never meets an undocumented export.
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const entry = readFileSync(new URL('./index.ts', import.meta.url), 'utf8');
const exportedNames = [...entry.matchAll(/export\s*(?:type\s*)?\{([^}]*)\}/g)].flatMap((match) =>
  match[1]!
    .split(',')
    .map((name) => name.replace(/^\s*type\s+/, '').trim())
    .filter((name) => name !== ''),
);

describe('README', () => {
  it('names every export of the package entry', () => {
    expect(exportedNames.length).toBeGreaterThan(10);
    expect(exportedNames.filter((name) => !new RegExp(`\\b${name}\\b`).test(readme))).toEqual([]);
  });
});
