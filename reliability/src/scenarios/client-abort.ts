import type { RecordedRequest } from '@llmux/simulators';
import { type Figure, figure, median } from '../figures.js';
import { sleep } from '../suite-context.js';
import { chat } from './chat.js';
import type { ReliabilityScenario } from './scenario.js';

/** The median must stay far below this: a client that leaves must not keep a vendor generating (and billing). */
const THRESHOLD_MS = 100;

/**
 * A client that leaves mid-answer: the gateway must close its upstream request at once. Measured from the
 * moment the client destroys its socket to the moment the simulator (in this process, same clock) sees its
 * connection close; streams are left after their first chunk, whole answers while the upstream still thinks.
 */
export const clientAbortScenario: ReliabilityScenario = {
  name: 'client abort',
  budgetMs: () => 120_000,
  async run(context) {
    const figures: Figure[] = [];
    const gateway = await context.startGateway();
    try {
      for (const protocol of context.protocols) {
        const scenario = `client abort (${protocol.name})`;
        for (const stream of [true, false]) {
          const count = context.long ? 40 : 15;
          const delays: number[] = [];
          let leftOpen = 0;
          for (let index = 0; index < count; index++) {
            // Slow enough that the answer is far from done when the client leaves (10 s of stream or wait).
            const text = context.upstream.script(
              () =>
                stream
                  ? { text: 'tick '.repeat(200), chunkSize: 5, chunkDelayMs: 50 }
                  : { headerDelayMs: 10_000 },
              'abort',
            );
            let abortedAt = 0;
            const controller = new AbortController();
            const leave = () => {
              if (abortedAt !== 0) return;
              abortedAt = performance.now();
              controller.abort();
            };
            const request = chat(context, gateway, protocol, {
              text,
              stream,
              deadlineMs: 15_000,
              signal: controller.signal,
              // Streams: leave on the first chunk.
              onData: leave,
            });
            // Whole answers: leave once the upstream request is in flight.
            if (stream) await waitFor(() => abortedAt !== 0, 10_000);
            else await waitFor(() => context.upstream.attemptsOf(text).length > 0, 5_000);
            leave();
            await request;
            const upstreamRequest = await waitForClose(() => context.upstream.attemptsOf(text)[0], 2_000);
            if (upstreamRequest?.closedAt === undefined) leftOpen++;
            else delays.push(upstreamRequest.closedAt - abortedAt);
          }
          const mode = stream ? 'stream' : 'whole answer';
          figures.push(
            figure(
              scenario,
              `${mode}: client gone → upstream closed (median)`,
              median(delays),
              '<',
              THRESHOLD_MS,
              'ms',
              `${delays.length} aborts, max ${Math.max(...delays).toFixed(1)} ms`,
            ),
          );
          figures.push(
            figure(
              scenario,
              `${mode}: upstream requests left open 2 s after the client left`,
              leftOpen,
              '=',
              0,
            ),
          );
        }
      }
    } finally {
      await gateway.stop();
    }
    return figures;
  },
};

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition() && performance.now() < deadline) await sleep(2);
}

async function waitForClose(
  find: () => RecordedRequest | undefined,
  timeoutMs: number,
): Promise<RecordedRequest | undefined> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const request = find();
    if (request?.closedAt !== undefined) return request;
    await sleep(5);
  }
  return find();
}
