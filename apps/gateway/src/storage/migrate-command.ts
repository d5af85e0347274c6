import { ConfigError, loadConfig } from '../config.js';
import { openPostgres } from './postgres-connection.js';
import { migratePostgres } from './postgres-migrations.js';

/**
 * `llmux-gateway migrate`: brings DATABASE_URL's schema to this build's version and exits, for operators who
 * migrate before rolling replicas out (start-up migrates too, under the same advisory lock).
 * Returns the exit code; writes one line per outcome to `write`.
 */
export async function runMigrateCommand(
  env: Record<string, string | undefined>,
  write: (line: string) => void,
): Promise<number> {
  let databaseUrl: string | undefined;
  try {
    databaseUrl = loadConfig(env).databaseUrl;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    write(`llmux: invalid configuration:\n${error.message}`);
    return 1;
  }
  if (databaseUrl === undefined) {
    write('llmux migrate: DATABASE_URL is not set; the embedded SQLite store migrates itself at start-up');
    return 1;
  }
  try {
    const pool = await openPostgres(databaseUrl);
    try {
      const outcome = await migratePostgres(pool);
      write(
        outcome.from === outcome.to
          ? `llmux migrate: the schema is already at version ${outcome.to}`
          : `llmux migrate: migrated the schema from version ${outcome.from} to ${outcome.to}`,
      );
      return 0;
    } finally {
      await pool.end();
    }
  } catch (error) {
    write(`llmux migrate: ${(error as Error).message}`);
    return 1;
  }
}
