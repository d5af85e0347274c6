// Starts the gateway the way a user who installed @llmux/gateway would (`npx llmux-gateway`, no
// configuration, no vendor key) and checks that it answers GET /health, keeps its data under ./data in
// the working directory and stops cleanly on SIGTERM.
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { start } from './processes.mjs';

/** A port the OS has just handed out and taken back: free unless something grabs it in between. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The environment without anything that would configure the gateway: it must start on its defaults. */
export function defaultsOnlyEnv(env, port) {
  const clean = {};
  for (const [key, value] of Object.entries(env)) {
    if (/^(LLMUX_|DATABASE_URL$|PORT$|HOST$)/.test(key) || /_(API_KEY|BASE_URL)$/.test(key)) continue;
    clean[key] = value;
  }
  return { ...clean, PORT: String(port) };
}

/** Start-up output can hold a freshly generated master key: never print it. */
export function redactKeys(text) {
  return text.replace(/(Generated a master key[^\n]*\n\s*\n\s*)\S+/g, '$1[redacted]');
}

/**
 * @returns {Promise<string[]>} what went wrong, empty on success; `notes` receives what was observed
 */
export async function smokeTestGatewayBin({ cwd, bin, timeoutMs = 60_000, notes = [] }) {
  const port = await freePort();
  const started = Date.now();
  const gateway = start('npx', ['--no', bin], { cwd, env: defaultsOnlyEnv(process.env, port) });
  const problems = [];
  try {
    const health = await waitForHealth(`http://127.0.0.1:${port}/health`, gateway, started + timeoutMs);
    if (health.status !== 200) {
      problems.push(`GET /health: ${health.error ?? `status ${health.status}`}`);
      return problems;
    }
    notes.push(`GET /health 200 after ${Date.now() - started} ms: ${JSON.stringify(health.body)}`);
    if (health.body?.simulated !== true) problems.push('not in simulate mode without a vendor key');
    if (!existsSync(join(cwd, 'data'))) problems.push('no ./data directory in the working directory');
  } finally {
    const exit = await gateway.stop();
    // The exit status is npx's (killed by the same SIGTERM); the gateway's own shutdown shows in its output.
    if (problems.length === 0) {
      if (exit.forced) problems.push('still running 10 s after SIGTERM (killed)');
      else if (!/shutting down/.test(gateway.output()) || /error during shutdown/.test(gateway.output())) {
        problems.push('no clean shutdown after SIGTERM');
      } else notes.push('stopped cleanly on SIGTERM');
    }
    if (problems.length > 0) problems.push(`output:\n${redactKeys(gateway.output()).trimEnd()}`);
  }
  return problems;
}

async function waitForHealth(url, gateway, deadline) {
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    if (gateway.child.exitCode !== null)
      return { status: 0, error: `exited with code ${gateway.child.exitCode}` };
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      const body = await response.json().catch(() => undefined);
      if (response.status === 200) return { status: 200, body };
      lastError = `status ${response.status}`;
    } catch (error) {
      lastError = error.cause?.code ?? error.message;
    }
    await sleep(200);
  }
  return { status: 0, error: `no 200 within the time limit (last: ${lastError})` };
}
