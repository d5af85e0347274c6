import { Agent } from 'node:http';
import { connect, type Socket } from 'node:net';
import { figure, median } from '../figures.js';
import type { GatewayProcess } from '../gateway-process.js';
import type { InboundProtocol } from '../protocols/index.js';
import { type SuiteContext, sleep } from '../suite-context.js';
import { chat } from './chat.js';
import type { ReliabilityScenario } from './scenario.js';

const IDLE = 200;
const SLOWLORIS = 50;
/** Short, so the suite sees the headers timeout at work; the default is 15 s. */
const HEADERS_TIMEOUT_MS = 3_000;

/**
 * 200 connections that send nothing and 50 that trickle their headers (one line a second, slowloris):
 * normal requests alongside them are unaffected, and the headers timeout closes every one of them.
 */
export const idleConnectionsScenario: ReliabilityScenario = {
  name: 'idle and slowloris connections',
  budgetMs: () => 90_000,
  async run(context) {
    const protocol = context.protocols[0]!;
    const scenario = 'idle and slowloris connections';
    const gateway = await context.startGateway({
      env: { LLMUX_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS) },
    });
    const sockets: Socket[] = [];
    const closed = new Set<Socket>();
    const timers: NodeJS.Timeout[] = [];
    try {
      const before = await measureRequests(context, gateway, protocol, 40);
      const { hostname, port } = new URL(gateway.url);
      const openedAt = performance.now();
      for (let index = 0; index < IDLE + SLOWLORIS; index++) {
        const socket = connect(Number(port), hostname);
        socket.on('error', () => {});
        // Read what the gateway sends (its 408), so its close is seen.
        socket.resume();
        socket.once('close', () => closed.add(socket));
        sockets.push(socket);
        if (index >= IDLE) {
          let line = 0;
          socket.once('connect', () =>
            socket.write('POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\n'),
          );
          const timer = setInterval(() => {
            if (!socket.destroyed) socket.write(`x-slow-${line++}: ${'a'.repeat(10)}\r\n`);
          }, 1_000);
          timers.push(timer);
        }
      }
      await Promise.all(
        sockets.map(
          (socket) => new Promise((resolve) => socket.once('connect', resolve).once('close', resolve)),
        ),
      );
      const during = await measureRequests(context, gateway, protocol, 40);
      // Node checks the deadline once a second: all must be closed within the timeout plus two checks.
      const wait = HEADERS_TIMEOUT_MS + 2_000 - (performance.now() - openedAt);
      if (wait > 0) await sleep(wait);
      const openIdle = sockets.slice(0, IDLE).filter((socket) => !closed.has(socket)).length;
      const openSlow = sockets.slice(IDLE).filter((socket) => !closed.has(socket)).length;
      return [
        figure(
          scenario,
          'normal requests failed alongside them',
          during.failed,
          '=',
          0,
          '',
          `of ${during.count}`,
        ),
        figure(
          scenario,
          'median latency added to a normal request',
          Math.max(0, during.medianMs - before.medianMs),
          '<',
          25,
          'ms',
          `${before.medianMs.toFixed(1)} ms before, ${during.medianMs.toFixed(1)} ms alongside ${IDLE} idle + ${SLOWLORIS} slowloris`,
        ),
        figure(
          scenario,
          'idle connections still open after the headers timeout',
          openIdle,
          '=',
          0,
          '',
          `LLMUX_HEADERS_TIMEOUT_MS=${HEADERS_TIMEOUT_MS}, checked ${HEADERS_TIMEOUT_MS + 2_000} ms after opening`,
        ),
        figure(scenario, 'slowloris connections still open after the headers timeout', openSlow, '=', 0),
      ];
    } finally {
      for (const timer of timers) clearInterval(timer);
      for (const socket of sockets) socket.destroy();
      await gateway.stop();
    }
  },
};

async function measureRequests(
  context: SuiteContext,
  gateway: GatewayProcess,
  protocol: InboundProtocol,
  count: number,
): Promise<{ count: number; failed: number; medianMs: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const durations: number[] = [];
  let failed = 0;
  for (let index = 0; index < count; index++) {
    const { exchange, answer } = await chat(context, gateway, protocol, {
      text: 'A normal question',
      stream: index % 2 === 0,
      agent,
      deadlineMs: 10_000,
    });
    if (answer.outcome === 'complete') durations.push(exchange.durationMs);
    else failed++;
  }
  agent.destroy();
  return { count, failed, medianMs: median(durations) };
}
