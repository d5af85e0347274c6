export { type AdapterLookup, createAdapterRegistry } from './adapters.js';
export { ConfigError, DEFAULT_MAX_BODY_BYTES, type GatewayConfig, loadConfig } from './config.js';
export { createGateway, type Gateway, type GatewayOptions, startGateway } from './gateway.js';
export {
  availableSqliteDrivers,
  openSqlite,
  type SqliteDatabase,
  type SqliteDriverName,
  type SqliteStatement,
} from './storage/sqlite.js';
