import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** A value SQLite stores; `undefined` is bound as NULL. */
export type SqliteValue = string | number | bigint | null | undefined | Uint8Array;

export interface SqliteStatement {
  run(...parameters: SqliteValue[]): void;
  get(...parameters: SqliteValue[]): Record<string, unknown> | undefined;
  all(...parameters: SqliteValue[]): Array<Record<string, unknown>>;
}

/**
 * The little of SQLite the gateway uses, over one of two drivers: Node's built-in `node:sqlite` (Node >= 22.13)
 * or, where Node has none, SQLite compiled to WebAssembly (`node-sqlite3-wasm`). Neither needs a compiler or a
 * download at install, which a native addon does (see the root README, "Supported Node versions").
 * Parameters are positional only: both drivers bind those the same way.
 */
export interface SqliteDatabase {
  readonly driver: SqliteDriverName;
  exec(sql: string): void;
  /** A prepared statement, cached by its text (the wasm driver leaks one that is never finalized). */
  prepare(sql: string): SqliteStatement;
  /** `work` inside BEGIN … COMMIT, rolled back when it throws. */
  transaction<T>(work: () => T): T;
  /** The value of a pragma that returns one (`user_version`, `journal_mode`). */
  pragma(name: string): unknown;
  close(): void;
}

export type SqliteDriverName = 'node' | 'wasm';

export class DataDirectoryInUseError extends Error {
  constructor(
    readonly path: string,
    readonly pid: number,
  ) {
    super(
      `${path} is in use by another llmux process (pid ${pid}); stop it or choose another LLMUX_DATA_DIR`,
    );
    this.name = 'DataDirectoryInUseError';
  }
}

interface NodeSqliteModule {
  DatabaseSync: new (
    path: string,
  ) => {
    exec(sql: string): void;
    prepare(sql: string): {
      run(...values: unknown[]): unknown;
      get(...values: unknown[]): Record<string, unknown> | undefined;
      all(...values: unknown[]): Array<Record<string, unknown>>;
    };
    close(): void;
  };
}

interface WasmStatement {
  run(values?: unknown[]): unknown;
  all(values?: unknown[]): Array<Record<string, unknown>>;
  finalize(): void;
}

interface WasmModule {
  Database: new (
    path: string,
  ) => {
    exec(sql: string): void;
    prepare(sql: string): WasmStatement;
    close(): void;
  };
}

let nodeSqlite: NodeSqliteModule | null | undefined;

/**
 * `node:sqlite` when this Node has it unflagged, else null. Loading it prints an ExperimentalWarning on the
 * Node versions that still call it experimental; the gateway's users cannot act on that, so it is held back.
 */
export function loadNodeSqlite(): NodeSqliteModule | null {
  if (nodeSqlite !== undefined) return nodeSqlite;
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (/sqlite/i.test(text)) return;
    (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    nodeSqlite = (process.getBuiltinModule?.('node:sqlite') as NodeSqliteModule | undefined) ?? null;
  } catch {
    nodeSqlite = null;
  } finally {
    process.emitWarning = emitWarning;
  }
  return nodeSqlite;
}

/** The drivers this process can open, best first. */
export function availableSqliteDrivers(): SqliteDriverName[] {
  return loadNodeSqlite() === null ? ['wasm'] : ['node', 'wasm'];
}

/**
 * Opens a database file. `driver` defaults to `LLMUX_SQLITE_DRIVER` (read by the caller's config) or the best
 * available one. The file format is SQLite's own whichever driver writes it, so a data directory moves freely
 * between Node versions.
 */
export function openSqlite(
  path: string,
  driver: SqliteDriverName = availableSqliteDrivers()[0]!,
): SqliteDatabase {
  if (driver === 'node') {
    const sqlite = loadNodeSqlite();
    if (sqlite === null) {
      throw new Error(
        `the node:sqlite driver needs Node >= 22.13 (this is ${process.version}); use the wasm driver`,
      );
    }
    return openNodeSqlite(sqlite, path);
  }
  return openWasmSqlite(path);
}

