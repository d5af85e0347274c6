// What the embedded store costs on each SQLite driver this Node can open: the usage row (the gateway's INSERT of
// 20 columns, committed 100 rows per transaction, as UsageStore does) and a key read by id (what revocation and
// the admin API do; authentication itself is a hash and a Map look-up, the same on every driver).
// Needs the gateway built (`pnpm --filter @llmux/gateway build`). Run: `node bench/sqlite-drivers.mjs`.
// Set BETTER_SQLITE3=/path/to/node_modules/better-sqlite3 to measure the driver used before, side by side.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { availableSqliteDrivers, openSqlite } from '@llmux/gateway';

const ROWS = Number(process.env.ROWS ?? 50_000);
const LOOKUPS = Number(process.env.LOOKUPS ?? 50_000);
const ROUNDS = 5;

const COLUMNS = [
  'request_id',
  'ts',
  'key_id',
  'model',
  'vendor',
  'provider',
  'deployment',
  'upstream_model',
  'stream',
  'status',
  'error_type',
  'prompt_tokens',
  'completion_tokens',
  'cached_tokens',
  'reasoning_tokens',
  'cost_usd',
  'unpriced',
  'latency_ms',
  'ttft_ms',
  'attempts',
];
const SCHEMA = `CREATE TABLE api_keys (id TEXT PRIMARY KEY, name TEXT NOT NULL, key_hash TEXT NOT NULL UNIQUE,
    key_hint TEXT NOT NULL, models TEXT NOT NULL, expires_at INTEGER, created_at INTEGER NOT NULL, revoked_at INTEGER);
  CREATE TABLE usage (request_id TEXT PRIMARY KEY, ts INTEGER NOT NULL, key_id TEXT, model TEXT, vendor TEXT,
    provider TEXT, deployment TEXT, upstream_model TEXT, stream INTEGER NOT NULL, status INTEGER NOT NULL,
    error_type TEXT, prompt_tokens INTEGER, completion_tokens INTEGER, cached_tokens INTEGER, reasoning_tokens INTEGER,
    cost_usd REAL, unpriced INTEGER NOT NULL DEFAULT 0, latency_ms INTEGER NOT NULL, ttft_ms INTEGER,
    attempts INTEGER NOT NULL);
  CREATE INDEX usage_ts ON usage (ts); CREATE INDEX usage_key_ts ON usage (key_id, ts);`;

const row = (index) => [
  `req_${index.toString(16).padStart(32, '0')}`,
  1796653573941 + index,
  'key_RWtWiO-dBBs5',
  'claude-sonnet-4-6',
  'anthropic',
  'anthropic',
  'anthropic:claude-sonnet-4-6',
  'claude-sonnet-4-6',
  index & 1,
  200,
  null,
  16,
  14,
  0,
  0,
  0.000258,
  0,
  51,
  null,
  1,
];

/** The gateway's wrapper (`openSqlite`) for its drivers; better-sqlite3 adapted to the same three calls. */
function open(driver, path) {
  if (driver !== 'better-sqlite3') return openSqlite(path, driver);
  const Database = createRequire(import.meta.url)(process.env.BETTER_SQLITE3);
  const database = new Database(path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  return {
    exec: (sql) => database.exec(sql),
    prepare: (sql) => {
      const statement = database.prepare(sql);
      return { run: (...values) => statement.run(values), get: (...values) => statement.get(values) };
    },
    transaction: (work) => database.transaction(work)(),
    close: () => database.close(),
  };
}

function measure(driver) {
  const directory = mkdtempSync(join(tmpdir(), 'llmux-sqlite-bench-'));
  try {
    const database = open(driver, join(directory, 'bench.db'));
    database.exec(SCHEMA);
    const insert = database.prepare(
      `INSERT OR IGNORE INTO usage (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`,
    );
    const insertKey = database.prepare('INSERT INTO api_keys VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    database.transaction(() => {
      for (let index = 0; index < 1000; index++) {
        insertKey.run(
          `key_${index}`,
          `k${index}`,
          `hash${index}`,
          'llmux-sk-ab…',
          '["*"]',
          null,
          index,
          null,
        );
      }
    });
    const selectKey = database.prepare('SELECT * FROM api_keys WHERE id = ? AND revoked_at IS NULL');
    const usageMicros = [];
    const lookupMicros = [];
    let next = 0;
    for (let round = 0; round < ROUNDS; round++) {
      let started = process.cpuUsage();
      for (let batch = 0; batch < ROWS / 100; batch++) {
        database.transaction(() => {
          for (let index = 0; index < 100; index++) insert.run(...row(next++));
        });
      }
      let used = process.cpuUsage(started);
      usageMicros.push((used.user + used.system) / ROWS);
      started = process.cpuUsage();
      for (let index = 0; index < LOOKUPS; index++) selectKey.get(`key_${index % 1000}`);
      used = process.cpuUsage(started);
      lookupMicros.push((used.user + used.system) / LOOKUPS);
    }
    database.close();
    return { usage: median(usageMicros), lookup: median(lookupMicros) };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const drivers = [...availableSqliteDrivers(), ...(process.env.BETTER_SQLITE3 ? ['better-sqlite3'] : [])];
console.log(
  `Node ${process.version}; ${ROWS} usage rows and ${LOOKUPS} key reads per round, median of ${ROUNDS}`,
);
const results = new Map(drivers.map((driver) => [driver, measure(driver)]));
const baseline = results.get('better-sqlite3');
console.log('| driver | usage row, µs CPU | key read by id, µs CPU |');
console.log('|---|---|---|');
for (const [driver, { usage, lookup }] of results) {
  const ratio = (value, base) =>
    baseline && driver !== 'better-sqlite3' ? ` (${(value / base).toFixed(2)}×)` : '';
  console.log(
    `| ${driver} | ${usage.toFixed(2)}${ratio(usage, baseline?.usage)} | ${lookup.toFixed(2)}${ratio(lookup, baseline?.lookup)} |`,
  );
}
