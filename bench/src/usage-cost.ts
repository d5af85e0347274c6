// The cost of recording usage, in isolation: the gateway's own UsageStore (journal append with one writeSync,
// then a SQLite transaction per 100 rows), driven through the public `createGateway` (storage opened in a temp
// directory, nothing listening). Prints JSON: CPU µs per row, the journal append's share, and how long a turn that
// commits a batch blocks the event loop.
import { usageRow } from './payloads.js';
import { createQuietGateway } from './quiet-gateway.js';

export interface UsageCostResult {
  rows: number;
  cpuMicrosPerRow: number;
  /** Wall µs per row of a turn that only journals (median turn, less the harness's own turn). */
  appendMicrosP50: number;
  /** A turn that also commits a batch of 100 rows to SQLite: how long it blocks the event loop (the median of the slowest 8 % of turns). */
  commitMicrosP50: number;
}

const rows = Number(process.argv[2] ?? 20_000);
const { gateway, close } = await createQuietGateway('usage');

function makeRow(index: number) {
  const row = usageRow(`bench-${process.pid}-${index}`, 'key_bench');
  row.stream = (index % 2) as 0 | 1;
  return row;
}

// Rows arrive a few per event-loop turn, as requests finishing together do; the store may write its journal at
// the end of a turn (one write for the turn's rows), so each turn ends with a setImmediate.
const perTurn = 8;
async function drive(count: number, offset: number, record: boolean): Promise<Float64Array> {
  const turns = Math.ceil(count / perTurn);
  const durations = new Float64Array(turns);
  for (let turn = 0; turn < turns; turn++) {
    const started = process.hrtime.bigint();
    if (record) {
      for (let index = 0; index < perTurn; index++)
        gateway.usage.record(makeRow(offset + turn * perTurn + index));
    } else {
      for (let index = 0; index < perTurn; index++) makeRow(offset + turn * perTurn + index);
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
    durations[turn] = Number(process.hrtime.bigint() - started) / 1e3;
  }
  return durations;
}

function measureCpu(run: () => Promise<Float64Array>): Promise<{ micros: number; durations: Float64Array }> {
  const before = process.cpuUsage();
  return run().then((durations) => {
    const spent = process.cpuUsage(before);
    return { micros: spent.user + spent.system, durations };
  });
}

// Warm the JIT and the prepared statement, then the same loop without recording (the harness's own cost).
await drive(2_000, -1_000_000, true);
gateway.usage.flush();
const baseline = await measureCpu(() => drive(rows, 0, false));
const measured = await measureCpu(() => drive(rows, rows, true));
const sorted = [...measured.durations].sort((a, b) => a - b);
const baselineSorted = [...baseline.durations].sort((a, b) => a - b);
const percentile = (values: number[], fraction: number) =>
  values[Math.min(values.length - 1, Math.floor(values.length * fraction))] ?? Number.NaN;
const result: UsageCostResult = {
  rows,
  cpuMicrosPerRow: (measured.micros - baseline.micros) / rows,
  // A turn of 8 rows, less the same turn without recording, per row: the journal append's share.
  appendMicrosP50: (percentile(sorted, 0.5) - percentile(baselineSorted, 0.5)) / perTurn,
  // One turn in 12.5 commits a batch of 100 rows: the slowest 8 % of turns are commits, and p96 their median.
  commitMicrosP50: percentile(sorted, 0.96),
};
await close();
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
