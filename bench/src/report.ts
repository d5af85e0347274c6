// Turns measurements into the markdown report: one table per run, the ratios, and PASS/MISS per target.

import type { LimitsCostResult } from './limits-cost.js';
import type { LoadResult } from './load.js';
import type { TranslateCostResult } from './translate-cost.js';
import type { UsageCostResult } from './usage-cost.js';

export type TargetId =
  | 'direct'
  | 'floor'
  | 'recipe'
  | 'llmux'
  | 'llmux-anthropic'
  | 'llmux-gemini'
  | 'llmux-messages-relay'
  | 'llmux-messages'
  | 'llmux-gemini-inbound-relay'
  | 'llmux-gemini-inbound'
  | 'llmux-silent'
  | 'llmux-alt'
  | 'llmux-traced'
  | 'portkey'
  | 'portkey-anthropic';

export interface TargetResult {
  id: TargetId;
  label: string;
  latency: LoadResult;
  throughput: LoadResult & { cpuMicros: number | undefined };
  stream: LoadResult & { cpuMicros: number | undefined; chunksPerStream: number };
  ttft: LoadResult;
  peakRssMiB: number | undefined;
}

export interface RunResult {
  targets: TargetResult[];
  usage: UsageCostResult | undefined;
  translation: TranslateCostResult | undefined;
  limits: LimitsCostResult | undefined;
  loadBefore: string;
  loadAfter: string;
}

export interface Check {
  name: string;
  required: string;
  measured: string;
  pass: boolean;
}

const format = (value: number | undefined, digits = 0): string =>
  value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits);

export function cpuPerRequest(result: TargetResult): number | undefined {
  const { cpuMicros, requests } = result.throughput;
  return cpuMicros === undefined || requests === 0 ? undefined : cpuMicros / requests;
}

export function cpuPerStream(result: TargetResult): number | undefined {
  const { cpuMicros, requests } = result.stream;
  return cpuMicros === undefined || requests === 0 ? undefined : cpuMicros / requests;
}

function errorsOf(result: TargetResult): number {
  return result.latency.errors + result.throughput.errors + result.stream.errors + result.ttft.errors;
}

