import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BatchedLogDestination, createLogger } from './logger.js';

function tempFile() {
  const path = join(mkdtempSync(join(tmpdir(), 'llmux-log-')), 'out.log');
  return { path, fd: openSync(path, 'a') };
}

const flushed = (destination: BatchedLogDestination) =>
  new Promise<void>((resolve) => destination.flush(() => resolve()));

describe('BatchedLogDestination', () => {
  it('writes nothing per line, then every line in order once a batch fills or on flush', async () => {
    const { path, fd } = tempFile();
    const destination = new BatchedLogDestination(fd, 100, 60_000);
    destination.write('a\n');
    destination.write('b\n');
    expect(readFileSync(path, 'utf8')).toBe('');
    const lines = Array.from({ length: 40 }, (_, index) => `line ${index}\n`);
    for (const line of lines) destination.write(line);
    await flushed(destination);
    expect(readFileSync(path, 'utf8')).toBe(`a\nb\n${lines.join('')}`);
    closeSync(fd);
  });

  it('writes a partial batch after its delay, and what is left synchronously at exit', async () => {
    const { path, fd } = tempFile();
    const destination = new BatchedLogDestination(fd, 16 * 1024, 20);
    destination.write('soon\n');
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(readFileSync(path, 'utf8')).toBe('soon\n');
    destination.write('last\n');
    destination.flushSync();
    expect(readFileSync(path, 'utf8')).toBe('soon\nlast\n');
    closeSync(fd);
  });

  it("is pino's destination: JSON lines with an ISO time, flushed by logger.flush", async () => {
    const { path, fd } = tempFile();
    const logger = createLogger('info', new BatchedLogDestination(fd));
    logger.info({ request_id: 'req_1' }, 'request');
    await new Promise<void>((resolve) => logger.flush(() => resolve()));
    const line = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    expect(line).toMatchObject({ request_id: 'req_1', msg: 'request', service: 'llmux-gateway' });
    expect(new Date(line.time as string).toISOString()).toBe(line.time);
    closeSync(fd);
  });
});
