import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KeyStore } from '../auth/keys.js';
import { openDatabase } from '../storage/database.js';
import type { UsageRow } from '../usage/usage-row.js';
import { UsageStore } from '../usage/usage-store.js';
import { InProcessLimiter } from './in-process-limiter.js';
import { SqliteSpendStore } from './spend-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function charged(id: string, keyId: string, nanoUsd: number, period: number): UsageRow {
  return {
    request_id: id,
    ts: 1,
    key_id: keyId,
    model: 'gpt-4o-mini',
    vendor: 'openai',
    provider: 'openai',
    deployment: 'openai:gpt-4o-mini',
    upstream_model: 'gpt-4o-mini',
    stream: 0,
    status: 200,
    error_type: null,
    prompt_tokens: 1,
    completion_tokens: 1,
    cached_tokens: 0,
    reasoning_tokens: 0,
    cost_usd: nanoUsd / 1e9,
    unpriced: 0,
    latency_ms: 1,
    ttft_ms: null,
    attempts: 1,
    spend_nano_usd: nanoUsd,
    budget_period: period,
  };
}

function open() {
  const dir = mkdtempSync(join(tmpdir(), 'llmux-spend-'));
  dirs.push(dir);
  const database = openDatabase(dir);
  const keys = new KeyStore(database, 'master-key-0123456789abcdef');
  const key = keys.create({ name: 'k', models: ['*'], expiresAt: null, limits: { max_budget: 1 } });
  const spendOf = () =>
    (
      database.prepare('SELECT spend_nano_usd FROM key_spend WHERE key_id = ?').get(key.id) as {
        spend_nano_usd: number;
      }
    ).spend_nano_usd;
  return { dir, database, key, spendOf };
}

describe('spend in SQLite, carried by the usage rows', () => {
  it('adds each charge once: a journal replayed after a crash between commit and trim counts nothing twice', () => {
    const { dir, database, key, spendOf } = open();
    const limiter = new InProcessLimiter({ store: new SqliteSpendStore(database) });
    limiter.setBudgetDuration(key.id, null, 0);
    const usage = new UsageStore(database, dir);
    usage.record(charged('req_1', key.id, 1000, 0));
    usage.record(charged('req_2', key.id, 2000, 0));
    usage.flush();
    expect(spendOf()).toBe(3000);
    usage.close();
    // What a kill between the commit and the journal's trim leaves: rows already stored, still journaled; plus
    // one row only in the journal (its answer ended, the batch had not committed yet).
    writeFileSync(
      join(dir, 'usage.journal'),
      `${[charged('req_1', key.id, 1000, 0), charged('req_3', key.id, 4000, 0)].map((row) => JSON.stringify(row)).join('\n')}\n`,
    );
    const replaying = new UsageStore(database, dir);
    expect(replaying.replayed).toBe(2);
    expect(spendOf()).toBe(7000);
    replaying.close();
    const reloaded = new InProcessLimiter({ store: new SqliteSpendStore(database) });
    expect(reloaded.spendOf(key.id).spendUsd).toBe(7000 / 1e9);
    database.close();
  });

  it('does not add a charge of an ended period to the next one', () => {
    const { dir, database, key, spendOf } = open();
    let now = 0;
    const limiter = new InProcessLimiter({ store: new SqliteSpendStore(database), clock: () => now });
    limiter.setBudgetDuration(key.id, '1h', 0);
    now = 3_600_000; // the period ends; the next starts at 0
    expect(limiter.spendOf(key.id)).toEqual({ spendUsd: 0, budgetResetAt: 7_200_000 });
    const usage = new UsageStore(database, dir);
    usage.record(charged('req_old', key.id, 5000, 0)); // settled before the reset, committed after it
    usage.record(charged('req_new', key.id, 700, 1));
    usage.close();
    expect(spendOf()).toBe(700);
    database.close();
  });

  it('gives a key without a period (created right before a crash) one at load, running from its creation', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmux-spend-'));
    dirs.push(dir);
    const database = openDatabase(dir);
    const keys = new KeyStore(database, 'master-key-0123456789abcdef', () => 1000);
    const key = keys.create({ name: 'k', models: ['*'], expiresAt: null, limits: { budget_duration: '1d' } });
    const limiter = new InProcessLimiter({ store: new SqliteSpendStore(database), clock: () => 2000 });
    expect(limiter.spendOf(key.id)).toEqual({ spendUsd: 0, budgetResetAt: 1000 + 86_400_000 });
    expect(database.prepare('SELECT reset_at FROM key_spend WHERE key_id = ?').get(key.id)).toEqual({
      reset_at: 1000 + 86_400_000,
    });
    database.close();
  });
});
