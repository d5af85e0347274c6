import type { Pool, PoolClient } from 'pg';

/**
 * The PostgreSQL schema, one entry per version; an entry never changes once released (add a new one instead).
 * It mirrors the embedded SQLite schema (storage/database.ts) with PostgreSQL types: times are epoch
 * milliseconds in BIGINT so both stores hand the same numbers to the code above them.
 */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  `CREATE TABLE api_keys (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     key_hash TEXT NOT NULL UNIQUE,
     key_hint TEXT NOT NULL,
     models TEXT NOT NULL,
     expires_at BIGINT,
     created_at BIGINT NOT NULL,
     revoked_at BIGINT,
     rpm_limit INTEGER,
     tpm_limit INTEGER,
     max_parallel_requests INTEGER,
     max_budget DOUBLE PRECISION,
     budget_duration TEXT
   );
   CREATE TABLE usage (
     request_id TEXT PRIMARY KEY,
     ts BIGINT NOT NULL,
     key_id TEXT,
     model TEXT,
     vendor TEXT,
     provider TEXT,
     deployment TEXT,
     upstream_model TEXT,
     stream BOOLEAN NOT NULL,
     status INTEGER NOT NULL,
     error_type TEXT,
     prompt_tokens BIGINT,
     completion_tokens BIGINT,
     cached_tokens BIGINT,
     reasoning_tokens BIGINT,
     cost_usd DOUBLE PRECISION,
     unpriced BOOLEAN NOT NULL DEFAULT false,
     latency_ms INTEGER NOT NULL,
     ttft_ms INTEGER,
     attempts INTEGER NOT NULL,
     spend_nano_usd BIGINT,
     budget_period BIGINT
   );
   CREATE INDEX usage_ts ON usage (ts);
   CREATE INDEX usage_key_ts ON usage (key_id, ts);
   CREATE TABLE key_spend (
     key_id TEXT PRIMARY KEY,
     period BIGINT NOT NULL DEFAULT 0,
     spend_nano_usd BIGINT NOT NULL DEFAULT 0,
     reserved_nano_usd BIGINT NOT NULL DEFAULT 0,
     reset_at BIGINT
   );
   -- A settled request's charge rides on its usage row, and this trigger adds it inside the row's own
   -- INSERT: a replay that hits ON CONFLICT (request_id) DO NOTHING inserts nothing, so fires nothing,
   -- and the charge counts exactly once (the same contract as the SQLite trigger).
   CREATE FUNCTION usage_settles_spend() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF NEW.spend_nano_usd > 0 THEN
       UPDATE key_spend SET spend_nano_usd = spend_nano_usd + NEW.spend_nano_usd
        WHERE key_id = NEW.key_id AND period = NEW.budget_period;
     END IF;
     RETURN NULL;
   END $$;
   CREATE TRIGGER usage_settles_spend AFTER INSERT ON usage
     FOR EACH ROW EXECUTE FUNCTION usage_settles_spend();`,
  // GET /admin/usage groups by key and by day; on millions of rows a scan is too slow, so a roll-up per
  // (UTC day, key, model) is kept by trigger in the insert's transaction (same once-only contract as above).
  `CREATE TABLE usage_daily (
     day DATE NOT NULL,
     key_id TEXT NOT NULL DEFAULT '',
     model TEXT NOT NULL DEFAULT '',
     requests BIGINT NOT NULL DEFAULT 0,
     errors BIGINT NOT NULL DEFAULT 0,
     prompt_tokens BIGINT NOT NULL DEFAULT 0,
     completion_tokens BIGINT NOT NULL DEFAULT 0,
     cost_usd DOUBLE PRECISION NOT NULL DEFAULT 0,
     PRIMARY KEY (day, key_id, model)
   );
   CREATE INDEX usage_daily_key_day ON usage_daily (key_id, day);
   CREATE FUNCTION usage_rolls_up_daily() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     INSERT INTO usage_daily AS d (day, key_id, model, requests, errors, prompt_tokens, completion_tokens, cost_usd)
     VALUES ((to_timestamp(NEW.ts / 1000.0) AT TIME ZONE 'UTC')::date, COALESCE(NEW.key_id, ''),
             COALESCE(NEW.model, ''), 1, CASE WHEN NEW.status >= 400 THEN 1 ELSE 0 END,
             COALESCE(NEW.prompt_tokens, 0), COALESCE(NEW.completion_tokens, 0), COALESCE(NEW.cost_usd, 0))
     ON CONFLICT (day, key_id, model) DO UPDATE SET
       requests = d.requests + 1,
       errors = d.errors + EXCLUDED.errors,
       prompt_tokens = d.prompt_tokens + EXCLUDED.prompt_tokens,
       completion_tokens = d.completion_tokens + EXCLUDED.completion_tokens,
       cost_usd = d.cost_usd + EXCLUDED.cost_usd;
     RETURN NULL;
   END $$;
   CREATE TRIGGER usage_rolls_up_daily AFTER INSERT ON usage
     FOR EACH ROW EXECUTE FUNCTION usage_rolls_up_daily();`,
];

/**
 * Any fixed 64-bit number shared by every llmux replica; it names the lock, so two replicas that start at
 * once on an empty database take turns instead of both creating the tables.
 */
export const MIGRATION_LOCK_ID = 0x6c6c6d7578n; // "llmux"

export interface MigrationOutcome {
  /** The schema version before this call. */
  from: number;
  /** The schema version now (POSTGRES_MIGRATIONS.length). */
  to: number;
}

/**
 * Brings the database to the newest schema. Each version applies in its own transaction together with its
 * row in schema_migrations, all under a session advisory lock: a replica that waited for the lock then reads
 * the version the first one left and has nothing to do.
 */
export async function migratePostgres(
  pool: Pool,
  migrations: readonly string[] = POSTGRES_MIGRATIONS,
): Promise<MigrationOutcome> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID.toString()]);
    try {
      await client.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
           version INTEGER PRIMARY KEY,
           applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
         )`,
      );
      const from = await currentVersion(client);
      if (from > migrations.length) {
        throw new Error(
          `the database schema is at version ${from}, newer than this gateway knows (${migrations.length}); upgrade the gateway`,
        );
      }
      for (let index = from; index < migrations.length; index++) {
        await client.query('BEGIN');
        try {
          await client.query(migrations[index]!);
          await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [index + 1]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      }
      return { from, to: migrations.length };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID.toString()]);
    }
  } finally {
    client.release();
  }
}

async function currentVersion(client: PoolClient): Promise<number> {
  const result = await client.query<{ version: number | null }>(
    'SELECT max(version) AS version FROM schema_migrations',
  );
  return result.rows[0]?.version ?? 0;
}
