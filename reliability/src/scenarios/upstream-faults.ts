import type { Scenario } from '@llmux/simulators';
import { type Figure, figure } from '../figures.js';
import type { GatewayProcess } from '../gateway-process.js';
import type { Answer, InboundProtocol } from '../protocols/index.js';
import { SUITE_ROUTING, type SuiteContext, sleep } from '../suite-context.js';
import { FALLBACK, type FaultScript, PRIMARY } from '../upstream.js';
import { chat } from './chat.js';
import type { ReliabilityScenario } from './scenario.js';

const TEXT = 'The quick brown fox jumps over the lazy dog, and back again.';
/** What a healthy upstream answers: ~15 streamed events, so a mid-stream fault has events before it. */
const ANSWER: Scenario = { text: TEXT, chunkSize: 4 };

export interface UpstreamFault {
  name: string;
  /** The fault before any byte of the answer reached the client, per mode (absent: no such form). */
  before: { whole?: Scenario; stream?: Scenario };
  /** The same fault after the first events reached the client (streams only: no retry is possible then). */
  midStream?: Scenario;
}

const both = (fault: Scenario) => ({ whole: fault, stream: fault });

/** Each upstream fault the issue names, as the simulators script it. */
export const UPSTREAM_FAULTS: readonly UpstreamFault[] = [
  { name: '429 with retry-after', before: both({ error: { status: 429, headers: { 'retry-after': '1' } } }) },
  { name: '500', before: both({ error: { status: 500 } }) },
  { name: '503', before: both({ error: { status: 503 } }) },
  { name: '529 overloaded', before: both({ error: { status: 529 } }) },
  { name: 'reset before headers', before: both({ resetBeforeHeaders: true }) },
  { name: 'cut mid-stream', before: both({ cutAfterEvents: 0 }), midStream: { cutAfterEvents: 3 } },
  { name: 'stall', before: both({ stallAfterEvents: 0 }), midStream: { stallAfterEvents: 3 } },
  {
    name: 'malformed JSON',
    before: { whole: { truncateAfterEvents: 0 }, stream: { malformedEventAt: 0 } },
    midStream: { malformedEventAt: 3 },
  },
  {
    name: 'truncated SSE',
    before: { stream: { truncateAfterEvents: 0 } },
    midStream: { truncateAfterEvents: 3 },
  },
  {
    name: 'error event',
    before: { stream: { errorEventAfterEvents: 0 } },
    midStream: { errorEventAfterEvents: 3 },
  },
];

/**
 * The promise per case:
 * - `retry` (the first attempt fails) and `failover` (the primary always fails): the whole answer, exact;
 * - `persistent` (every attempt fails): an error in the protocol's shape, within the request deadline;
 * - `mid-stream` (the fault after the first events reached the client): an error event, never a clean end
 *   (an exact whole answer would do too).
 * None may hang or end as a silent truncation.
 */
type CaseKind = 'retry' | 'failover' | 'persistent' | 'mid-stream';

interface CaseResult {
  label: string;
  answer: Answer;
  kept: boolean;
}

function scriptFor(kind: CaseKind, fault: Scenario): FaultScript {
  const failing = { ...ANSWER, ...fault };
  switch (kind) {
    case 'retry':
    case 'mid-stream':
      return (attempt) => (attempt === 1 ? failing : ANSWER);
    case 'failover':
      return (_attempt, deployment) => (deployment === PRIMARY ? failing : ANSWER);
    case 'persistent':
      return () => failing;
  }
}

function keepsPromise(kind: CaseKind, answer: Answer): boolean {
  const exact = answer.outcome === 'complete' && answer.text === TEXT;
  if (kind === 'retry' || kind === 'failover') return exact;
  if (kind === 'persistent') return answer.outcome === 'error';
  return exact || answer.outcome === 'error';
}

async function runCase(
  context: SuiteContext,
  gateway: GatewayProcess,
  protocol: InboundProtocol,
  kind: CaseKind,
  fault: Scenario,
  stream: boolean,
): Promise<CaseResult> {
  const text = context.upstream.script(scriptFor(kind, fault), kind);
  const { answer } = await chat(context, gateway, protocol, {
    text,
    stream,
    deadlineMs: SUITE_ROUTING.requestTimeoutMs + 5_000,
  });
  // A case that tripped the circuit breaker must not steer the next one: wait out the cool-down.
  if (kind !== 'retry') await sleep(SUITE_ROUTING.cooldownMs + 50);
  return { label: `${kind} ${stream ? 'stream' : 'whole'}`, answer, kept: keepsPromise(kind, answer) };
}

