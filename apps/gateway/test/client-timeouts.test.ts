import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway, loadConfig } from '../src/index.js';
import { expectValid, MASTER_KEY } from './helpers.js';

// Short timeouts so a stalled client is cut off within a test; the assertions are on statuses, shapes,
// log lines and closed connections, never on durations.
const TIMEOUTS = {
  LLMUX_HEADERS_TIMEOUT_MS: '1000',
  LLMUX_BODY_IDLE_TIMEOUT_MS: '400',
  LLMUX_BODY_TIMEOUT_MS: '1500',
};

interface RawExchange {
  /** Everything the gateway sent before it closed the connection. */
  text: string;
  status: number;
  json: unknown;
}

/** Writes `parts` to a raw socket with `gapMs` between them and collects the answer until the gateway closes. */
function exchange(url: string, parts: string[], gapMs: number): Promise<RawExchange> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(Number(port), hostname);
    let text = '';
    let index = 0;
    let timer: NodeJS.Timeout | undefined;
    const sendNext = () => {
      if (index >= parts.length || socket.destroyed) return;
      socket.write(parts[index++]!);
      timer = setTimeout(sendNext, gapMs);
    };
    socket.on('connect', sendNext);
    socket.on('data', (data) => {
      text += data.toString('latin1');
    });
    socket.on('error', (error) => {
      // A reset after the answer arrived still counts as the gateway closing the connection.
      if (text === '') reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      const bodyText = text.slice(text.indexOf('\r\n\r\n') + 4);
      let json: unknown;
      try {
        json = JSON.parse(bodyText);
      } catch {
        json = undefined;
      }
      resolve({ text, status, json });
    });
  });
}

function head(contentLength: number, extra = ''): string {
  return (
    'POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n' +
    `authorization: Bearer ${MASTER_KEY}\r\ncontent-length: ${contentLength}\r\n${extra}\r\n`
  );
}

const BODY = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello' }] });

describe('client-side timeouts of the gateway', () => {
  let gateway: Gateway;
  let url: string;
  let dataDir: string;
  const lines: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'llmux-timeouts-'));
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LLMUX_DATA_DIR: dataDir,
      LLMUX_LOG_LEVEL: 'info',
      LLMUX_MASTER_KEY: MASTER_KEY,
      LLMUX_SIMULATE: '1',
      ...TIMEOUTS,
    });
    gateway = await createGateway(config, {
      announce: () => {},
      logDestination: { write: (line: string) => void lines.push(JSON.parse(line)) },
    });
    url = await gateway.listen();
  });

  afterAll(async () => {
    await gateway.close({ timeoutMs: 1000 });
    rmSync(dataDir, { recursive: true, force: true });
  });

  const requestLines = (status: number) => lines.filter((line) => line.status === status);

  it('answers a body that stalls with a 408 in OpenAI’s error shape, closes the connection and logs 408', async () => {
    const before = requestLines(408).length;
    // Headers and a third of the body, then silence: the idle timeout (400 ms) fires long before the total.
    const answer = await exchange(url, [head(BODY.length), BODY.slice(0, 30)], 60_000);
    expect(answer.status).toBe(408);
    expect(answer.text.toLowerCase()).toContain('connection: close');
    expectValid('error', answer.json);
    expect(answer.json).toMatchObject({
      error: { type: 'invalid_request_error', code: 'request_timeout', param: null },
    });
    expect((answer.json as { error: { message: string } }).error.message).toContain('400 ms');
    await expect.poll(() => requestLines(408).length).toBe(before + 1);
    expect(requestLines(408).at(-1)).toMatchObject({ path: '/v1/chat/completions', status: 408 });
  });

  it('answers a body that trickles past the total deadline with a 408', async () => {
    // One byte every 100 ms never trips the 400 ms idle timeout, but the whole body would take ~10 s.
    const bytes = [head(BODY.length), ...BODY.split('')];
    const answer = await exchange(url, bytes, 100);
    expect(answer.status).toBe(408);
    expectValid('error', answer.json);
    expect((answer.json as { error: { message: string } }).error.message).toContain('1500 ms');
  });

  it('still answers a malformed body with a 400, and a slow but steady one normally', async () => {
    const malformed = '{"model": "gpt-4o-mini", "messages": [';
    // `connection: close` from the client: a 400 otherwise keeps the connection open for the next request.
    const bad = await exchange(url, [head(malformed.length, 'connection: close\r\n') + malformed], 0);
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: { code: 'invalid_json' } });

    // Three pieces 150 ms apart: slower than one packet, well within both body timeouts.
    const third = Math.ceil(BODY.length / 3);
    const pieces = [
      head(BODY.length),
      BODY.slice(0, third),
      BODY.slice(third, 2 * third),
      BODY.slice(2 * third),
    ];
    const { hostname, port } = new URL(url);
    const socket = connect(Number(port), hostname);
    let text = '';
    socket.on('data', (data) => {
      text += data.toString();
    });
    for (const piece of pieces) {
      socket.write(piece);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    await expect.poll(() => text.includes('"chat.completion"'), { timeout: 10_000 }).toBe(true);
    expect(text.startsWith('HTTP/1.1 200')).toBe(true);
    socket.destroy();
  });

  it('closes a connection whose headers trickle in (slowloris) with a 408, and logs it', async () => {
    const before = requestLines(408).length;
    const headerLines = ['POST /v1/chat/completions HTTP/1.1\r\n', 'host: 127.0.0.1\r\n'];
    for (let index = 0; index < 40; index++) headerLines.push(`x-slow-${index}: ${index}\r\n`);
    // A header line every 200 ms: each is progress, but the whole head would take 8 s; the deadline is 1 s.
    const answer = await exchange(url, headerLines, 200);
    expect(answer.status).toBe(408);
    expectValid('error', answer.json);
    expect(answer.json).toMatchObject({ error: { code: 'request_timeout' } });
    expect(answer.text).toMatch(/x-request-id: req_/);
    await expect.poll(() => requestLines(408).length).toBe(before + 1);
  });

  it('still answers a malformed request line with a 400', async () => {
    const answer = await exchange(url, ['NOT HTTP AT ALL\r\n\r\n'], 0);
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: { code: 'malformed_http_request' } });
  });
});
