import type { SqliteDatabase } from '../storage/database.js';

/** One key's budget period as stored. */
export interface StoredSpend {
  keyId: string;
  period: number;
  spendNanoUsd: number;
  /** Unix ms when the period ends; null = lifetime. */
  resetAt: number | null;
  budgetDuration: string | null;
  createdAt: number;
}

/**
 * Where the embedded limiter keeps each key's budget period (`key_spend`). Charges never go through here: a
 * settled request's charge rides on its usage row (`spend_nano_usd`, `budget_period`), and the `usage` table's
 * insert trigger adds it to `key_spend` in the same transaction. The usage journal already makes that row
 * durable before the answer's last byte and replays it after a kill with INSERT OR IGNORE, so a charge is
 * counted once: never lost, never twice. A row of an ended period no longer matches and adds nothing.
 */
export class SqliteSpendStore {
  constructor(private readonly database: SqliteDatabase) {}

  /** Every active key's period (a key without a row, from a crash between two writes, gets one). */
  load(): StoredSpend[] {
    this.database.exec(
      `INSERT OR IGNORE INTO key_spend (key_id) SELECT id FROM api_keys WHERE revoked_at IS NULL`,
    );
    const rows = this.database
      .prepare(
        `SELECT s.key_id, s.period, s.spend_nano_usd, s.reset_at, k.budget_duration, k.created_at
           FROM key_spend s JOIN api_keys k ON k.id = s.key_id
          WHERE k.revoked_at IS NULL`,
      )
      .all() as Array<{
      key_id: string;
      period: number;
      spend_nano_usd: number;
      reset_at: number | null;
      budget_duration: string | null;
      created_at: number;
    }>;
    return rows.map((row) => ({
      keyId: row.key_id,
      period: Number(row.period),
      spendNanoUsd: Number(row.spend_nano_usd),
      resetAt: row.reset_at === null ? null : Number(row.reset_at),
      budgetDuration: row.budget_duration,
      createdAt: Number(row.created_at),
    }));
  }

  /** The current period's end moves (a new key, or a PATCH of `budget_duration`); spend and period stay. */
  setResetAt(keyId: string, resetAt: number | null): void {
    this.database
      .prepare(
        `INSERT INTO key_spend (key_id, reset_at) VALUES (?, ?)
         ON CONFLICT (key_id) DO UPDATE SET reset_at = excluded.reset_at`,
      )
      .run(keyId, resetAt);
  }

  /** A period ended: the next starts at 0. */
  startPeriod(keyId: string, period: number, resetAt: number): void {
    this.database
      .prepare('UPDATE key_spend SET period = ?, spend_nano_usd = 0, reset_at = ? WHERE key_id = ?')
      .run(period, resetAt, keyId);
  }
}
