import { Agent } from 'node:http';
import { type Figure, figure } from '../figures.js';
import { send } from '../http-client.js';
import { sleep } from '../suite-context.js';
import { countUsageRows } from './admin.js';
import { chat } from './chat.js';
import type { ReliabilityScenario } from './scenario.js';

const TEXT = 'drain me gently, one small piece at a time, until the very end.';

/**
 * SIGTERM with streams in flight: the gateway stops accepting work, lets every stream finish, commits their
 * usage and exits 0. Nothing in flight may be cut.
 */
export const sigtermDrainScenario: ReliabilityScenario = {
  name: 'SIGTERM drain',
  budgetMs: () => 90_000,
  async run(context) {
    const figures: Figure[] = [];
    for (const protocol of context.protocols) {
      const scenario = `SIGTERM drain (${protocol.name})`;
      const gateway = await context.startGateway();
      const streams = 20;
      const agent = new Agent({ keepAlive: false });
      let firstChunks = 0;
      // ~16 events 60 ms apart: about a second of stream left when the signal comes.
      const requests = Array.from({ length: streams }, () => {
        const text = context.upstream.script(() => ({ text: TEXT, chunkSize: 4, chunkDelayMs: 60 }), 'drain');
        let counted = false;
        return chat(context, gateway, protocol, {
          text,
          stream: true,
          agent,
          deadlineMs: 30_000,
          onData: () => {
            if (!counted) firstChunks++;
            counted = true;
          },
        });
      });
      const deadline = performance.now() + 10_000;
      while (firstChunks < streams && performance.now() < deadline) await sleep(5);
      const signalledAt = performance.now();
      const exit = gateway.stop('SIGTERM', 30_000);
      // New work during the drain: refused (connection refused, or 503 on /health).
      await sleep(100);
      const probe = await send(gateway.url, { method: 'GET', path: '/health', deadlineMs: 5_000 });
      const answers = await Promise.all(requests);
      const { code } = await exit;
      const drainMs = performance.now() - signalledAt;
      agent.destroy();
      const broken = answers.filter(
        ({ answer }) => answer.outcome !== 'complete' || answer.text !== TEXT,
      ).length;

      const restarted = await context.startGateway({ dataDir: gateway.dataDir });
      const rows = await countUsageRows(context, restarted);
      await restarted.stop();
      figures.push(
        figure(
          scenario,
          'broken streams',
          broken,
          '=',
          0,
          '',
          `${streams} streams in flight at SIGTERM (${firstChunks} had started)`,
        ),
        figure(
          scenario,
          'exit code',
          code ?? Number.NaN,
          '=',
          0,
          '',
          `drained in ${(drainMs / 1000).toFixed(1)} s`,
        ),
        figure(
          scenario,
          'drained streams without a usage row',
          Math.max(0, streams - rows),
          '=',
          0,
          '',
          `${rows} rows`,
        ),
        figure(
          scenario,
          'new requests accepted while draining',
          probe.status === 200 ? 1 : 0,
          '=',
          0,
          '',
          probe.status === 0 ? `refused (${probe.error})` : `GET /health → ${probe.status}`,
        ),
      );
    }
    return figures;
  },
};
