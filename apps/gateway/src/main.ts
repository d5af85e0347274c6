#!/usr/bin/env node
import { applyHeapGrowth } from './heap.js';
import { unsupportedNodeReason } from './node-version.js';

const unsupported = unsupportedNodeReason(process.version);
if (unsupported !== undefined) {
  process.stderr.write(`${unsupported}\n`);
  process.exit(1);
}

// Before the gateway's modules load and allocate (see heap.ts).
applyHeapGrowth(process.env);
if (process.argv[2] === 'migrate') {
  const { runMigrateCommand } = await import('./storage/migrate-command.js');
  const code = await runMigrateCommand(process.env, (line) => process.stderr.write(`${line}\n`));
  process.exit(code);
}
if (process.argv[2] !== undefined) {
  process.stderr.write(
    `llmux: unknown command '${process.argv[2]}'; the commands are: (none) to serve, migrate\n`,
  );
  process.exit(1);
}
const { ConfigError, loadConfig } = await import('./config.js');
const { startGateway } = await import('./gateway.js');

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const gateway = await startGateway(config);
  process.stderr.write(
    `llmux gateway listening on ${gateway.url}${gateway.simulated ? ' (simulate mode)' : ''}\n`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    gateway.logger.info({ signal }, 'shutting down: draining in-flight requests');
    gateway.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`llmux: error during shutdown: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // The last line of defence: one bad request must never take the process down.
  process.on('uncaughtException', (error) => gateway.logger.error({ err: error }, 'uncaught exception'));
  process.on('unhandledRejection', (error) => gateway.logger.error({ err: error }, 'unhandled rejection'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`llmux: invalid configuration:\n${error.message}\n`);
  } else {
    const code = (error as { code?: string }).code;
    process.stderr.write(
      `llmux: failed to start: ${(error as Error).message ?? String(error)}${code ? ` (${code})` : ''}\n`,
    );
  }
  process.exit(1);
});
