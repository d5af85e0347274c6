// Child processes and what /proc says about them: each target runs alone in its process so its CPU time and
// peak RSS are its own.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export interface Server {
  readonly url: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** The last few KB the process wrote to stderr (and stdout, when piped), for error messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  args: string[];
  env: Record<string, string>;
  /** Matches the line that says the server is ready; group 1 is its URL unless `url` is given. */
  ready: RegExp;
  url?: string;
  /** Pipe stdout too (to look for `ready` there); otherwise stdout goes to /dev/null. */
  watchStdout?: boolean;
  cwd?: string;
  timeoutMs?: number;
}

export function startServer(name: string, options: StartOptions): Promise<Server> {
  const child = spawn(process.execPath, options.args, {
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', options.watchStdout ? 'pipe' : 'ignore', 'pipe'],
    cwd: options.cwd,
  });
  let output = '';
  const keep = (data: Buffer) => {
    output = (output + data.toString()).slice(-8192);
  };
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => {
    exited = true;
  });
  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exit;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start within ${options.timeoutMs ?? 30_000} ms:\n${output}`));
    }, options.timeoutMs ?? 30_000);
    const look = (data: Buffer) => {
      keep(data);
      const match = options.ready.exec(output);
      if (match === null) return;
      clearTimeout(timer);
      const url = options.url ?? match[1];
      if (url === undefined) throw new Error(`${name}: the ready pattern has no URL group`);
      resolve({ url, pid: child.pid as number, child, output: () => output, stop });
    };
    child.stderr?.on('data', look);
    child.stdout?.on('data', look);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}) before it was ready:\n${output}`));
    });
  });
}

/** Runs a node script to completion and returns its stdout (it must exit 0). */
export function runNode(args: string[], env: Record<string, string> = {}): Promise<string> {
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (data: Buffer) => {
    stdout += data.toString();
  });
  child.stderr.on('data', (data: Buffer) => {
    stderr = (stderr + data.toString()).slice(-8192);
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`node ${args[0]} exited ${code}:\n${stderr}`));
    });
  });
}

/** A port nobody listens on right now (for servers that cannot report the port they got from 0). */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Linux reports times in clock ticks; USER_HZ is 100 on every mainstream kernel build. */
const TICKS_PER_SECOND = 100;

/** User + system CPU time of a process so far, in microseconds. */
export function readCpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which may itself contain spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks / TICKS_PER_SECOND) * 1e6;
}

/** Peak resident set size (VmHWM) of a process, in MiB. */
export function readPeakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
  return match === null ? Number.NaN : Number(match[1]) / 1024;
}
