import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { KeyStore } from '../auth/keys.js';
import { queryUsage, UsageStore } from '../usage/usage-store.js';
import { openDatabase } from './database.js';
import {
  availableSqliteDrivers,
  DataDirectoryInUseError,
  openSqlite,
  type SqliteDriverName,
} from './sqlite.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test', 'fixtures');
const directories: string[] = [];
const newDirectory = () => {
  const directory = mkdtempSync(join(tmpdir(), 'llmux-sqlite-'));
  directories.push(directory);
  return directory;
};
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** A pid that no process holds: one of a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

it('offers node:sqlite exactly where this Node has it, and the wasm build everywhere', () => {
  const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
  const hasNodeSqlite = major > 23 || (major === 23 && minor >= 4) || (major === 22 && minor >= 13);
  expect(availableSqliteDrivers()).toEqual(hasNodeSqlite ? ['node', 'wasm'] : ['wasm']);
});

describe.each(availableSqliteDrivers())('the %s driver', (driver: SqliteDriverName) => {
  it('runs, reads back and keeps rows across a reopen, binding undefined as NULL', () => {
    const path = join(newDirectory(), 'test.db');
    const database = openSqlite(path, driver);
    expect(database.driver).toBe(driver);
    database.exec('CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER, x REAL, note TEXT)');
    database.prepare('INSERT INTO t VALUES (?, ?, ?, ?)').run('a', 1, 0.5, undefined);
    database.prepare('INSERT INTO t VALUES (?, ?, ?, ?)').run('b', 2 ** 40, -1.25, 'two');
    expect({ ...database.prepare('SELECT * FROM t WHERE id = ?').get('a') }).toEqual({
      id: 'a',
      n: 1,
      x: 0.5,
      note: null,
    });
    expect(database.prepare('SELECT * FROM t WHERE id = ?').get('missing')).toBeUndefined();
    database.close();

    const reopened = openSqlite(path, driver);
    expect(
      reopened
        .prepare('SELECT id, n FROM t ORDER BY id')
        .all()
        .map((row) => ({ ...row })),
    ).toEqual([
      { id: 'a', n: 1 },
      { id: 'b', n: 2 ** 40 },
    ]);
    expect(reopened.pragma('journal_mode')).toBe('wal');
    reopened.close();
  });

  it('commits a transaction whole, and rolls it back whole when it throws', () => {
    const database = openSqlite(join(newDirectory(), 'test.db'), driver);
    database.exec('CREATE TABLE t (n INTEGER PRIMARY KEY)');
    const insert = database.prepare('INSERT INTO t VALUES (?)');
    database.transaction(() => {
      insert.run(1);
      insert.run(2);
    });
    expect(() =>
      database.transaction(() => {
        insert.run(3);
        insert.run(1); // a duplicate key: the whole transaction goes
      }),
    ).toThrow();
    expect(database.prepare('SELECT COUNT(*) AS c FROM t').get()?.c).toBe(2);
    database.close();
  });

  it('migrates a new data directory and opens it again at the same version', () => {
    const dataDir = newDirectory();
    openDatabase(dataDir, driver).close();
    const database = openDatabase(dataDir, driver);
    expect(database.pragma('user_version')).toBe(2);
    expect(
      database.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all(),
    ).toEqual([
      expect.objectContaining({ name: 'api_keys' }),
      expect.objectContaining({ name: 'key_spend' }),
      expect.objectContaining({ name: 'usage' }),
    ]);
    database.close();
  });

  it('opens a data directory that the better-sqlite3 version left behind when it was SIGKILLed', () => {
    // test/fixtures/legacy-data-dir: written by llmux before this driver change (better-sqlite3 12, WAL), killed
    // with SIGKILL after three requests: the rows live only in the WAL, and one more row only in the journal.
    const dataDir = newDirectory();
    cpSync(join(fixtures, 'legacy-data-dir'), dataDir, { recursive: true });
    const legacyKey = JSON.parse(readFileSync(join(fixtures, 'legacy-data-dir.key.json'), 'utf8')) as {
      id: string;
      key: string;
    };
    const database = openDatabase(dataDir, driver);
    const keys = new KeyStore(database, 'legacy-master-key-0123456789');
    expect(keys.authenticate(legacyKey.key)?.keyId).toBe(legacyKey.id);
    expect(keys.list().map((key) => key.name)).toEqual(['legacy-bot']);

    const usage = new UsageStore(database, dataDir);
    expect(usage.replayed).toBe(1);
    const { totals } = queryUsage(database, { keyId: legacyKey.id });
    expect(totals.requests).toBe(4);
    expect(totals.prompt_tokens).toBe(64);
    // Migration 2 gave the key its lifetime spend: the three rows stored before it (the journal's fourth
    // row was replayed after it, carrying no charge).
    const spend = database.prepare('SELECT spend_nano_usd FROM key_spend WHERE key_id = ?').get(legacyKey.id);
    expect(Number(spend?.spend_nano_usd)).toBeGreaterThan(0);
    usage.close();
    database.close();
  });
});

describe.runIf(availableSqliteDrivers().includes('wasm'))('the wasm driver’s lock', () => {
  it('takes over a lock left by a process that is gone', () => {
    const path = join(newDirectory(), 'test.db');
    openSqlite(path, 'wasm').close();
    // What a SIGKILL leaves: the VFS's lock directory and the owner file naming the dead process.
    mkdirSync(`${path}.lock`);
    writeFileSync(`${path}.lock-owner`, String(deadPid()));
    const database = openSqlite(path, 'wasm');
    expect(readFileSync(`${path}.lock-owner`, 'utf8')).toBe(String(process.pid));
    database.close();
    expect(existsSync(`${path}.lock`)).toBe(false);
    expect(existsSync(`${path}.lock-owner`)).toBe(false);
  });

  it('refuses a database that a live process holds, naming it', () => {
    const path = join(newDirectory(), 'test.db');
    mkdirSync(`${path}.lock`);
    writeFileSync(`${path}.lock-owner`, String(process.ppid));
    expect(() => openSqlite(path, 'wasm')).toThrow(DataDirectoryInUseError);
    expect(() => openSqlite(path, 'wasm')).toThrow(`in use by another llmux process (pid ${process.ppid})`);
  });
});
