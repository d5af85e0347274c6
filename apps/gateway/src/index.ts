export { type AdapterLookup, createAdapterRegistry } from './adapters.js';
export { ConfigError, DEFAULT_MAX_BODY_BYTES, type GatewayConfig, loadConfig } from './config.js';
export { createGateway, type Gateway, type GatewayOptions, startGateway } from './gateway.js';
export { InProcessLimiter, type InProcessLimiterOptions } from './limits/in-process-limiter.js';
export type {
  Admission,
  AdmissionInput,
  KeyLimits,
  KeySpend,
  Limiter,
  MaybePromise,
  Refusal,
  Reservation,
  Settlement,
  SettleOutcome,
} from './limits/limiter.js';
export { estimateWorstCase, type WorstCase, worstCaseInputOf } from './limits/worst-case-cost.js';
export {
  availableSqliteDrivers,
  openSqlite,
  type SqliteDatabase,
  type SqliteDriverName,
  type SqliteStatement,
} from './storage/sqlite.js';
