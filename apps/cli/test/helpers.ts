import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGateway, type Gateway, loadConfig } from '@llmux/gateway';

export const MASTER_KEY = 'llmux-cli-test-master-key-0123456789';
export const CLI_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');

export interface TestGateway {
  gateway: Gateway;
  baseURL: string;
  close(): Promise<void>;
}

/** The real gateway, in simulate mode (every model answered by the in-process simulators), on a free port. */
export async function startTestGateway(): Promise<TestGateway> {
  const dataDirectory = mkdtempSync(join(tmpdir(), 'llmux-cli-test-'));
  const gateway = await createGateway(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LLMUX_DATA_DIR: dataDirectory,
      LLMUX_LOG_LEVEL: 'silent',
      LLMUX_MASTER_KEY: MASTER_KEY,
      LLMUX_SIMULATE: '1',
    }),
    { announce: () => {} },
  );
  const url = await gateway.listen();
  return {
    gateway,
    baseURL: `${url}/v1`,
    close: async () => {
      await gateway.close({ timeoutMs: 2000 });
      rmSync(dataDirectory, { recursive: true, force: true });
    },
  };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Only what the CLI reads, so the developer's own LLMUX_* variables never leak into a test. */
export function cleanEnvironment(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
  for (const [name, value] of Object.entries(extra)) if (value !== undefined) env[name] = value;
  return env;
}

/** Runs `node dist/cli.js ...args` with stdin from `input` (or /dev/null). */
export function runCli(
  args: string[],
  options: { input?: string; env?: Record<string, string | undefined> } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], {
      env: cleanEnvironment(options.env ?? {}),
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
    });
    child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (options.input !== undefined) child.stdin!.end(options.input);
  });
}

/**
 * The CLI in a pseudo-terminal, through Python's `pty` module (no native Node addon needed): what the
 * test writes is typed at the terminal, Ctrl-C included (readline reads it as a key in raw mode).
 */
export class PtySession {
  readonly child: ChildProcess;
  /** What the terminal received, raw (ANSI sequences included). */
  raw = '';
  private readonly exited: Promise<number | null>;
  private waiters: Array<() => void> = [];

  constructor(args: string[], env: Record<string, string | undefined>) {
    this.child = spawn(
      'python3',
      [
        '-c',
        'import os, pty, sys; sys.exit(os.waitstatus_to_exitcode(pty.spawn(sys.argv[1:])))',
        process.execPath,
        CLI_PATH,
        ...args,
      ],
      { env: cleanEnvironment({ TERM: 'xterm', ...env }), stdio: ['pipe', 'pipe', 'inherit'] },
    );
    this.child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      this.raw += text;
      for (const waiter of this.waiters) waiter();
    });
    this.exited = new Promise((resolve) => this.child.on('close', (code) => resolve(code)));
  }

  /** The output without ANSI escape sequences (colours, cursor moves). */
  get output(): string {
    return this.raw.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
  }

  type(text: string): void {
    this.child.stdin!.write(text);
  }

  /** Resolves once `text` appears in the output after position `from`; returns the position after it. */
  waitFor(text: string, from = 0, timeoutMs = 30_000): Promise<number> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const index = this.output.indexOf(text, from);
        if (index === -1) return false;
        this.waiters = this.waiters.filter((waiter) => waiter !== onData);
        clearTimeout(timer);
        resolve(index + text.length);
        return true;
      };
      const onData = () => {
        check();
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== onData);
        reject(new Error(`timed out waiting for ${JSON.stringify(text)}; output so far:\n${this.output}`));
      }, timeoutMs);
      if (!check()) this.waiters.push(onData);
    });
  }

  exit(): Promise<number | null> {
    return this.exited;
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}
