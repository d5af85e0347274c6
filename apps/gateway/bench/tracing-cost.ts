// What the tracing code costs by itself, in one process with no request around it: CPU per request for one
// request span and one attempt span (started, described, headers injected, ended) through the real SDK and
// OTLP/HTTP exporter, to a discarding collector in the same process. One child process per sampler setting,
// so the SDK reads its OTEL_* variables fresh and no JIT state is shared.
//
//   pnpm --filter @llmux/gateway bench:tracing
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { createRequestState } from '../src/pipeline/request-state.js';
import type { Deployment } from '../src/routing/deployments.js';
import { createOtelTracing } from '../src/tracing/otel-tracing.js';

const REQUESTS = 20_000;
/** 2000 requests a second (about what one gateway process serves at concurrency 64), in bursts of 100. */
const BURST = 100;
const BURST_GAP_MS = 50;
const SETTINGS: Array<[string, Record<string, string>]> = [
  ['every request sampled (the default)', {}],
  [
    '10 % sampled (parentbased_traceidratio 0.1)',
    {
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.1',
    },
  ],
  ['none sampled (always_off)', { OTEL_TRACES_SAMPLER: 'always_off' }],
];

async function measure(): Promise<{ cpuMicros: number; exportedKiB: number }> {
  let received = 0;
  const collector = createServer((request, response) => {
    request.on('data', (chunk: Buffer) => {
      received += chunk.length;
    });
    request.on('end', () => response.end('{}'));
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  const { port } = collector.address() as AddressInfo;
  const tracing = createOtelTracing(
    {
      url: `http://127.0.0.1:${port}/v1/traces`,
      headers: {},
      serviceName: 'tracing-cost',
      resourceAttributes: {},
      scheduleDelayMs: 1000,
      exportTimeoutMs: 10_000,
    },
    pino({ level: 'silent' }),
  );
  const deployment = {
    name: 'openai:gpt-4o-mini#0',
    provider: 'openai',
    upstreamModel: 'gpt-4o-mini',
    baseUrl: 'http://127.0.0.1:9000/v1',
  } as Deployment;
  const request = { model: 'gpt-4o-mini', messages: [], max_tokens: 100, temperature: 0.2 };
  const upstreamHeaders = { 'content-type': 'application/json', authorization: 'Bearer sk-bench' };
  const incomingHeaders = { host: 'gateway', 'content-type': 'application/json' };
  const traceOne = () => {
    const state = createRequestState('req_bench', 'POST', '/v1/chat/completions');
    const trace = tracing.startRequest(incomingHeaders, state.requestId);
    trace.describeRequest(request);
    state.attempts = 1;
    state.deployment = deployment;
    const attempt = trace.startAttempt(deployment, 1, 0);
    attempt.addTraceHeaders(upstreamHeaders);
    attempt.recordStatus(200);
    attempt.end('success');
    state.status = 200;
    state.usage = { prompt_tokens: 10, completion_tokens: 20, total_tokens: 30 };
    trace.addFinishReason('stop');
    trace.end(state, 200);
  };
  // Paced like real traffic, so the batch processor and the exporter keep up (a tight loop would overflow the
  // queue and measure dropped spans instead of exported ones).
  const run = async (count: number) => {
    for (let done = 0; done < count; done += BURST) {
      for (let index = 0; index < BURST; index++) traceOne();
      await new Promise((resolve) => setTimeout(resolve, BURST_GAP_MS));
    }
  };
  await run(2000);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  received = 0;
  const before = process.cpuUsage();
  await run(REQUESTS);
  // Everything queued is exported (and its CPU counted) before the clock stops.
  await tracing.shutdown(30_000);
  const spent = process.cpuUsage(before);
  collector.close();
  return { cpuMicros: (spent.user + spent.system) / REQUESTS, exportedKiB: received / 1024 };
}

if (process.argv[2] === '--child') {
  const result = await measure();
  process.stdout.write(JSON.stringify(result));
  process.exit(0);
}
process.stdout.write(`tracing alone, ${REQUESTS} requests (2 spans each), CPU µs per request:\n`);
for (const [label, env] of SETTINGS) {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child'], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`${label}: ${child.stderr}`);
  const { cpuMicros, exportedKiB } = JSON.parse(child.stdout) as { cpuMicros: number; exportedKiB: number };
  process.stdout.write(
    `  ${cpuMicros.toFixed(1).padStart(6)}  ${label} (${Math.round(exportedKiB)} KiB exported)\n`,
  );
}
