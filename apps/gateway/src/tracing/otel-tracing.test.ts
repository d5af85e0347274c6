import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createRequestState } from '../pipeline/request-state.js';
import { createOtelTracing } from './otel-tracing.js';

/** A port that was free a moment ago: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('createOtelTracing', () => {
  it('logs a failed export once, naming the collector without its credentials, and drops the spans', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(chunk.toString());
        callback();
      },
    });
    const port = await closedPort();
    const tracing = createOtelTracing(
      {
        url: `http://user:url-secret@127.0.0.1:${port}/v1/traces?token=query-secret`,
        headers: { authorization: 'Bearer header-secret' },
        serviceName: 'test',
        resourceAttributes: {},
        scheduleDelayMs: 10,
        exportTimeoutMs: 2000,
      },
      pino({ level: 'info' }, destination),
    );
    for (let index = 0; index < 3; index++) {
      const state = createRequestState(`req_${index}`, 'POST', '/v1/chat/completions');
      const trace = tracing.startRequest({}, state.requestId);
      trace.end(state, 200);
    }
    const deadline = Date.now() + 10_000;
    while (!lines.some((line) => line.includes('could not export traces')) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await tracing.shutdown(1000);

    const failures = lines.filter((line) => line.includes('could not export traces'));
    expect(failures).toHaveLength(1);
    const failure = JSON.parse(failures[0]!) as Record<string, unknown>;
    expect(failure.level).toBe(40);
    expect(failure.url).toBe(`http://127.0.0.1:${port}/v1/traces`);
    expect(failure.dropped_spans).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toMatch(/url-secret|query-secret|header-secret/);
  });

  it('never throws on headers a client controls', () => {
    const tracing = createOtelTracing(
      {
        url: 'http://127.0.0.1:9/v1/traces',
        headers: {},
        serviceName: 'test',
        resourceAttributes: {},
        scheduleDelayMs: 60_000,
        exportTimeoutMs: 1000,
      },
      pino({ level: 'silent' }),
    );
    for (const traceparent of ['', '00-zz-zz-01', 'x'.repeat(10_000), ['a', 'b'] as unknown as string]) {
      const state = createRequestState('req_x', 'POST', '/v1/chat/completions');
      const trace = tracing.startRequest({ traceparent, tracestate: '=,=,,' }, state.requestId);
      expect(() => trace.end(state, 200)).not.toThrow();
    }
    return tracing.shutdown(100);
  });
});
