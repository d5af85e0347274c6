import pg from 'pg';

/** PostgreSQL named by DATABASE_URL could not be used at start-up; main.ts prints the message and exits 1. */
export class DatabaseUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUnavailableError';
  }
}

/** The URL without its password, for messages: secrets never reach a log line. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}

/** One sentence an operator can act on, from the error `pg` gave while connecting. */
export function describeConnectError(url: string, error: unknown): string {
  const where = redactDatabaseUrl(url);
  const code = (error as { code?: string }).code;
  const detail = (error as Error).message ?? String(error);
  switch (code) {
    case '28P01':
    case '28000':
      return `DATABASE_URL: PostgreSQL refused the credentials for ${where} (${detail}); check the user and password`;
    case '3D000':
      return `DATABASE_URL: the database in ${where} does not exist (${detail}); create it or fix the name`;
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
      return `DATABASE_URL: cannot reach PostgreSQL at ${where} (${code}); is it running and reachable from here?`;
    default:
      return `DATABASE_URL: cannot use PostgreSQL at ${where}: ${detail}${code ? ` (${code})` : ''}`;
  }
}

export interface OpenPostgresOptions {
  /** How long to wait for the first connection before refusing to start. */
  connectTimeoutMs?: number;
  max?: number;
}

/**
 * A pool on DATABASE_URL, proven usable by one round trip: a wrong URL must stop start-up with a clear
 * message, not surface later as a failed request.
 */
export async function openPostgres(url: string, options: OpenPostgresOptions = {}): Promise<pg.Pool> {
  const pool = new pg.Pool({
    connectionString: url,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    max: options.max ?? 10,
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => {});
    throw new DatabaseUnavailableError(describeConnectError(url, error));
  }
  return pool;
}
