import { closeSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { SqliteDatabase } from '../storage/database.js';
import type { SqliteValue } from '../storage/sqlite.js';
import { USAGE_COLUMNS, type UsageRow } from './usage-row.js';

export interface UsageStoreOptions {
  batchSize?: number;
  flushIntervalMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Durable, cheap usage recording (see PERFORMANCE.md). Each row is appended to an NDJSON journal with one
 * `writeSync` (the kernel keeps it if the process is killed right after), then inserted into SQLite in
 * batches of `batchSize` rows or every `flushIntervalMs`. After each commit the journal is truncated; at
 * start-up whatever it still holds is replayed (INSERT OR IGNORE on the request id, so a crash between
 * commit and truncate does not count a request twice).
 */
export class UsageStore {
  private readonly journalFd: number;
  private pending: UsageRow[] = [];
  /** Rows recorded in this event-loop turn, written to the journal together at its end. */
  private journalText = '';
  /** What waits for those rows to be in the journal (the responses' last bytes). */
  private waiters: Array<() => void> = [];
  private journalScheduled = false;
  private readonly insert: (rows: UsageRow[]) => void;
  private readonly timer: NodeJS.Timeout;
  private readonly batchSize: number;
  private readonly onError: (error: unknown) => void;
  private closed = false;

  constructor(
    readonly database: SqliteDatabase,
    dataDir: string,
    options: UsageStoreOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 100;
    this.onError = options.onError ?? (() => {});
    const statement = database.prepare(
      `INSERT OR IGNORE INTO usage (${USAGE_COLUMNS.join(', ')}) VALUES (${USAGE_COLUMNS.map(() => '?').join(', ')})`,
    );
    const values: SqliteValue[] = new Array(USAGE_COLUMNS.length);
    this.insert = (rows: UsageRow[]) =>
      database.transaction(() => {
        for (const row of rows) {
          for (let index = 0; index < USAGE_COLUMNS.length; index++)
            values[index] = row[USAGE_COLUMNS[index]!];
          statement.run(...values);
        }
      });
    const journalPath = join(dataDir, 'usage.journal');
    this.replay(journalPath);
    this.journalFd = openSync(journalPath, 'a', 0o600);
    this.timer = setInterval(() => this.flush(), options.flushIntervalMs ?? 1000);
    this.timer.unref();
  }

  /** Rows replayed from the journal at start-up (a previous process died before committing them). */
  replayed = 0;

  private replay(journalPath: string): void {
    let text: string;
    try {
      text = readFileSync(journalPath, 'utf8');
    } catch {
      return;
    }
    const rows: UsageRow[] = [];
    for (const line of text.split('\n')) {
      if (line === '') continue;
      try {
        rows.push(normalizeRow(JSON.parse(line) as Partial<UsageRow>));
      } catch {
        // A torn last line from a kill mid-write: the request it describes never completed its append.
      }
    }
    if (rows.length > 0) this.insert(rows);
    this.replayed = rows.length;
    const fd = openSync(journalPath, 'r+');
    try {
      ftruncateSync(fd, 0);
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Queues a row. Rows recorded in the same event-loop turn go to the journal in one `writeSync` at the turn's
   * end (one syscall for all the requests that finished together, which under load is many); `then` runs
   * right after that write, so a response ended from it never outruns its record.
   */
  record(row: UsageRow, then?: () => void): void {
    if (this.closed) {
      then?.();
      return;
    }
    this.journalText += `${JSON.stringify(row)}\n`;
    this.pending.push(row);
    if (then !== undefined) this.waiters.push(then);
    if (!this.journalScheduled) {
      this.journalScheduled = true;
      setImmediate(this.writeJournal);
    }
  }

  private readonly writeJournal = (): void => {
    this.journalScheduled = false;
    if (this.journalText !== '') {
      const text = this.journalText;
      this.journalText = '';
      try {
        writeSync(this.journalFd, text);
      } catch (error) {
        this.onError(error);
      }
    }
    if (this.pending.length >= this.batchSize) this.flush();
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) {
      try {
        waiter();
      } catch (error) {
        this.onError(error);
      }
    }
  };

  /** Commits the pending rows and trims the journal. Synchronous: no row can slip in between. */
  flush(): void {
    if (this.pending.length === 0) return;
    const rows = this.pending;
    this.pending = [];
    try {
      this.insert(rows);
      // Rows of this turn not yet journaled are committed now: they need no journal line any more.
      this.journalText = '';
      ftruncateSync(this.journalFd, 0);
    } catch (error) {
      // Keep the journal: the next start-up replays it.
      this.onError(error);
    }
  }

  close(): void {
    if (this.closed) return;
    clearInterval(this.timer);
    this.writeJournal();
    this.flush();
    this.closed = true;
    closeSync(this.journalFd);
  }
}

function normalizeRow(raw: Partial<UsageRow>): UsageRow {
  if (typeof raw.request_id !== 'string' || typeof raw.ts !== 'number') throw new Error('not a usage row');
  const row = {} as Record<string, unknown>;
  for (const column of USAGE_COLUMNS) row[column] = raw[column] ?? null;
  row.stream = raw.stream ?? 0;
  row.status = raw.status ?? 0;
  row.unpriced = raw.unpriced ?? 0;
  row.latency_ms = raw.latency_ms ?? 0;
  row.attempts = raw.attempts ?? 0;
  return row as unknown as UsageRow;
}

export interface UsageQuery {
  since?: number;
  until?: number;
  keyId?: string;
}

export interface UsageTotals {
  requests: number;
  errors: number;
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number;
  reasoning_tokens: number;
  /** Sum over priced requests; `unpriced_requests` counts the ones it leaves out. */
  cost_usd: number;
  unpriced_requests: number;
}

const TOTALS_SQL = `COUNT(*) AS requests,
  SUM(CASE WHEN status >= 400 THEN 1 ELSE 0 END) AS errors,
  COALESCE(SUM(prompt_tokens), 0) AS prompt_tokens,
  COALESCE(SUM(completion_tokens), 0) AS completion_tokens,
  COALESCE(SUM(cached_tokens), 0) AS cached_tokens,
  COALESCE(SUM(reasoning_tokens), 0) AS reasoning_tokens,
  COALESCE(SUM(cost_usd), 0) AS cost_usd,
  SUM(CASE WHEN unpriced = 1 THEN 1 ELSE 0 END) AS unpriced_requests`;

/** Totals and a per-model breakdown over [since, until), optionally for one key. */
export function queryUsage(
  database: SqliteDatabase,
  query: UsageQuery,
): { totals: UsageTotals; models: Array<UsageTotals & { model: string | null }> } {
  const clauses: string[] = [];
  const parameters: SqliteValue[] = [];
  if (query.since !== undefined) {
    clauses.push('ts >= ?');
    parameters.push(query.since);
  }
  if (query.until !== undefined) {
    clauses.push('ts < ?');
    parameters.push(query.until);
  }
  if (query.keyId !== undefined) {
    clauses.push('key_id = ?');
    parameters.push(query.keyId);
  }
  const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
  const totals = database
    .prepare(`SELECT ${TOTALS_SQL} FROM usage ${where}`)
    .get(...parameters) as unknown as UsageTotals;
  const models = database
    .prepare(`SELECT model, ${TOTALS_SQL} FROM usage ${where} GROUP BY model ORDER BY requests DESC, model`)
    .all(...parameters) as unknown as Array<UsageTotals & { model: string | null }>;
  const fix = <T extends UsageTotals>(row: T): T => ({
    ...row,
    errors: row.errors ?? 0,
    unpriced_requests: row.unpriced_requests ?? 0,
    cost_usd: Math.round(row.cost_usd * 1e9) / 1e9,
  });
  return { totals: fix(totals), models: models.map(fix) };
}
