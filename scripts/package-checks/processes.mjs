// Child processes for scripts/test-packages.mjs: every one it starts is remembered, so that an error,
// Ctrl-C or a timeout never leaves a gateway or an npm install running behind it.
import { spawn } from 'node:child_process';

const running = new Set();

/**
 * Runs a command to its end and collects its output (never through a shell).
 * @returns {Promise<{ code: number | null, signal: string | null, stdout: string, stderr: string, ms: number }>}
 */
export function run(command, args, { cwd, env = process.env, timeoutMs = 600_000 } = {}) {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    running.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text) => {
      stdout += text;
    });
    child.stderr.setEncoding('utf8').on('data', (text) => {
      stderr += text;
    });
    const timer = setTimeout(() => {
      stderr += `\n(killed after ${timeoutMs} ms)`;
      killGroup(child, 'SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      running.delete(child);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** Starts a long-running command in its own process group; stop it with `stop`. */
export function start(command, args, { cwd, env = process.env } = {}) {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  running.add(child);
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (text) => {
    output += text;
  });
  child.stderr.setEncoding('utf8').on('data', (text) => {
    output += text;
  });
  const exited = new Promise((resolve) => {
    child.on('close', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
    child.on('error', (error) => {
      running.delete(child);
      resolve({ code: null, signal: null, error });
    });
  });
  return {
    child,
    exited,
    output: () => output,
    /**
     * SIGTERM to the whole group (npx does not forward signals to the node it starts), SIGKILL after
     * `graceMs`. Resolves once every process holding the output pipes is gone; `forced` says whether
     * SIGKILL was needed.
     */
    async stop(graceMs = 10_000) {
      killGroup(child, 'SIGTERM');
      let forced = false;
      const timer = setTimeout(() => {
        forced = true;
        killGroup(child, 'SIGKILL');
      }, graceMs);
      const result = await exited;
      clearTimeout(timer);
      return { ...result, forced };
    },
  };
}

// `detached` makes each child the leader of its own process group: a negative pid reaches the
// grandchildren too (npx → sh → node), and only the processes this script started.
function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Kills whatever is still running; called on exit, error and signals. */
export function killAll() {
  for (const child of running) killGroup(child, 'SIGKILL');
  running.clear();
}
