import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { malformedUpstreamResponse, upstreamStreamCut } from './provider-error.js';
import { mapUpstreamStatus } from './upstream-errors.js';

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

describe('README error table', () => {
  // Rows of "## Upstream errors: one table": upstream statuses, then what the client gets.
  const section = readme.slice(readme.indexOf('## Upstream errors'), readme.indexOf('## Parameter policy'));
  const rows = section
    .split('\n')
    .filter((line) => /^\| \d/.test(line))
    .map((line) => line.split('|').map((cell) => cell.trim()));

  it('is what mapUpstreamStatus does, row by row', () => {
    expect(rows.length).toBeGreaterThan(8);
    for (const [, upstream = '', status, type, code, retryable, failover] of rows) {
      const quota = upstream.includes('quota');
      for (const example of upstream.match(/\b\d{3}\b/g) ?? []) {
        const mapped = mapUpstreamStatus(Number(example), quota ? { vendorCode: 'insufficient_quota' } : {});
        expect(
          [
            String(mapped.status),
            mapped.type,
            mapped.code ?? "vendor's",
            mapped.retryable ? 'yes' : 'no',
            mapped.failover ? 'yes' : 'no',
          ],
          `README row "${upstream}", upstream ${example}`,
        ).toEqual([status, type, code, retryable, failover]);
      }
    }
  });

  it('lists the failures without an upstream status as their constructors build them', () => {
    const constructors: Record<string, typeof upstreamStreamCut> = {
      malformedUpstreamResponse,
      upstreamStreamCut,
    };
    const failureRows = section
      .split('\n')
      .filter((line) => /^\| [a-z]/.test(line) && line.includes('`'))
      .map((line) => line.split('|').map((cell) => cell.trim()));
    expect(failureRows.map((row) => row[2]?.match(/`(\w+)\(/)?.[1])).toEqual(Object.keys(constructors));
    for (const [, , call = '', status, type, code, retryable, failover] of failureRows) {
      const error = constructors[call.match(/`(\w+)\(/)![1]!]!('Vendor', 'detail');
      expect(
        [
          String(error.status),
          error.type,
          error.code,
          error.retryable ? 'yes' : 'no',
          error.failover ? 'yes' : 'no',
        ],
        `README row for ${call}`,
      ).toEqual([status, type, code, retryable, failover]);
    }
  });
});
