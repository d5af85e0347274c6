// The cost of per-key governance, in isolation: the gateway's own limiter (obtained through the public
// `createGateway`, SQLite in a temp directory, nothing listening) admits and settles N requests, as the chat
// handler does — for a key without limits, and for a key with rpm, tpm, parallel and budget limits (whose
// admission also estimates the request's worst case from the parsed 1.6 KB bench request). Prints JSON: CPU µs
// per request, the median of several rounds, less the loop's own cost.
import { parseChatRequest } from '@llmux/contract';
import { estimateWorstCase, type KeyLimits, worstCaseInputOf } from '@llmux/gateway';
import { chatRequest, usageRow } from './payloads.js';
import { createQuietGateway } from './quiet-gateway.js';

export interface LimitsCostResult {
  requests: number;
  /** admit + settle, key without limits. */
  unlimitedMicros: number;
  /** worst-case estimate + admit + settle, key with rpm, tpm, parallel and budget limits. */
  limitedMicros: number;
  /** CPU µs per usage row (journal + batch commit) without a charge, and with one (the key_spend trigger). */
  usageRowMicros: { uncharged: number; charged: number };
}

const requests = Number(process.argv[2] ?? 200_000);
const rounds = 7;
const { gateway, close } = await createQuietGateway('limits');
const limiter = gateway.limiter;
const body = chatRequest('gpt-4o-mini');
const parsed = parseChatRequest(JSON.parse(body));
if (!parsed.success) throw new Error('bench request does not parse');
const request = parsed.data;
const promptBytes = Buffer.byteLength(body);
const pricings = [{ input: 0.15, output: 0.6, cachedInput: 0.075 }];
// Limits high enough never to refuse within the run: every request pays the full admission path.
const limits: KeyLimits = {
  rpmLimit: 1_000_000_000,
  tpmLimit: 1_000_000_000_000,
  maxParallelRequests: 1_000_000,
  maxBudgetUsd: 1_000_000,
  budgetDuration: '30d',
};
limiter.setBudgetDuration('key_limited', '30d', Date.now());
const outcome = { costUsd: 0.0000852, tokens: 427, upstreamMayHaveBilled: true };

function unlimited(): void {
  const admission = limiter.admit({ keyId: 'key_unlimited', limits: null });
  if (admission instanceof Promise || !admission.admitted) throw new Error('refused');
  limiter.settle(admission.reservation, outcome);
}

function limited(): void {
  const worstCase = estimateWorstCase(worstCaseInputOf(request, promptBytes, 16_384, pricings));
  const admission = limiter.admit({ keyId: 'key_limited', limits, worstCase, model: 'gpt-4o-mini' });
  if (admission instanceof Promise || !admission.admitted) throw new Error('refused');
  limiter.settle(admission.reservation, outcome);
}

let sink = 0;
function empty(): void {
  sink++;
}

function cpuMicrosPerCall(work: () => void): number {
  const before = process.cpuUsage();
  for (let index = 0; index < requests; index++) work();
  const spent = process.cpuUsage(before);
  return (spent.user + spent.system) / requests;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const samples = { empty: [] as number[], unlimited: [] as number[], limited: [] as number[] };
// Round 0 warms the JIT and is dropped.
for (let round = 0; round <= rounds; round++) {
  const emptyMicros = cpuMicrosPerCall(empty);
  const unlimitedMicros = cpuMicrosPerCall(unlimited);
  const limitedMicros = cpuMicrosPerCall(limited);
  if (round === 0) continue;
  samples.empty.push(emptyMicros);
  samples.unlimited.push(unlimitedMicros);
  samples.limited.push(limitedMicros);
}
const loop = median(samples.empty);

// The settled charge rides on the usage row; the row's insert trigger adds it to key_spend. What that costs in
// the usage batch: the same rows with and without a charge, 8 per event-loop turn as in usage-cost.ts.
gateway.database.exec("INSERT OR IGNORE INTO key_spend (key_id) VALUES ('key_limited')");
let rowCount = 0;
function chargedRow(charged: boolean) {
  rowCount++;
  return usageRow(
    `bench-limits-${process.pid}-${rowCount}`,
    'key_limited',
    charged ? { nanoUsd: 85_200, budgetPeriod: 0 } : undefined,
  );
}
async function usageMicrosPerRow(charged: boolean, rows: number): Promise<number> {
  const before = process.cpuUsage();
  for (let turn = 0; turn < rows / 8; turn++) {
    for (let index = 0; index < 8; index++) gateway.usage.record(chargedRow(charged));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  gateway.usage.flush();
  const spent = process.cpuUsage(before);
  return (spent.user + spent.system) / rows;
}
const rowSamples = { uncharged: [] as number[], charged: [] as number[] };
const rows = Math.max(800, Math.floor(requests / 20));
for (let round = 0; round <= 5; round++) {
  const uncharged = await usageMicrosPerRow(false, rows);
  const charged = await usageMicrosPerRow(true, rows);
  if (round === 0) continue;
  rowSamples.uncharged.push(uncharged);
  rowSamples.charged.push(charged);
}

const result: LimitsCostResult = {
  requests,
  unlimitedMicros: Math.max(0, median(samples.unlimited) - loop),
  limitedMicros: Math.max(0, median(samples.limited) - loop),
  usageRowMicros: { uncharged: median(rowSamples.uncharged), charged: median(rowSamples.charged) },
};
await close();
if (sink < 0) process.stdout.write('');
process.stdout.write(`${JSON.stringify(result)}\n`);
