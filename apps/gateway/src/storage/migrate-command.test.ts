import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrateCommand } from './migrate-command.js';
import { POSTGRES_MIGRATIONS } from './postgres-migrations.js';
import { createTestDatabase, type TestDatabase } from './postgres-test-database.js';

const MASTER = { LLMUX_MASTER_KEY: 'migrate-test-master-key-0123' };
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

async function run(env: Record<string, string | undefined>): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const code = await runMigrateCommand(env, (line) => lines.push(line));
  return { code, output: lines.join('\n') };
}

describe('llmux-gateway migrate', () => {
  it('migrates a fresh database, then reports it is current', async () => {
    const first = await run({ ...MASTER, DATABASE_URL: database.url });
    expect(first).toEqual({
      code: 0,
      output: `llmux migrate: migrated the schema from version 0 to ${POSTGRES_MIGRATIONS.length}`,
    });
    const second = await run({ ...MASTER, DATABASE_URL: database.url });
    expect(second).toEqual({
      code: 0,
      output: `llmux migrate: the schema is already at version ${POSTGRES_MIGRATIONS.length}`,
    });
  });

  it('needs DATABASE_URL', async () => {
    const result = await run(MASTER);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/DATABASE_URL is not set/);
  });

  it('exits 1 with the reason when PostgreSQL cannot be reached', async () => {
    const result = await run({ ...MASTER, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/llmux' });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/cannot reach PostgreSQL .*ECONNREFUSED/);
  });

  it('exits 1 on a configuration error (fleet mode without a master key)', async () => {
    const result = await run({ DATABASE_URL: database.url });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/LLMUX_MASTER_KEY/);
  });
});
