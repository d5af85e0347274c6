import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics } from './metrics.js';

describe('event-loop metrics', () => {
  let metrics: ReturnType<typeof createMetrics> | undefined;
  afterEach(() => metrics?.stop());

  it('reports a stall the process caused itself', async () => {
    metrics = createMetrics();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await metrics.registry.metrics(); // Resets both maxima.
    // Busy until this process has spent 300 ms of CPU: a real stall, however busy the machine is.
    const start = process.cpuUsage();
    for (;;) {
      const spent = process.cpuUsage(start);
      if ((spent.user + spent.system) / 1000 >= 300) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 60));
    const text = await metrics.registry.metrics();
    const read = (kind: string) =>
      Number(
        new RegExp(`^llmux_event_loop_delay_max_seconds\\{kind="${kind}"\\} (\\S+)$`, 'm').exec(text)?.[1],
      );
    expect(read('on_cpu')).toBeGreaterThan(0.2);
    expect(read('elapsed')).toBeGreaterThanOrEqual(read('on_cpu'));
    // The scrape cleared both: the next one reports only what came after.
    const next = await metrics.registry.metrics();
    expect(next).toMatch(/^llmux_event_loop_delay_max_seconds\{kind="on_cpu"\} 0(\.0\d*)?$/m);
  });
});
