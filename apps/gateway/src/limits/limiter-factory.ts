import type { GatewayConfig } from '../config.js';
import { InProcessLimiter } from './in-process-limiter.js';
import type { Limiter } from './limiter.js';
import type { SqliteSpendStore } from './spend-store.js';

/** The stores a limiter may lean on, opened by the gateway before it picks one. */
export interface LimiterStores {
  /** The embedded store's budget periods (present when keys live in SQLite). */
  sqliteSpend?: Pick<SqliteSpendStore, 'load' | 'setResetAt' | 'startPeriod'>;
}

export interface LimiterChoiceOptions {
  clock: () => number;
}

/**
 * The one place the gateway chooses how limits are kept, at start-up.
 *
 * - No REDIS_URL, no DATABASE_URL: every count is in this process (one gateway, exact).
 * - REDIS_URL set: the Redis limiter (brief F2 plugs its branch in here).
 * - DATABASE_URL without REDIS_URL: there is no shared place for rate windows or in-flight counts, and keeping
 *   them per process would multiply every limit by the number of replicas; so such keys are refused (see
 *   README, "Scaling out") and only budgets are enforced, in PostgreSQL.
 */
export function createLimiterFor(
  config: Pick<GatewayConfig, 'databaseUrl' | 'redisUrl' | 'keyDefaults'>,
  stores: LimiterStores,
  options: LimiterChoiceOptions,
): Limiter {
  if (config.redisUrl !== undefined) {
    throw new Error('REDIS_URL: the Redis limiter is not part of this build yet; unset REDIS_URL');
  }
  if (config.databaseUrl !== undefined) {
    throw new Error(
      'DATABASE_URL: the PostgreSQL budget limiter is not part of this build yet; unset DATABASE_URL',
    );
  }
  if (stores.sqliteSpend === undefined) throw new Error('the embedded limiter needs the SQLite spend store');
  return new InProcessLimiter({
    store: stores.sqliteSpend,
    clock: options.clock,
    allowUnpricedUnderBudget: config.keyDefaults.allowUnpricedUnderBudget,
  });
}
