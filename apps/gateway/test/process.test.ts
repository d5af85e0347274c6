import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../src/storage/sqlite.js';
import { MASTER_KEY, USER_HELLO } from './helpers.js';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const mainPath = join(appDir, '.test-dist', 'main.js');

interface Child {
  process: ChildProcess;
  url: string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns the built gateway (`node dist/main.js`) in simulate mode on a free port. */
async function spawnGateway(dataDir: string, extraEnv: Record<string, string> = {}): Promise<Child> {
  const child = spawn(process.execPath, [mainPath], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      LLMUX_DATA_DIR: dataDir,
      LLMUX_MASTER_KEY: MASTER_KEY,
      LLMUX_SIMULATE: '1',
      LLMUX_LOG_LEVEL: 'warn',
      ...extraEnv,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${stderr}`)), 30_000);
    child.stderr!.on('data', (data: Buffer) => {
      stderr += data.toString();
      const match = /listening on (http:\/\/[\d.:]+)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    void exited.then(({ code }) => reject(new Error(`gateway exited with ${code}:\n${stderr}`)));
  });
  return { process: child, url, stderr: () => stderr, exited };
}

function client(url: string): OpenAI {
  return new OpenAI({ apiKey: MASTER_KEY, baseURL: `${url}/v1`, maxRetries: 0, timeout: 30_000 });
}

function readUsageRows(dataDir: string): Array<{ request_id: string; status: number }> {
  const database = openSqlite(join(dataDir, 'llmux.db'));
  try {
    return database.prepare('SELECT request_id, status FROM usage').all() as unknown as Array<{
      request_id: string;
      status: number;
    }>;
  } finally {
    database.close();
  }
}

describe('the built gateway as a process', () => {
  const dataDirs: string[] = [];
  const children: ChildProcess[] = [];
  const newDataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmux-gateway-process-'));
    dataDirs.push(dir);
    return dir;
  };

  beforeAll(() => {
    // tsup from the workspace root's node_modules: `pnpm exec` would need pnpm on PATH, which `npx vitest` lacks.
    execFileSync(join(appDir, '..', '..', 'node_modules', '.bin', 'tsup'), ['--out-dir', '.test-dist'], {
      cwd: appDir,
      env: { ...process.env, LLMUX_SKIP_DTS: '1' },
      stdio: 'ignore',
      timeout: 120_000,
    });
  }, 150_000);

  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses bad configuration with exit code 1 and a message naming the key', async () => {
    const child = spawn(process.execPath, [mainPath], {
      env: { PATH: process.env.PATH ?? '', PORT: 'eighty', LLMUX_DATA_DIR: newDataDir() },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (data: Buffer) => {
      stderr += data.toString();
    });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('PORT');
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 30_000);

  it('keeps the usage row of a request answered right before a SIGKILL', async () => {
    const dataDir = newDataDir();
    const gateway = await spawnGateway(dataDir);
    children.push(gateway.process);
    const { response } = await client(gateway.url)
      .chat.completions.create({ model: 'gpt-4o-mini', messages: USER_HELLO })
      .withResponse();
    const requestId = response.headers.get('x-request-id')!;
    gateway.process.kill('SIGKILL');
    await gateway.exited;
    // The row is in the journal (or already in SQLite); a restart replays the journal.
    const journal = readFileSync(join(dataDir, 'usage.journal'), 'utf8');
    const inDatabase = readUsageRows(dataDir).some((row) => row.request_id === requestId);
    expect(journal.includes(requestId) || inDatabase).toBe(true);

    const restarted = await spawnGateway(dataDir);
    children.push(restarted.process);
    const usage = (await (
      await fetch(`${restarted.url}/admin/usage`, { headers: { authorization: `Bearer ${MASTER_KEY}` } })
    ).json()) as { totals: { requests: number } };
    expect(usage.totals.requests).toBe(1);
    restarted.process.kill('SIGTERM');
    await restarted.exited;
    expect(readUsageRows(dataDir).map((row) => row.request_id)).toEqual([requestId]);
  }, 60_000);

  it('keeps the limits and the spend of answered requests across a SIGKILL', async () => {
    const dataDir = newDataDir();
    const gateway = await spawnGateway(dataDir);
    children.push(gateway.process);
    const adminCall = async (url: string, method: string, path: string, body?: unknown) =>
      (await (
        await fetch(`${url}${path}`, {
          method,
          headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        })
      ).json()) as { id: string; key: string; spend_usd: number; rpm_limit: number; budget_reset_at: string };
    const key = await adminCall(gateway.url, 'POST', '/admin/keys', {
      name: 'budgeted',
      rpm_limit: 10,
      max_budget: 1,
      budget_duration: '30d',
    });
    const keyed = new OpenAI({ apiKey: key.key, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    for (let index = 0; index < 3; index++)
      await keyed.chat.completions.create({ model: 'gpt-4o-mini', messages: USER_HELLO, max_tokens: 20 });
    const before = await adminCall(gateway.url, 'GET', `/admin/keys/${key.id}`);
    expect(before.spend_usd).toBeGreaterThan(0);
    gateway.process.kill('SIGKILL');
    await gateway.exited;

    const restarted = await spawnGateway(dataDir);
    children.push(restarted.process);
    const after = await adminCall(restarted.url, 'GET', `/admin/keys/${key.id}`);
    expect(after).toMatchObject({
      spend_usd: before.spend_usd,
      rpm_limit: 10,
      budget_reset_at: before.budget_reset_at,
    });
    restarted.process.kill('SIGTERM');
    await restarted.exited;
  }, 60_000);

  it('on SIGTERM, refuses new work, lets an in-flight stream finish, flushes usage and exits 0', async () => {
    const dataDir = newDataDir();
    const gateway = await spawnGateway(dataDir);
    children.push(gateway.process);
    const stream = await client(gateway.url).chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        {
          role: 'user',
          content: '[[sim:{"text":"drain me gently please","chunkSize":2,"chunkDelayMs":60}]]',
        },
      ],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let sawUsage = false;
    let signalled = false;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) sawUsage = true;
      if (!signalled) {
        signalled = true;
        gateway.process.kill('SIGTERM');
        // While the stream drains, new work is refused (connection refused, or 503 on a reused connection).
        await expect
          .poll(
            () =>
              fetch(`${gateway.url}/health`).then(
                (response) => response.status,
                () => 'refused',
              ),
            {
              timeout: 10_000,
            },
          )
          .not.toBe(200);
      }
    }
    expect(text).toBe('drain me gently please');
    expect(sawUsage).toBe(true);
    const exit = await gateway.exited;
    expect(exit.code).toBe(0);
    const rows = readUsageRows(dataDir);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe(200);
    await expect(fetch(`${gateway.url}/health`)).rejects.toThrow();
  }, 60_000);
});
