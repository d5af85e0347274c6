import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface GatewayProcess {
  readonly url: string;
  readonly pid: number;
  readonly dataDir: string;
  /** Resolves when the process has exited, with its exit code or signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends `signal` and waits for the exit (SIGKILL after `timeoutMs`). */
  stop(
    signal?: NodeJS.Signals,
    timeoutMs?: number,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resident memory in bytes, from /proc (NaN once exited). */
  rssBytes(): number;
  /** Open file descriptors, from /proc (NaN once exited). */
  openFds(): number;
}

export interface SpawnOptions {
  mainPath: string;
  dataDir: string;
  env: Record<string, string>;
  /** Every line the gateway writes (stdout: JSON logs; stderr: notices). */
  onLine: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Every spawned child, so the suite can kill what a failed scenario left behind. */
  children: Set<ChildProcess>;
  startTimeoutMs?: number;
}

/** Spawns `node apps/gateway/dist/main.js` on a free loopback port and waits for its "listening" line. */
export function spawnGateway(options: SpawnOptions): Promise<GatewayProcess> {
  const child = spawn(process.execPath, [options.mainPath], {
    env: {
      PATH: process.env.PATH ?? '',
      // glibc's malloc arenas: passed through so a run can measure the gateway as deployed with it set.
      ...(process.env.MALLOC_ARENA_MAX === undefined
        ? {}
        : { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX }),
      PORT: '0',
      HOST: '127.0.0.1',
      LLMUX_DATA_DIR: options.dataDir,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  options.children.add(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      options.children.delete(child);
      resolve({ code, signal });
    }),
  );
  let alive = true;
  void exited.then(() => {
    alive = false;
  });
  let stderr = '';
  const lines = (stream: 'stdout' | 'stderr') => {
    let rest = '';
    return (data: Buffer) => {
      const parts = (rest + data.toString('utf8')).split('\n');
      rest = parts.pop()!;
      for (const line of parts) if (line !== '') options.onLine(line, stream);
    };
  };
  child.stdout!.on('data', lines('stdout'));
  const onStderrLine = lines('stderr');
  child.stderr!.on('data', (data: Buffer) => {
    stderr = (stderr + data.toString('utf8')).slice(-8192);
    onStderrLine(data);
  });

  const stop = async (signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15_000) => {
    if (alive) child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const exit = await exited;
    clearTimeout(timer);
    return exit;
  };
  const pid = child.pid ?? -1;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the gateway did not start within ${options.startTimeoutMs ?? 30_000} ms: ${stderr}`));
    }, options.startTimeoutMs ?? 30_000);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the gateway exited (${code ?? signal}) before listening: ${stderr.slice(-2000)}`));
    });
    child.stderr!.on('data', () => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (match === null) return;
      clearTimeout(timer);
      resolve({
        url: match[1]!,
        pid,
        dataDir: options.dataDir,
        exited,
        stop,
        rssBytes: () => (alive ? readRssBytes(pid) : Number.NaN),
        openFds: () => (alive ? readdirSync(`/proc/${pid}/fd`).length : Number.NaN),
      });
    });
  });
}

function readRssBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match === null ? Number.NaN : Number(match[1]) * 1024;
}