/** One row per target: every figure the brief asks for. Latencies in µs at c=1 (own client), ms elsewhere. */
export function renderTable(run: RunResult): string {
  const direct = run.targets.find((target) => target.id === 'direct');
  const header = [
    'target',
    'p50 c=1 (µs)',
    'added p50 (µs)',
    'p99 c=1 (µs)',
    'req/s c=64',
    'p99 c=64 (ms)',
    'streams/s c=64',
    'chunks/s',
    'stream p99 (ms)',
    'TTFT p50 (ms)',
    'added TTFT (ms)',
    'TTFT p99 (ms)',
    'CPU µs/req',
    'CPU µs/stream',
    'peak RSS (MiB)',
    'errors',
  ];
  const lines = [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, index) => (index === 0 ? '---' : '---:')).join('|')}|`,
  ];
  for (const target of run.targets) {
    const addedLatency = direct === undefined ? undefined : (target.latency.p50 - direct.latency.p50) * 1000;
    const addedTtft = direct === undefined ? undefined : target.ttft.p50 - direct.ttft.p50;
    const cells = [
      target.label,
      format(target.latency.p50 * 1000),
      target.id === 'direct' ? '—' : format(addedLatency),
      format(target.latency.p99 * 1000),
      format(target.throughput.requestsPerSecond),
      format(target.throughput.p99, 1),
      format(target.stream.requestsPerSecond),
      format(target.stream.requestsPerSecond * target.stream.chunksPerStream),
      format(target.stream.p99, 1),
      format(target.ttft.p50, 2),
      target.id === 'direct' ? '—' : format(addedTtft, 2),
      format(target.ttft.p99, 2),
      format(cpuPerRequest(target)),
      format(cpuPerStream(target)),
      format(target.peakRssMiB, 0),
      String(errorsOf(target)),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

function ratio(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined || b === 0 ? undefined : a / b;
}

/** llmux ÷ floor and llmux ÷ Portkey for the headline figures. */
export function renderRatios(run: RunResult): string {
  const byId = new Map(run.targets.map((target) => [target.id, target]));
  const direct = byId.get('direct');
  const pairs: Array<[TargetId, TargetId]> = [
    ['recipe', 'floor'],
    ['llmux', 'floor'],
    ['llmux', 'recipe'],
    ['llmux-anthropic', 'floor'],
    ['llmux-gemini', 'floor'],
    ['llmux-messages-relay', 'floor'],
    ['llmux-messages', 'floor'],
    ['llmux-messages-relay', 'llmux'],
    ['llmux-messages', 'llmux'],
    ['llmux-gemini-inbound-relay', 'floor'],
    ['llmux-gemini-inbound', 'floor'],
    ['llmux-gemini-inbound-relay', 'llmux'],
    ['llmux-gemini-inbound', 'llmux'],
    ['llmux-silent', 'floor'],
    ['llmux-alt', 'floor'],
    ['llmux-traced', 'floor'],
    ['llmux-traced', 'llmux'],
    ['llmux', 'portkey'],
    ['llmux-anthropic', 'portkey-anthropic'],
  ];
  const header = [
    'ratio',
    'req/s',
    'streams/s',
    'added p50 c=1',
    'added TTFT',
    'CPU/req',
    'CPU/stream',
    'peak RSS',
  ];
  const lines = [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, index) => (index === 0 ? '---' : '---:')).join('|')}|`,
  ];
  for (const [a, b] of pairs) {
    const left = byId.get(a);
    const right = byId.get(b);
    if (left === undefined || right === undefined) continue;
    const added = (target: TargetResult) =>
      direct === undefined ? undefined : target.latency.p50 - direct.latency.p50;
    const addedTtft = (target: TargetResult) =>
      direct === undefined ? undefined : target.ttft.p50 - direct.ttft.p50;
    const cells = [
      `${left.label} ÷ ${right.label}`,
      ratio(left.throughput.requestsPerSecond, right.throughput.requestsPerSecond),
      ratio(left.stream.requestsPerSecond, right.stream.requestsPerSecond),
      ratio(added(left), added(right)),
      ratio(addedTtft(left), addedTtft(right)),
      ratio(cpuPerRequest(left), cpuPerRequest(right)),
      ratio(cpuPerStream(left), cpuPerStream(right)),
      ratio(left.peakRssMiB, right.peakRssMiB),
    ].map((cell) => (typeof cell === 'string' ? cell : cell === undefined ? '—' : `${cell.toFixed(2)}×`));
    lines.push(`| ${cells.join(' | ')} |`);
  }
  if (byId.has('floor') && (byId.has('llmux-messages-relay') || byId.has('llmux-messages'))) {
    lines.push(
      '',
      'The `/v1/messages` routes are divided by the same floor as every other target: it proxies OpenAI chat ' +
        '(`/v1/chat/completions`, its bytes piped both ways), not Anthropic Messages.',
    );
  }
  if (byId.has('floor') && (byId.has('llmux-gemini-inbound-relay') || byId.has('llmux-gemini-inbound'))) {
    lines.push(
      '',
      'The Gemini API routes (`/v1beta/models/{model}:generateContent`) are divided by the same floor too: it ' +
        'proxies OpenAI chat, not Gemini.',
    );
  }
  return lines.join('\n');
}

/** The routes a user runs (the ablations left out): each gets the TTFT and peak RSS checks. */
const llmuxRoutes = [
  'llmux',
  'llmux-anthropic',
  'llmux-gemini',
  'llmux-messages-relay',
  'llmux-messages',
  'llmux-gemini-inbound-relay',
  'llmux-gemini-inbound',
] as const;

