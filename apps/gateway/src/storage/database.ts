import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export type SqliteDatabase = Database.Database;

const MIGRATIONS = [
  `CREATE TABLE api_keys (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     key_hash TEXT NOT NULL UNIQUE,
     key_hint TEXT NOT NULL,
     models TEXT NOT NULL,
     expires_at INTEGER,
     created_at INTEGER NOT NULL,
     revoked_at INTEGER
   );
   CREATE TABLE usage (
     request_id TEXT PRIMARY KEY,
     ts INTEGER NOT NULL,
     key_id TEXT,
     model TEXT,
     vendor TEXT,
     provider TEXT,
     deployment TEXT,
     upstream_model TEXT,
     stream INTEGER NOT NULL,
     status INTEGER NOT NULL,
     error_type TEXT,
     prompt_tokens INTEGER,
     completion_tokens INTEGER,
     cached_tokens INTEGER,
     reasoning_tokens INTEGER,
     cost_usd REAL,
     unpriced INTEGER NOT NULL DEFAULT 0,
     latency_ms INTEGER NOT NULL,
     ttft_ms INTEGER,
     attempts INTEGER NOT NULL
   );
   CREATE INDEX usage_ts ON usage (ts);
   CREATE INDEX usage_key_ts ON usage (key_id, ts);`,
];

/**
 * Opens (and migrates) the embedded store. WAL with synchronous=NORMAL: a commit costs no fsync; what a
 * process kill could lose is covered by the usage journal (see usage/journal.ts).
 */
export function openDatabase(dataDir: string): SqliteDatabase {
  mkdirSync(dataDir, { recursive: true });
  const database = new Database(join(dataDir, 'llmux.db'));
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  const version = database.pragma('user_version', { simple: true }) as number;
  for (let index = version; index < MIGRATIONS.length; index++) {
    database.transaction(() => {
      database.exec(MIGRATIONS[index]!);
      database.pragma(`user_version = ${index + 1}`);
    })();
  }
  return database;
}