function openNodeSqlite(sqlite: NodeSqliteModule, path: string): SqliteDatabase {
  const database = new sqlite.DatabaseSync(path);
  const statements = new Map<string, SqliteStatement>();
  const self: SqliteDatabase = {
    driver: 'node',
    exec: (sql) => database.exec(sql),
    prepare(sql) {
      let statement = statements.get(sql);
      if (statement === undefined) {
        const prepared = database.prepare(sql);
        statement = {
          run: (...parameters) => {
            prepared.run(...parameters.map(toNull));
          },
          get: (...parameters) => prepared.get(...parameters.map(toNull)),
          all: (...parameters) => prepared.all(...parameters.map(toNull)),
        };
        statements.set(sql, statement);
      }
      return statement;
    },
    transaction: (work) => runInTransaction(self, work),
    pragma: (name) => firstValue(database.prepare(`PRAGMA ${name}`).get()),
    close() {
      statements.clear();
      database.close();
    },
  };
  // WAL: a commit costs no fsync; what a kill could lose is covered by the usage journal.
  database.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;');
  return self;
}

/**
 * The wasm build has no shared memory between processes, so it holds the database in SQLite's exclusive locking
 * mode (the only way WAL works without it, https://www.sqlite.org/wal.html#noshm), and its VFS locks a file by
 * creating a `<file>.lock` directory. A process killed while holding it leaves that directory behind; the
 * owner file written beside it tells a stale lock (its process is gone) from a live one.
 */
function openWasmSqlite(path: string): SqliteDatabase {
  const lockDirectory = `${path}.lock`;
  const ownerFile = `${path}.lock-owner`;
  if (existsSync(lockDirectory)) {
    const owner = Number.parseInt(readFileOr(ownerFile, ''), 10);
    if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
      throw new DataDirectoryInUseError(path, owner);
    }
    rmSync(lockDirectory, { recursive: true, force: true });
  }
  const { Database } = createRequire(import.meta.url)('node-sqlite3-wasm') as WasmModule;
  const database = new Database(path);
  const statements = new Map<string, { wasm: WasmStatement; wrapper: SqliteStatement }>();
  const self: SqliteDatabase = {
    driver: 'wasm',
    exec: (sql) => database.exec(sql),
    prepare(sql) {
      let cached = statements.get(sql);
      if (cached === undefined) {
        const wasm = database.prepare(sql);
        cached = {
          wasm,
          wrapper: {
            run: (...parameters) => {
              wasm.run(parameters.map(toNull));
            },
            // `all`, not `get`: a statement stepped to its end holds no read snapshot open, which would keep
            // the WAL from being checkpointed until the statement is next used.
            get: (...parameters) => wasm.all(parameters.map(toNull))[0],
            all: (...parameters) => wasm.all(parameters.map(toNull)),
          },
        };
        statements.set(sql, cached);
      }
      return cached.wrapper;
    },
    transaction: (work) => runInTransaction(self, work),
    pragma: (name) => firstValue(self.prepare(`PRAGMA ${name}`).get()),
    close() {
      for (const { wasm } of statements.values()) {
        try {
          wasm.finalize();
        } catch {
          // finalize reports the statement's last error again (a constraint that failed long ago): nothing to do.
        }
      }
      statements.clear();
      database.close();
      rmSync(ownerFile, { force: true });
    },
  };
  database.exec('PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
  // The first read takes the exclusive lock (creates the lock directory); only then is the owner ours to write.
  self.pragma('user_version');
  writeFileSync(ownerFile, String(process.pid));
  return self;
}

function runInTransaction<T>(database: SqliteDatabase, work: () => T): T {
  database.exec('BEGIN');
  let result: T;
  try {
    result = work();
  } catch (error) {
    database.exec('ROLLBACK');
    throw error;
  }
  database.exec('COMMIT');
  return result;
}

function toNull(value: SqliteValue): Exclude<SqliteValue, undefined> {
  return value === undefined ? null : value;
}

function firstValue(row: Record<string, unknown> | undefined): unknown {
  if (row === undefined) return undefined;
  for (const key in row) return row[key];
  return undefined;
}

function readFileOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