export const upstreamFaultsScenario: ReliabilityScenario = {
  name: 'upstream faults',
  budgetMs: () => 240_000,
  async run(context) {
    const figures: Figure[] = [];
    const gateway = await context.startGateway({ logLevel: 'debug' });
    try {
      for (const protocol of context.protocols) {
        const scenario = `upstream faults (${protocol.name})`;
        const all: CaseResult[] = [];
        for (const fault of UPSTREAM_FAULTS) {
          const results: CaseResult[] = [];
          for (const stream of [false, true]) {
            const before = stream ? fault.before.stream : fault.before.whole;
            if (before === undefined) continue;
            for (const kind of ['retry', 'failover', 'persistent'] as const) {
              results.push(await runCase(context, gateway, protocol, kind, before, stream));
            }
          }
          if (fault.midStream !== undefined) {
            results.push(await runCase(context, gateway, protocol, 'mid-stream', fault.midStream, true));
          }
          all.push(...results);
          const broken = results.filter((result) => !result.kept);
          figures.push(
            figure(
              scenario,
              `${fault.name}: broken promises`,
              broken.length,
              '=',
              0,
              '',
              broken.length === 0
                ? `${results.length} cases kept: ${summarize(results)}`
                : broken
                    .map((result) => `${result.label} → ${result.answer.outcome} ${result.answer.note ?? ''}`)
                    .join('; '),
            ),
          );
        }
        const count = (outcome: Answer['outcome']) =>
          all.filter((result) => result.answer.outcome === outcome).length;
        figures.push(
          figure(scenario, 'hung clients', count('hung'), '=', 0, '', `of ${all.length} requests`),
        );
        figures.push(
          figure(scenario, 'silent truncations', count('truncated'), '=', 0, '', `of ${all.length} requests`),
        );
        figures.push(await measureBreaker(context, protocol, scenario));
      }
    } finally {
      await gateway.stop();
    }
    return figures;
  },
};

function summarize(results: readonly CaseResult[]): string {
  const recovered = results.filter((result) => result.answer.outcome === 'complete').length;
  return `${recovered} recovered, ${results.length - recovered} clean errors`;
}

/**
 * The circuit breaker: with the primary down, the first request spends `failureThreshold` attempts on it,
 * and the next ones go straight to the fallback until the cool-down ends. A gateway of its own, with a
 * cool-down (5 s) no slow machine outlasts during the 10 requests.
 */
async function measureBreaker(
  context: SuiteContext,
  protocol: InboundProtocol,
  scenario: string,
): Promise<Figure> {
  const gateway = await context.startGateway({ routing: { cooldownMs: 5_000 } });
  try {
    return await countBreakerAttempts(context, gateway, protocol, scenario);
  } finally {
    await gateway.stop();
  }
}

async function countBreakerAttempts(
  context: SuiteContext,
  gateway: GatewayProcess,
  protocol: InboundProtocol,
  scenario: string,
): Promise<Figure> {
  const requests = 10;
  const texts: string[] = [];
  let complete = 0;
  for (let index = 0; index < requests; index++) {
    const text = context.upstream.script(
      (_attempt, deployment) => (deployment === FALLBACK ? ANSWER : { error: { status: 500 } }),
      'breaker',
    );
    texts.push(text);
    const { answer } = await chat(context, gateway, protocol, { text, stream: index % 2 === 1 });
    if (answer.outcome === 'complete' && answer.text === TEXT) complete++;
  }
  const primaryAttempts = texts
    .flatMap((text) => context.upstream.attemptsOf(text))
    .filter((request) => request.provider === PRIMARY).length;
  return figure(
    scenario,
    `circuit breaker: attempts on a dead deployment over ${requests} requests`,
    complete === requests ? primaryAttempts : Number.NaN,
    '<=',
    SUITE_ROUTING.failureThreshold,
    '',
    `${complete}/${requests} answered by the fallback`,
  );
}
