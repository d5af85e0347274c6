import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../storage/database.js';
import { compileModelGlobs, hashKey, isModelAllowed, KeyStore, resolveMasterKey } from './keys.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'llmux-keys-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('model globs', () => {
  it('matches * and ? case-insensitively, and nothing else', () => {
    const pattern = compileModelGlobs(['gpt-4o*', 'claude-?-x', 'deepseek.v3'])!;
    expect(pattern.test('gpt-4o')).toBe(true);
    expect(pattern.test('GPT-4o-mini')).toBe(true);
    expect(pattern.test('claude-3-x')).toBe(true);
    expect(pattern.test('claude-33-x')).toBe(false);
    // A dot is literal, not "any character".
    expect(pattern.test('deepseekxv3')).toBe(false);
    expect(compileModelGlobs(['*'])).toBeNull();
    expect(compileModelGlobs([])!.test('gpt-4o')).toBe(false);
  });
});

describe('KeyStore', () => {
  it('stores only hashes, authenticates, expires and revokes', () => {
    let now = 1_000_000;
    const database = openDatabase(tempDir());
    const store = new KeyStore(database, 'master-key-for-tests-123', () => now);
    const created = store.create({ name: 'a', models: ['gpt-*'], expiresAt: now + 1000 });
    expect(created.key.startsWith('llmux-sk-')).toBe(true);
    const rows = database.prepare('SELECT * FROM api_keys').all() as Array<Record<string, unknown>>;
    expect(JSON.stringify(rows)).not.toContain(created.key);
    expect(rows[0]!.key_hash).toBe(hashKey(created.key));

    const principal = store.authenticate(created.key)!;
    expect(principal.keyId).toBe(created.id);
    expect(isModelAllowed(principal, 'gpt-4o')).toBe(true);
    expect(isModelAllowed(principal, 'claude-x')).toBe(false);
    expect(store.authenticate('master-key-for-tests-123')?.isMaster).toBe(true);
    expect(store.authenticate('llmux-sk-nope')).toBeUndefined();

    now += 1000;
    expect(store.authenticate(created.key)).toBeUndefined();

    const second = store.create({ name: 'b', models: ['*'], expiresAt: null });
    // A new store over the same database (a restart) knows the key.
    expect(
      new KeyStore(database, 'master-key-for-tests-123', () => now).authenticate(second.key),
    ).toBeDefined();
    expect(store.revoke(second.id)).toBe(true);
    expect(store.authenticate(second.key)).toBeUndefined();
    expect(store.revoke(second.id)).toBe(false);
    expect(store.list().map((key) => key.id)).toEqual([created.id]);
    database.close();
  });
});

describe('resolveMasterKey', () => {
  it('generates a key once, stores it with mode 0600 and reuses it', () => {
    const dir = tempDir();
    const first = resolveMasterKey(undefined, dir);
    expect(first.generated).toBe(true);
    expect(statSync(first.path!).mode & 0o777).toBe(0o600);
    const second = resolveMasterKey(undefined, dir);
    expect(second).toMatchObject({ generated: false, key: first.key });
    expect(resolveMasterKey('configured-master-key', dir)).toMatchObject({
      key: 'configured-master-key',
      generated: false,
    });
  });
});
