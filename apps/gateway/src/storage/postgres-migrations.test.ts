import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from './postgres-connection.js';
import { migratePostgres, POSTGRES_MIGRATIONS } from './postgres-migrations.js';
import { createTestDatabase, type TestDatabase } from './postgres-test-database.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

describe('migratePostgres', () => {
  it('three replicas migrating a fresh database at once apply each version exactly once', async () => {
    const pools = await Promise.all([1, 2, 3].map(() => openPostgres(database.url, { max: 2 })));
    try {
      const outcomes = await Promise.all(pools.map((pool) => migratePostgres(pool)));
      // Exactly one migrator found the empty database; the others waited on the lock and found it done.
      const fromEmpty = outcomes.filter((outcome) => outcome.from === 0);
      expect(fromEmpty).toHaveLength(1);
      for (const outcome of outcomes) expect(outcome.to).toBe(POSTGRES_MIGRATIONS.length);
      const versions = await pools[0]!.query<{ version: number }>(
        'SELECT version FROM schema_migrations ORDER BY version',
      );
      expect(versions.rows.map((row) => row.version)).toEqual(
        POSTGRES_MIGRATIONS.map((_, index) => index + 1),
      );
      // Running again is a no-op.
      expect(await migratePostgres(pools[1]!)).toEqual({
        from: POSTGRES_MIGRATIONS.length,
        to: POSTGRES_MIGRATIONS.length,
      });
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it('a replayed usage row (ON CONFLICT DO NOTHING) adds its charge and roll-up once', async () => {
    const pool = await openPostgres(database.url);
    try {
      await migratePostgres(pool);
      await pool.query("INSERT INTO key_spend (key_id, period, spend_nano_usd) VALUES ('k1', 0, 100)");
      const insert = `INSERT INTO usage (request_id, ts, key_id, model, stream, status, prompt_tokens,
                        completion_tokens, cost_usd, latency_ms, attempts, spend_nano_usd, budget_period)
                      VALUES ($1, $2, 'k1', 'gpt-x', false, 200, 10, 5, 0.25, 12, 1, 250, 0)
                      ON CONFLICT (request_id) DO NOTHING`;
      const ts = Date.UTC(2026, 11, 7, 23, 59);
      await pool.query(insert, ['req-1', ts]);
      await pool.query(insert, ['req-1', ts]);
      await pool.query(insert, ['req-2', ts]);
      const spend = await pool.query("SELECT spend_nano_usd FROM key_spend WHERE key_id = 'k1'");
      expect(Number(spend.rows[0].spend_nano_usd)).toBe(600);
      const daily = await pool.query(
        "SELECT day::text AS day, requests, prompt_tokens, cost_usd FROM usage_daily WHERE key_id = 'k1'",
      );
      expect(daily.rows).toEqual([{ day: '2026-12-07', requests: '2', prompt_tokens: '20', cost_usd: 0.5 }]);
    } finally {
      await pool.end();
    }
  });

  it('refuses a database whose schema is newer than this gateway', async () => {
    const pool = await openPostgres(database.url);
    try {
      await expect(migratePostgres(pool, POSTGRES_MIGRATIONS.slice(0, 1))).rejects.toThrow(
        /newer than this gateway/,
      );
    } finally {
      await pool.end();
    }
  });
});

describe('openPostgres', () => {
  it('names a database that does not exist', async () => {
    const url = new URL(database.url);
    url.pathname = '/llmux_no_such_database_here';
    await expect(openPostgres(url.toString())).rejects.toThrow(
      /DATABASE_URL: the database in .* does not exist/,
    );
  });

  it('names an unreachable server', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    await expect(openPostgres('postgres://postgres@127.0.0.1:1/x')).rejects.toThrow(
      /DATABASE_URL: cannot reach PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:1\/x \(ECONNREFUSED\)/,
    );
  });

  it('names refused credentials without printing the password', async () => {
    // A role that trust auth cannot let in: it may not log in at all. Roles are cluster-wide, so the name is
    // this run's and the role goes when the test ends.
    const role = `${database.name}_nologin`;
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    await admin.query(`CREATE ROLE ${role} NOLOGIN`);
    try {
      const url = new URL(database.url);
      url.username = role;
      url.password = 's3cret-password';
      const failure = await openPostgres(url.toString()).then(
        () => undefined,
        (error: unknown) => error as Error,
      );
      expect(failure?.message).toMatch(/DATABASE_URL: PostgreSQL refused the credentials/);
      expect(failure?.message).not.toMatch(/s3cret-password/);
    } finally {
      await admin.query(`DROP ROLE ${role}`);
      await admin.end();
    }
  });
});
