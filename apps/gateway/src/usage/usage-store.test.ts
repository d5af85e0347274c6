import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../storage/database.js';
import { computeCost, sumUsage } from './cost.js';
import type { UsageRow } from './usage-row.js';
import { queryUsage, UsageStore } from './usage-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'llmux-usage-'));
  dirs.push(dir);
  return dir;
}

function row(id: string, overrides: Partial<UsageRow> = {}): UsageRow {
  return {
    request_id: id,
    ts: 1_700_000_000_000,
    key_id: 'key_a',
    model: 'gpt-4o',
    vendor: 'openai',
    provider: 'openai',
    deployment: 'openai:gpt-4o',
    upstream_model: 'gpt-4o',
    stream: 0,
    status: 200,
    error_type: null,
    prompt_tokens: 10,
    completion_tokens: 5,
    cached_tokens: 0,
    reasoning_tokens: 0,
    cost_usd: 0.001,
    unpriced: 0,
    latency_ms: 12,
    ttft_ms: null,
    attempts: 1,
    spend_nano_usd: null,
    budget_period: null,
    ...overrides,
  };
}

describe('UsageStore', () => {
  it('journals the rows of a turn together before their waiters run, commits in batches, trims the journal', async () => {
    const dir = tempDir();
    const database = openDatabase(dir);
    const store = new UsageStore(database, dir, { batchSize: 3, flushIntervalMs: 60_000 });
    const journalLines = () => readFileSync(join(dir, 'usage.journal'), 'utf8').split('\n').filter(Boolean);
    const seen: number[] = [];
    store.record(row('a'), () => seen.push(journalLines().length));
    store.record(row('b'), () => seen.push(journalLines().length));
    expect(seen).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    // Both waiters ran after one write that holds both rows.
    expect(seen).toEqual([2, 2]);
    expect(queryUsage(database, {}).totals.requests).toBe(0);
    store.record(row('c'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(queryUsage(database, {}).totals.requests).toBe(3);
    expect(readFileSync(join(dir, 'usage.journal'), 'utf8')).toBe('');
    store.close();
    database.close();
  });

  it('replays a journal left by a killed process, ignoring a torn last line and rows already stored', () => {
    const dir = tempDir();
    const database = openDatabase(dir);
    const first = new UsageStore(database, dir, { flushIntervalMs: 60_000 });
    first.record(row('committed'));
    first.flush();
    // A kill between the commit and the trim leaves 'committed' in the journal too.
    writeFileSync(
      join(dir, 'usage.journal'),
      `${JSON.stringify(row('committed'))}\n${JSON.stringify(row('lost', { unpriced: 1, cost_usd: null }))}\n{"request_id":"torn`,
    );
    const second = new UsageStore(database, dir, { flushIntervalMs: 60_000 });
    expect(second.replayed).toBe(2);
    const result = queryUsage(database, {});
    expect(result.totals).toMatchObject({ requests: 2, unpriced_requests: 1, cost_usd: 0.001 });
    expect(readFileSync(join(dir, 'usage.journal'), 'utf8')).toBe('');
    second.close();
    first.close();
    database.close();
  });

  it('filters by time and key and breaks totals down by model', () => {
    const dir = tempDir();
    const database = openDatabase(dir);
    const store = new UsageStore(database, dir);
    store.record(row('1', { ts: 1000 }));
    store.record(row('2', { ts: 2000, model: 'claude', status: 529, error_type: 'api_error' }));
    store.record(row('3', { ts: 3000, key_id: 'key_b' }));
    store.flush();
    expect(queryUsage(database, { since: 1500 }).totals.requests).toBe(2);
    expect(queryUsage(database, { until: 2000 }).totals.requests).toBe(1);
    const forKey = queryUsage(database, { keyId: 'key_a' });
    expect(forKey.totals).toMatchObject({ requests: 2, errors: 1 });
    expect(forKey.models.map((model) => model.model).sort()).toEqual(['claude', 'gpt-4o']);
    store.close();
    database.close();
  });
});

describe('computeCost', () => {
  it('bills cached input at the cached price and reasoning as output', () => {
    const cost = computeCost(
      { input: 2, output: 8, cachedInput: 0.5 },
      { prompt: 1_000_000, completion: 100_000, cached: 400_000, cacheWrite: 0, reasoning: 50_000 },
    );
    expect(cost).toBeCloseTo(0.6 * 2 + 0.4 * 0.5 + 0.1 * 8, 9);
  });
  it('bills cached tokens at the input price when there is no discount, and switches to long-context prices', () => {
    expect(
      computeCost(
        { input: 1, output: 1 },
        { prompt: 10, completion: 0, cached: 10, cacheWrite: 0, reasoning: 0 },
      ),
    ).toBe(0.00001);
    const long = { input: 1, output: 2, tiers: [{ aboveInputTokens: 100, input: 10, output: 20 }] };
    expect(
      computeCost(long, { prompt: 101, completion: 1, cached: 0, cacheWrite: 0, reasoning: 0 }),
    ).toBeCloseTo((101 * 10 + 20) / 1e6, 12);
  });
  it('bills reported cache writes at the cache-write price', () => {
    expect(
      computeCost(
        { input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 },
        { prompt: 1000, completion: 0, cached: 200, cacheWrite: 500, reasoning: 0 },
      ),
    ).toBeCloseTo((300 * 3 + 200 * 0.3 + 500 * 3.75) / 1e6, 12);
  });
  it('bills thinking output at reasoningOutput, in the tier the prompt falls in', () => {
    const qwen = {
      input: 1,
      output: 4,
      reasoningOutput: 10,
      tiers: [{ aboveInputTokens: 1000, input: 2, output: 8, reasoningOutput: 20 }],
    };
    const small = { prompt: 500, completion: 100, cached: 0, cacheWrite: 0, reasoning: 0 };
    expect(computeCost(qwen, small)).toBeCloseTo((500 * 1 + 100 * 4) / 1e6, 12);
    expect(computeCost(qwen, { ...small, reasoning: 50 })).toBeCloseTo((500 * 1 + 100 * 10) / 1e6, 12);
    expect(computeCost(qwen, { ...small, prompt: 2000, reasoning: 50 })).toBeCloseTo(
      (2000 * 2 + 100 * 20) / 1e6,
      12,
    );
  });
  it('is null, never 0, for an unpriced model', () => {
    expect(
      computeCost(null, { prompt: 1, completion: 1, cached: 0, cacheWrite: 0, reasoning: 0 }),
    ).toBeNull();
  });
  it('sums usages of parallel calls', () => {
    const sum = sumUsage([
      {
        prompt_tokens: 1,
        completion_tokens: 2,
        total_tokens: 3,
        prompt_tokens_details: { cached_tokens: 1 },
      },
      undefined,
      { prompt_tokens: 1, completion_tokens: 4, total_tokens: 5 },
    ]);
    expect(sum).toMatchObject({ prompt_tokens: 2, completion_tokens: 6, total_tokens: 8 });
    expect(sum?.prompt_tokens_details?.cached_tokens).toBe(1);
    expect(sumUsage([undefined])).toBeUndefined();
  });
});
