import { describe, expect, it } from 'vitest';
import type { LoadResult } from './load.js';
import { evaluateTargets, type RunResult, renderRatios, type TargetId, type TargetResult } from './report.js';

function load(requestsPerSecond: number, p50 = 0.3): LoadResult {
  return { requests: requestsPerSecond * 10, errors: 0, seconds: 10, requestsPerSecond, p50, p99: p50 * 2 };
}

/** A target that served `rps` requests/s and streams/s for 10 s, spending `cpuPerRequest` µs on each. */
function target(id: TargetId, rps: number, cpuPerRequest: number, cpuPerStream: number): TargetResult {
  return {
    id,
    label: id,
    latency: load(rps),
    throughput: { ...load(rps), cpuMicros: rps * 10 * cpuPerRequest },
    stream: { ...load(rps), cpuMicros: rps * 10 * cpuPerStream, chunksPerStream: 50 },
    ttft: load(rps, 1),
    peakRssMiB: 120,
  };
}

function run(targets: TargetResult[]): RunResult {
  return {
    targets,
    usage: undefined,
    translation: undefined,
    limits: undefined,
    loadBefore: '0',
    loadAfter: '0',
  };
}

/** The ratio table's row `label`, cells by column. */
function row(table: string, label: string): string[] {
  const line = table.split('\n').find((candidate) => candidate.startsWith(`| ${label} |`));
  if (line === undefined) throw new Error(`no row ${label} in\n${table}`);
  return line
    .split('|')
    .map((cell) => cell.trim())
    .slice(1, -1);
}

describe('renderRatios: the /v1/messages routes', () => {
  const result = run([
    target('floor', 10_000, 50, 60),
    target('llmux', 5_000, 120, 280),
    target('llmux-messages-relay', 4_000, 150, 420),
    target('llmux-messages', 2_500, 200, 630),
  ]);
  const table = renderRatios(result);

  it('divides each route’s CPU per request and per stream by the floor’s', () => {
    // columns: ratio, req/s, streams/s, added p50, added TTFT, CPU/req, CPU/stream, peak RSS
    expect(row(table, 'llmux-messages-relay ÷ floor')[5]).toBe('3.00×');
    expect(row(table, 'llmux-messages-relay ÷ floor')[6]).toBe('7.00×');
    expect(row(table, 'llmux-messages ÷ floor')[5]).toBe('4.00×');
    expect(row(table, 'llmux-messages ÷ floor')[6]).toBe('10.50×');
  });

  it('divides the relay by the OpenAI pass-through', () => {
    const cells = row(table, 'llmux-messages-relay ÷ llmux');
    expect(cells[1]).toBe('0.80×');
    expect(cells[5]).toBe('1.25×');
    expect(cells[6]).toBe('1.50×');
  });

  it('says the floor proxies OpenAI chat', () => {
    expect(table).toContain('it proxies OpenAI chat');
    expect(renderRatios(run([target('floor', 1, 1, 1), target('llmux', 1, 1, 1)]))).not.toContain(
      'proxies OpenAI chat',
    );
  });
});

describe('evaluateTargets: the /v1/messages routes', () => {
  it('holds the relay to the pass-through floor ratio and the translated route to the translating one', () => {
    const checks = evaluateTargets(
      run([
        target('floor', 10_000, 50, 60),
        target('llmux-messages-relay', 7_500, 60, 70),
        target('llmux-messages', 7_500, 60, 70),
      ]),
    );
    const throughput = (id: string) => checks.find((check) => check.name === `${id}: req/s at c=64`);
    expect(throughput('llmux-messages-relay')).toMatchObject({ required: '≥ 0.8 × floor', pass: false });
    expect(throughput('llmux-messages')).toMatchObject({ required: '≥ 0.7 × floor', pass: true });
    expect(checks.find((check) => check.name === 'llmux-messages: peak RSS')?.pass).toBe(true);
  });
});
