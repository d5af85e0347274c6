import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openSqlite, type SqliteDatabase, type SqliteDriverName } from './sqlite.js';

export type { SqliteDatabase, SqliteDriverName } from './sqlite.js';

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
  // Per-key limits and budgets. A key's spend per budget period lives in key_spend; a settled request's charge
  // rides on its usage row and the trigger adds it in the row's own transaction, so the usage journal's
  // replay (INSERT OR IGNORE) counts it exactly once (see limits/spend-store.ts). Existing keys start with
  // their lifetime spend so far.
  `ALTER TABLE api_keys ADD COLUMN rpm_limit INTEGER;
   ALTER TABLE api_keys ADD COLUMN tpm_limit INTEGER;
   ALTER TABLE api_keys ADD COLUMN max_parallel_requests INTEGER;
   ALTER TABLE api_keys ADD COLUMN max_budget REAL;
   ALTER TABLE api_keys ADD COLUMN budget_duration TEXT;
   ALTER TABLE usage ADD COLUMN spend_nano_usd INTEGER;
   ALTER TABLE usage ADD COLUMN budget_period INTEGER;
   CREATE TABLE key_spend (
     key_id TEXT PRIMARY KEY,
     period INTEGER NOT NULL DEFAULT 0,
     spend_nano_usd INTEGER NOT NULL DEFAULT 0,
     reset_at INTEGER
   );
   INSERT INTO key_spend (key_id, spend_nano_usd)
     SELECT id, COALESCE((SELECT CAST(ROUND(SUM(cost_usd) * 1000000000) AS INTEGER)
                            FROM usage WHERE usage.key_id = api_keys.id), 0)
       FROM api_keys;
   CREATE TRIGGER usage_settles_spend AFTER INSERT ON usage
     WHEN NEW.spend_nano_usd > 0
   BEGIN
     UPDATE key_spend SET spend_nano_usd = spend_nano_usd + NEW.spend_nano_usd
      WHERE key_id = NEW.key_id AND period = NEW.budget_period;
   END;`,
];

/**
 * Opens (and migrates) the embedded store, `<dataDir>/llmux.db`. WAL with synchronous=NORMAL: a commit costs no
 * fsync; what a process kill could lose is covered by the usage journal (see usage/usage-store.ts).
 */
export function openDatabase(dataDir: string, driver?: SqliteDriverName): SqliteDatabase {
  mkdirSync(dataDir, { recursive: true });
  const database = openSqlite(join(dataDir, 'llmux.db'), driver);
  const version = Number(database.pragma('user_version'));
  for (let index = version; index < MIGRATIONS.length; index++) {
    database.transaction(() => {
      database.exec(MIGRATIONS[index]!);
      database.exec(`PRAGMA user_version = ${index + 1}`);
    });
  }
  return database;
}
