import { Agent } from 'node:http';
import { figure, median } from '../figures.js';
import type { GatewayProcess } from '../gateway-process.js';
import { send } from '../http-client.js';
import { type SuiteContext, sleep } from '../suite-context.js';
import { chat } from './chat.js';
import type { ReliabilityScenario } from './scenario.js';

const CONCURRENCY = 6;
/**
 * A fixed pace, not as fast as the machine allows: each request adds a usage row, and SQLite's page cache
 * (up to 16 MiB with better-sqlite3) grows with the table, so an unpaced soak's RSS figure would depend on
 * how fast the machine is rather than on what the gateway keeps.
 */
const DEFAULT_RATE = 100;

/**
 * Steady traffic for a while — streams and whole answers, one in ten with a transient upstream 500 or a
 * client that leaves mid-stream — while /proc and /metrics are sampled each second: memory and file
 * descriptors must not grow, and the event loop must never stall.
 */
export const soakScenario: ReliabilityScenario = {
  name: 'soak',
  budgetMs: (long) => Number(process.env.LLMUX_RELIABILITY_SOAK_SECONDS ?? (long ? 180 : 30)) * 1000 + 90_000,
  async run(context) {
    const protocol = context.protocols[0]!;
    // V8 sizes its heap over the first ~20 s of load (committed 27 → 61 MiB, then flat): growth before that is
    // not a leak.
    const warmUpMs = context.long ? 30_000 : 20_000;
    const measureMs = Number(process.env.LLMUX_RELIABILITY_SOAK_SECONDS ?? (context.long ? 180 : 30)) * 1000;
    const scenario = `soak (${measureMs / 1000} s)`;
    const gateway = await context.startGateway();
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const rate = Number(process.env.LLMUX_RELIABILITY_SOAK_RATE ?? DEFAULT_RATE);
    const paceStart = performance.now();
    let stopping = false;
    let requests = 0;
    let failed = 0;
    const failures: string[] = [];
    const worker = async (lane: number) => {
      for (let index = lane; !stopping; index += CONCURRENCY) {
        const kind = index % 20;
        const stream = index % 2 === 0;
        // Request n starts no earlier than n / rate seconds in.
        const due = paceStart + (requests / rate) * 1000 - performance.now();
        requests++;
        if (due > 0) await sleep(due);
        if (stopping) return;
        if (kind === 3) {
          const text = context.upstream.script(
            (attempt) => (attempt === 1 ? { error: { status: 500 } } : undefined),
            'soak',
          );
          const { answer } = await chat(context, gateway, protocol, { text, stream, agent });
          if (answer.outcome !== 'complete') recordFailure(`retry → ${answer.outcome}`);
        } else if (kind === 13) {
          const text = context.upstream.script(
            () => ({ text: 'slow '.repeat(50), chunkSize: 5, chunkDelayMs: 20 }),
            'soak',
          );
          await chat(context, gateway, protocol, {
            text,
            stream: true,
            agent,
            onData: (_body, abort) => abort(),
          });
        } else {
          const { answer } = await chat(context, gateway, protocol, {
            text: `Soak request ${index}`,
            stream,
            agent,
          });
          if (answer.outcome !== 'complete') recordFailure(`${answer.outcome} ${answer.note ?? ''}`);
        }
      }
    };
    const recordFailure = (why: string) => {
      failed++;
      if (failures.length < 3) failures.push(why);
    };
    const workers = Array.from({ length: CONCURRENCY }, (_, lane) => worker(lane));
    const samples: Array<{ rss: number; fds: number }> = [];
    const loopDelays: Array<{ elapsedMs: number; onCpuMs: number }> = [];
    try {
      await sleep(warmUpMs);
      await readLoopDelays(context, gateway); // Resets the gauge: the warm-up's JIT pauses do not count.
      const startedRequests = requests;
      const end = performance.now() + measureMs;
      while (performance.now() < end) {
        await sleep(1_000);
        samples.push({ rss: gateway.rssBytes(), fds: gateway.openFds() });
        loopDelays.push(await readLoopDelays(context, gateway));
        context.upstream.forget();
      }
      const measuredRequests = requests - startedRequests;
      stopping = true;
      await Promise.all(workers);
      const edge = Math.min(5, Math.floor(samples.length / 3));
      const first = samples.slice(0, edge);
      const last = samples.slice(-edge);
      const rssFirst = median(first.map((sample) => sample.rss));
      const rssLast = median(last.map((sample) => sample.rss));
      const fdsFirst = median(first.map((sample) => sample.fds));
      const fdsLast = median(last.map((sample) => sample.fds));
      return [
        figure(
          scenario,
          'RSS growth',
          ((rssLast - rssFirst) / rssFirst) * 100,
          '<',
          10,
          '%',
          `${mib(rssFirst)} → ${mib(rssLast)} MiB (medians of the first and last ${edge} s, after ${warmUpMs / 1000} s of warm-up)`,
        ),
        figure(
          scenario,
          'file descriptor growth',
          fdsLast - fdsFirst,
          '<=',
          2,
          '',
          `${fdsFirst} → ${fdsLast}`,
        ),
        figure(
          scenario,
          'longest event-loop stall',
          Math.max(...loopDelays.map((delay) => delay.onCpuMs)),
          '<',
          200,
          'ms',
          `the gateway's own (on a CPU); as the clock saw it, busy machine included: ${Math.max(...loopDelays.map((delay) => delay.elapsedMs)).toFixed(0)} ms`,
        ),
        figure(
          scenario,
          'failed requests',
          failed,
          '=',
          0,
          '',
          `${measuredRequests} requests measured (${(measuredRequests / (measureMs / 1000)).toFixed(0)}/s, paced at ${rate}/s)${failures.length > 0 ? `: ${failures.join('; ')}` : ''}`,
        ),
      ];
    } finally {
      stopping = true;
      await Promise.all(workers);
      agent.destroy();
      await gateway.stop();
    }
  },
};

/** The gateway's longest event-loop delays since the previous call, in ms (see the gateway's /metrics). */
async function readLoopDelays(
  context: SuiteContext,
  gateway: GatewayProcess,
): Promise<{ elapsedMs: number; onCpuMs: number }> {
  const exchange = context.observe(
    await send(gateway.url, { method: 'GET', path: '/metrics', deadlineMs: 5_000 }),
  );
  const read = (kind: string) => {
    const match = new RegExp(`^llmux_event_loop_delay_max_seconds\\{kind="${kind}"\\} (\\S+)$`, 'm').exec(
      exchange.body,
    );
    return match === null ? Number.NaN : Number(match[1]) * 1000;
  };
  return { elapsedMs: read('elapsed'), onCpuMs: read('on_cpu') };
}

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
