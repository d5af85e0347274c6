import { describe, expect, it } from 'vitest';
import { createLineSplitter, SecretScanner } from './secret-scanner.js';

const KEY = 'sk-reliability-0123456789abcdefghijklmnop';

describe('SecretScanner', () => {
  it('finds a secret whole or by either end, and masks it in the report', () => {
    const scanner = new SecretScanner({ 'vendor key': KEY });
    scanner.scan('log', '{"msg":"request","status":200}');
    scanner.scan('log', `{"msg":"upstream said: bad key ${KEY}"}`);
    scanner.scan('response', `Incorrect API key provided: ${KEY.slice(0, 14)}****`);
    scanner.scan('response', `key ending in ${KEY.slice(-12)}`);
    expect(scanner.count('log')).toBe(2);
    expect(scanner.count('response')).toBe(2);
    expect(scanner.leaks.map((leak) => leak.secret)).toEqual([
      'vendor key',
      'vendor key (first 12 characters)',
      'vendor key (last 12 characters)',
    ]);
    for (const leak of scanner.leaks) expect(leak.excerpt).not.toContain(KEY.slice(0, 12));
  });

  it('refuses a secret too short to search by its pieces', () => {
    expect(() => new SecretScanner({ short: 'abc' })).toThrow(/too short/);
  });
});

describe('createLineSplitter', () => {
  it('joins a line split across chunks', () => {
    const lines: string[] = [];
    const splitter = createLineSplitter((line) => lines.push(line));
    splitter.push('{"a":1}\n{"b"');
    splitter.push(':2}\n\n{"c":3}');
    splitter.end();
    expect(lines).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });
});
