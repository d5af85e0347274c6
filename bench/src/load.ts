// The load generator, always in its own process so its CPU never counts against a target. One workload per
// invocation: argv[2] is a JSON `LoadJob`; the JSON `LoadResult` is written to stdout.
//  - throughput: autocannon at a fixed concurrency (requests/s, p99; ms resolution is enough there);
//  - latency: one keep-alive connection, requests back to back, each timed with hrtime (µs resolution, which
//    autocannon's millisecond histogram does not give);
//  - ttft: a few connections, time from the request's last byte sent to the chunk holding the first token
//    (`firstTokenMarker`: a `data:` line for OpenAI clients, the first `content_block_delta` for Anthropic ones).
import { Agent, request as httpRequest } from 'node:http';
import autocannon from 'autocannon';
import { createFirstTokenScanner, FIRST_TOKEN_MARKERS } from './first-token.js';

export interface LoadJob {
  kind: 'throughput' | 'latency' | 'ttft';
  url: string;
  headers: Record<string, string>;
  body: string;
  connections: number;
  /** Seconds (throughput, latency). */
  seconds: number;
  /** Number of requests (ttft). */
  requests: number;
  /** What the first token's chunk contains (ttft); `data:` unless given. */
  firstTokenMarker?: string;
}

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  requestsPerSecond: number;
  /** Milliseconds. */
  p50: number;
  p99: number;
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] as number;
}

async function runThroughput(job: LoadJob): Promise<LoadResult> {
  const result = await autocannon({
    url: job.url,
    method: 'POST',
    headers: job.headers,
    body: job.body,
    connections: job.connections,
    duration: job.seconds,
  });
  return {
    requests: result.requests.total,
    errors: result.errors + result.timeouts + result.non2xx,
    seconds: result.duration,
    requestsPerSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

interface Timed {
  ok: boolean;
  /** ms from the request's end to the body chunk holding the first token (ttft); -1 when none came. */
  firstData: number;
  total: number;
}

function timeOne(job: LoadJob, agent: Agent, target: URL): Promise<Timed> {
  return new Promise((resolve) => {
    let start = 0n;
    let firstData = -1;
    const firstToken = createFirstTokenScanner(job.firstTokenMarker ?? FIRST_TOKEN_MARKERS.openai);
    const request = httpRequest(
      {
        agent,
        hostname: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: { ...job.headers, 'content-length': Buffer.byteLength(job.body) },
      },
      (response) => {
        response.on('data', (chunk: Buffer) => {
          if (firstData < 0 && firstToken(chunk)) firstData = Number(process.hrtime.bigint() - start) / 1e6;
        });
        response.on('end', () => {
          const total = Number(process.hrtime.bigint() - start) / 1e6;
          resolve({ ok: response.statusCode === 200, firstData, total });
        });
        response.on('error', () => resolve({ ok: false, firstData, total: 0 }));
      },
    );
    request.on('error', () => resolve({ ok: false, firstData, total: 0 }));
    // Node hands the request to a free keep-alive socket on the next tick: the same delay for every target.
    start = process.hrtime.bigint();
    request.end(job.body);
  });
}

async function runTimed(job: LoadJob): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: job.connections });
  const target = new URL(job.url);
  const samples: number[] = [];
  let errors = 0;
  const began = process.hrtime.bigint();
  const deadline = began + BigInt(Math.round(job.seconds * 1e9));
  let issued = 0;
  const worker = async () => {
    for (;;) {
      if (job.kind === 'ttft' ? issued >= job.requests : process.hrtime.bigint() >= deadline) return;
      issued += 1;
      const timed = await timeOne(job, agent, target);
      const value = job.kind === 'ttft' ? timed.firstData : timed.total;
      if (!timed.ok || value < 0) errors += 1;
      else samples.push(value);
    }
  };
  await Promise.all(Array.from({ length: job.connections }, worker));
  const seconds = Number(process.hrtime.bigint() - began) / 1e9;
  agent.destroy();
  samples.sort((a, b) => a - b);
  return {
    requests: samples.length,
    errors,
    seconds,
    requestsPerSecond: samples.length / seconds,
    p50: percentile(samples, 0.5),
    p99: percentile(samples, 0.99),
  };
}

const job = JSON.parse(process.argv[2] ?? '{}') as LoadJob;
const result = job.kind === 'throughput' ? await runThroughput(job) : await runTimed(job);
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