/** The brief's targets for llmux, each as a ratio taken in the same run. */
export function evaluateTargets(run: RunResult): Check[] {
  const byId = new Map(run.targets.map((target) => [target.id, target]));
  const floor = byId.get('floor');
  const direct = byId.get('direct');
  const checks: Check[] = [];
  const x = (value: number | undefined) => (value === undefined ? '—' : `${value.toFixed(2)}×`);
  const addCheck = (
    name: string,
    required: string,
    value: number | undefined,
    pass: (v: number) => boolean,
    shown?: string,
  ) =>
    checks.push({
      name,
      required,
      measured: shown ?? x(value),
      pass: value !== undefined && Number.isFinite(value) && pass(value),
    });

  const llmux = byId.get('llmux');
  if (floor !== undefined) {
    for (const [id, minimum] of [
      ['llmux', 0.8],
      ['llmux-anthropic', 0.7],
      ['llmux-gemini', 0.7],
      ['llmux-messages-relay', 0.8],
      ['llmux-messages', 0.7],
      ['llmux-gemini-inbound-relay', 0.8],
      ['llmux-gemini-inbound', 0.7],
    ] as const) {
      const target = byId.get(id);
      if (target === undefined) continue;
      addCheck(
        `${target.label}: req/s at c=64`,
        `≥ ${minimum} × floor`,
        ratio(target.throughput.requestsPerSecond, floor.throughput.requestsPerSecond),
        (v) => v >= minimum,
      );
    }
  }
  const translating = byId.get('llmux-anthropic');
  const portkeyTranslating = byId.get('portkey-anthropic');
  if (translating !== undefined && portkeyTranslating !== undefined) {
    addCheck(
      `${translating.label}: req/s at c=64`,
      '≥ 5 × Portkey (same route)',
      ratio(translating.throughput.requestsPerSecond, portkeyTranslating.throughput.requestsPerSecond),
      (v) => v >= 5,
    );
  }
  if (llmux !== undefined && floor !== undefined) {
    addCheck(
      `${llmux.label}: streams/s at c=64`,
      '≥ 0.8 × floor',
      ratio(llmux.stream.requestsPerSecond, floor.stream.requestsPerSecond),
      (v) => v >= 0.8,
    );
    if (direct !== undefined) {
      const added = (llmux.latency.p50 - direct.latency.p50) * 1000;
      const floorAdded = (floor.latency.p50 - direct.latency.p50) * 1000;
      addCheck(
        `${llmux.label}: added p50 latency at c=1`,
        '≤ 1.5 × floor added',
        ratio(added, floorAdded),
        (v) => v <= 1.5,
        `${x(ratio(added, floorAdded))} (${added.toFixed(0)} vs ${floorAdded.toFixed(0)} µs)`,
      );
    }
    addCheck(
      `${llmux.label}: CPU per request`,
      '≤ 1.3 × floor',
      ratio(cpuPerRequest(llmux), cpuPerRequest(floor)),
      (v) => v <= 1.3,
    );
    addCheck(
      `${llmux.label}: CPU per stream`,
      '≤ 1.3 × floor',
      ratio(cpuPerStream(llmux), cpuPerStream(floor)),
      (v) => v <= 1.3,
    );
  }
  if (direct !== undefined) {
    for (const id of llmuxRoutes) {
      const target = byId.get(id);
      if (target === undefined) continue;
      const added = target.ttft.p50 - direct.ttft.p50;
      addCheck(
        `${target.label}: added TTFT p50`,
        '≤ 1.5 ms',
        added,
        (v) => v <= 1.5,
        `${added.toFixed(2)} ms`,
      );
    }
  }
  for (const id of llmuxRoutes) {
    const target = byId.get(id);
    if (target === undefined) continue;
    addCheck(
      `${target.label}: peak RSS`,
      '≤ 150 MiB',
      target.peakRssMiB,
      (v) => v <= 150,
      `${format(target.peakRssMiB)} MiB`,
    );
  }
  return checks;
}

export function renderChecks(checks: Check[]): string {
  const lines = ['| target | required | measured | |', '|---|---|---:|---|'];
  for (const check of checks) {
    lines.push(
      `| ${check.name} | ${check.required} | ${check.measured} | ${check.pass ? 'PASS' : '**MISS**'} |`,
    );
  }
  return lines.join('\n');
}

export function renderUsage(usage: UsageCostResult | undefined): string {
  if (usage === undefined) return 'usage write: not measured';
  return (
    `usage write (the gateway's UsageStore in isolation, ${usage.rows} rows, 8 per event-loop turn): ` +
    `${usage.cpuMicrosPerRow.toFixed(1)} µs CPU per row (journal append + its share of the SQLite batch commits); ` +
    `a turn that only journals costs ${usage.appendMicrosP50.toFixed(1)} µs per row; ` +
    `a turn that commits a batch of 100 blocks the event loop ~${usage.commitMicrosP50.toFixed(0)} µs`
  );
}

export function renderLimits(limits: LimitsCostResult | undefined): string {
  if (limits === undefined) return 'limits: not measured';
  return (
    `limits (the gateway's in-process limiter in isolation, ${limits.requests} requests per round): admit + settle ` +
    `${limits.unlimitedMicros.toFixed(2)} µs CPU per request for a key without limits; ` +
    `${limits.limitedMicros.toFixed(2)} µs with rpm, tpm, parallel and budget limits (worst-case estimate included); ` +
    `a usage row carrying the settled charge (the key_spend trigger) costs ${limits.usageRowMicros.charged.toFixed(1)} µs ` +
    `CPU in the usage store against ${limits.usageRowMicros.uncharged.toFixed(1)} µs without one`
  );
}

export function renderTranslation(translation: TranslateCostResult | undefined): string {
  if (translation === undefined) return 'translation alone: not measured';
  const routes = Object.keys(translation.stream)
    .map(
      (route) =>
        `${route} ${translation.whole[route]?.toFixed(1)} µs whole / ${translation.stream[route]?.toFixed(0)} µs per 50-event stream`,
    )
    .join('; ');
  return (
    `translation alone (llmux's packages in one process, no I/O): request validation ` +
    `${translation.validateRequest.toFixed(1)} µs; response, by upstream protocol: ${routes}`
  );
}
