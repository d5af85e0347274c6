// The cost of recording usage, in isolation: the gateway's own UsageStore (journal append with one writeSync,
// then a SQLite transaction per 100 rows), driven through the public `createGateway` (storage opened in a temp
// directory, nothing listening). Prints JSON: CPU µs per row, wall µs per row, and the longest single
// `record()` calls that commit a batch (they block the event loop that long).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGateway, loadConfig } from '@llmux/gateway';

export interface UsageCostResult {
  rows: number;
  cpuMicrosPerRow: number;
  wallMicrosPerRow: number;
  /** The median record() that only appends to the journal. */
  appendMicrosP50: number;
  /** The median record() that also commits a batch of 100 (it blocks the event loop that long). */
  commitMicrosP50: number;
}

const rows = Number(process.argv[2] ?? 20_000);
const dataDir = mkdtempSync(join(tmpdir(), 'llmux-bench-usage-'));
const gateway = await createGateway(
  loadConfig({
    LLMUX_DATA_DIR: dataDir,
    LLMUX_MASTER_KEY: 'llmux-bench-master-key-0123456789',
    OPENAI_API_KEY: 'sk-bench',
    LLMUX_LOG_LEVEL: 'silent',
  }),
  { logDestination: { write: () => {} }, announce: () => {} },
);

function makeRow(index: number) {
  return {
    request_id: `bench-${process.pid}-${index}`,
    ts: Date.now(),
    key_id: 'key_bench',
    model: 'gpt-4o-mini',
    vendor: 'openai',
    provider: 'openai',
    deployment: 'openai:gpt-4o-mini#0',
    upstream_model: 'gpt-4o-mini',
    stream: (index % 2) as 0 | 1,
    status: 200,
    error_type: null,
    prompt_tokens: 380,
    completion_tokens: 47,
    cached_tokens: 0,
    reasoning_tokens: null,
    cost_usd: 0.0000852,
    unpriced: 0 as const,
    latency_ms: 3,
    ttft_ms: 1,
    attempts: 1,
  };
}

// Warm the JIT and the prepared statement first.
for (let index = 0; index < 2_000; index++) gateway.usage.record(makeRow(-index - 1));
gateway.usage.flush();

const prepared = Array.from({ length: rows }, (_, index) => makeRow(index));
const durations = new Float64Array(rows);
const cpuBefore = process.cpuUsage();
const wallBefore = process.hrtime.bigint();
for (let index = 0; index < rows; index++) {
  const started = process.hrtime.bigint();
  gateway.usage.record(prepared[index] as (typeof prepared)[number]);
  durations[index] = Number(process.hrtime.bigint() - started) / 1e3;
}
const wall = Number(process.hrtime.bigint() - wallBefore) / 1e3;
const cpu = process.cpuUsage(cpuBefore);
const sorted = [...durations].sort((a, b) => a - b);
// The warm-up flushed, so every 100th call commits a batch.
const commits = [...durations].filter((_, index) => (index + 1) % 100 === 0).sort((a, b) => a - b);
const result: UsageCostResult = {
  rows,
  cpuMicrosPerRow: (cpu.user + cpu.system) / rows,
  wallMicrosPerRow: wall / rows,
  appendMicrosP50: sorted[Math.floor(rows / 2)] ?? Number.NaN,
  commitMicrosP50: commits[Math.floor(commits.length / 2)] ?? Number.NaN,
};
await gateway.close({ timeoutMs: 0 });
rmSync(dataDir, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
