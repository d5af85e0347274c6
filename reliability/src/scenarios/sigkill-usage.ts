import { Agent } from 'node:http';
import { figure } from '../figures.js';
import { sleep } from '../suite-context.js';
import { countUsageRows } from './admin.js';
import { chat } from './chat.js';
import type { ReliabilityScenario } from './scenario.js';

/**
 * SIGKILL under load: every request the client saw answered must have its usage row after a restart (the
 * journal is replayed), and no row may be counted twice — neither from requests cut by the kill nor by a
 * second restart replaying the journal again. A request in flight at the kill may or may not have a row.
 */
export const sigkillUsageScenario: ReliabilityScenario = {
  name: 'SIGKILL under load',
  budgetMs: () => 120_000,
  async run(context) {
    const protocol = context.protocols[0]!;
    const scenario = 'SIGKILL under load';
    const gateway = await context.startGateway();
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    let answered = 0;
    let started = 0;
    let killed = false;
    const loadMs = context.long ? 10_000 : 3_000;
    const worker = async (lane: number) => {
      for (let index = 0; !killed; index++) {
        const stream = (lane + index) % 2 === 0;
        // Short streams with a little pacing, so that many are in flight when the kill comes.
        const text = context.upstream.script(
          () => ({ text: 'usage row '.repeat(6), chunkSize: 6, chunkDelayMs: 3 }),
          'kill',
        );
        started++;
        const { answer } = await chat(context, gateway, protocol, {
          text,
          stream,
          agent,
          deadlineMs: 20_000,
        });
        if (killed) return; // Whatever arrived after the kill is neither counted as answered nor lost.
        if (answer.outcome === 'complete') answered++;
      }
    };
    const workers = Array.from({ length: 16 }, (_, lane) => worker(lane));
    await sleep(loadMs);
    killed = true;
    const answeredAtKill = answered;
    const startedAtKill = started;
    await gateway.stop('SIGKILL');
    await Promise.all(workers);
    agent.destroy();

    const restarted = await context.startGateway({ dataDir: gateway.dataDir });
    const rows = await countUsageRows(context, restarted);
    await restarted.stop();
    const again = await context.startGateway({ dataDir: gateway.dataDir });
    const rowsAgain = await countUsageRows(context, again);
    await again.stop();

    const inFlight = startedAtKill - answeredAtKill;
    return [
      figure(
        scenario,
        'usage rows lost',
        Math.max(0, answeredAtKill - rows),
        '=',
        0,
        '',
        `${answeredAtKill} answered before the kill, ${inFlight} in flight, ${rows} rows after restart`,
      ),
      figure(
        scenario,
        'usage rows counted twice',
        Math.max(0, rows - startedAtKill) + Math.abs(rowsAgain - rows),
        '=',
        0,
        '',
        `${rowsAgain} rows after a second restart`,
      ),
      figure(
        scenario,
        'requests answered before the kill',
        answeredAtKill,
        '>=',
        50,
        '',
        'enough load to mean something',
      ),
    ];
  },
};
