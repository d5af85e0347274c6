// `pnpm bench`: starts the instant upstream, then measures each target on the same workloads, each target in its
// own process, the load generator in another. Writes results/latest.md. See README.md for how to read it.
//
//   node dist/run.js [--quick] [--runs N] [--targets direct,floor,llmux,...] [--profile]
//   env: BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (2), BENCH_TTFT_REQUESTS (200), BENCH_TTFT_GAP_MS (5),
//        BENCH_CONNECTIONS (64)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ClientProtocol, FIRST_TOKEN_MARKERS } from './first-token.js';
import type { LimitsCostResult } from './limits-cost.js';
import type { LoadJob, LoadResult } from './load.js';
import {
  anthropicRequest,
  chatRequest,
  geminiPath,
  geminiRequest,
  type RequestOptions,
  STREAM_EVENTS,
} from './payloads.js';
import {
  findFreePort,
  readCpuMicros,
  readPeakRssMiB,
  runNode,
  type Server,
  startServer,
} from './processes.js';
import { summarizeProfiles } from './profile-summary.js';
import {
  evaluateTargets,
  type RunResult,
  renderChecks,
  renderLimits,
  renderRatios,
  renderTable,
  renderTranslation,
  renderUsage,
  type TargetId,
  type TargetResult,
} from './report.js';
import type { TranslateCostResult } from './translate-cost.js';
import type { UsageCostResult } from './usage-cost.js';

const here = dirname(fileURLToPath(import.meta.url));
const benchRoot = resolve(here, '..');
const repoRoot = resolve(benchRoot, '..');
const gatewayMain = join(repoRoot, 'apps', 'gateway', 'dist', 'main.js');
const portkeyRoot = join(benchRoot, 'node_modules', '@portkey-ai', 'gateway');
const portkeyMain = join(portkeyRoot, 'build', 'start-server.js');

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const option = (name: string) => {
  const index = argv.indexOf(name);
  return index === -1 ? undefined : argv[index + 1];
};
const quick = flag('--quick');
const profile = flag('--profile');
const envNumber = (name: string, fallback: number) => {
  const value = process.env[name];
  return value === undefined || value === '' ? fallback : Number(value);
};
const settings = {
  runs: Number(option('--runs') ?? 2),
  seconds: envNumber('BENCH_SECONDS', quick ? 2 : 10),
  warmupSeconds: envNumber('BENCH_WARMUP_SECONDS', quick ? 1 : 2),
  ttftRequests: envNumber('BENCH_TTFT_REQUESTS', quick ? 40 : 200),
  ttftGapMs: envNumber('BENCH_TTFT_GAP_MS', 5),
  connections: envNumber('BENCH_CONNECTIONS', 64),
  ttftConnections: 4,
};
const allTargets: TargetId[] = [
  'direct',
  'floor',
  'recipe',
  'llmux',
  'llmux-anthropic',
  'llmux-gemini',
  'llmux-messages-relay',
  'llmux-messages',
  'llmux-gemini-inbound-relay',
  'llmux-gemini-inbound',
  'portkey',
  'portkey-anthropic',
];
const selected = (option('--targets')?.split(',') ?? allTargets) as TargetId[];
type Workload = 'latency' | 'throughput' | 'stream' | 'ttft';
/** `--workloads stream` measures only that (to profile one workload at a time). */
const workloads = new Set(
  (option('--workloads')?.split(',') ?? ['latency', 'throughput', 'stream', 'ttft']) as Workload[],
);
const skipped: LoadResult = {
  requests: 0,
  errors: 0,
  seconds: 0,
  requestsPerSecond: Number.NaN,
  p50: Number.NaN,
  p99: Number.NaN,
};

const CLIENT_KEY = 'bench-client-key';
const MASTER_KEY = 'llmux-bench-master-key-0123456789';

interface Running {
  server: Server | undefined;
  url: string;
  path: string;
  model: string;
  headers: Record<string, string>;
  /** What the client speaks: OpenAI chat (`/v1/chat/completions`), Anthropic Messages (`/v1/messages`) or Gemini
   * (`/v1beta/models/{model}:generateContent`). */
  protocol: ClientProtocol;
  /** Where a stream is posted, when not at `path` (Gemini puts streaming in the path). */
  streamPath?: string;
}

/** The URL of the target's whole answers, or of its streams. */
function targetUrl(running: Running, stream: boolean): string {
  return `${running.url}${stream ? (running.streamPath ?? running.path) : running.path}`;
}

/** The target's client body: the same conversation and max_tokens in the client's protocol. */
function requestBody(running: Running, options: RequestOptions = {}): string {
  switch (running.protocol) {
    case 'anthropic':
      return anthropicRequest(running.model, options);
    case 'gemini':
      return geminiRequest(options);
    case 'openai':
      return chatRequest(running.model, options);
  }
}

const labels: Record<TargetId, string> = {
  direct: 'direct (no proxy)',
  floor: 'floor proxy',
  recipe: 'PERFORMANCE.md recipe',
  llmux: 'llmux pass-through',
  'llmux-anthropic': 'llmux → Anthropic',
  'llmux-gemini': 'llmux → Gemini',
  'llmux-messages-relay': 'llmux /v1/messages relay (Claude)',
  'llmux-messages': 'llmux /v1/messages → OpenAI',
  'llmux-gemini-inbound-relay': 'llmux Gemini API relay (Gemini)',
  'llmux-gemini-inbound': 'llmux Gemini API → OpenAI',
  'llmux-silent': 'llmux, log silent',
  'llmux-alt': 'llmux, alternate build',
  'llmux-traced': 'llmux, tracing on',
  portkey: 'Portkey pass-through',
  'portkey-anthropic': 'Portkey → Anthropic',
};

async function startLlmux(
  upstream: string,
  dataDir: string,
  profileDir: string | undefined,
  id: TargetId,
  collector: string | undefined,
): Promise<Server> {
  // Ablations, not in the default list: `llmux-silent` turns the access log off; `llmux-alt` runs another build
  // (BENCH_ALT_GATEWAY_MAIN, e.g. a copy of dist/ with one change) to measure what that change is worth.
  // BENCH_ALT_NODE_ARGS adds node flags to that build's process (e.g. `--max-semi-space-size=32`).
  const main = id === 'llmux-alt' ? (process.env.BENCH_ALT_GATEWAY_MAIN ?? gatewayMain) : gatewayMain;
  const nodeArgs =
    id === 'llmux-alt' ? (process.env.BENCH_ALT_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '') : [];
  const args = [
    ...nodeArgs,
    ...(profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]),
    main,
  ];
  return startServer('llmux', {
    args,
    env: {
      PORT: '0',
      HOST: '127.0.0.1',
      LLMUX_DATA_DIR: dataDir,
      LLMUX_MASTER_KEY: MASTER_KEY,
      OPENAI_API_KEY: 'sk-bench',
      OPENAI_BASE_URL: `${upstream}/v1`,
      ANTHROPIC_API_KEY: 'sk-ant-bench',
      ANTHROPIC_BASE_URL: upstream,
      GEMINI_API_KEY: 'gemini-bench',
      GEMINI_BASE_URL: upstream,
      ...(id === 'llmux-silent' ? { LLMUX_LOG_LEVEL: 'silent' } : {}),
      // `llmux-traced`: OpenTelemetry on, every request's spans exported (the SDK's default batching) to a sink.
      ...(collector !== undefined ? { OTEL_EXPORTER_OTLP_ENDPOINT: collector, ...samplerSettings() } : {}),
    },
    ready: /listening on (http:\/\/[\d.:]+)/,
  });
}

/** OTEL_TRACES_SAMPLER(_ARG) from the runner's environment, for a `llmux-traced` run that samples. */
function samplerSettings(): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const name of ['OTEL_TRACES_SAMPLER', 'OTEL_TRACES_SAMPLER_ARG']) {
    const value = process.env[name];
    if (value !== undefined && value !== '') settings[name] = value;
  }
  return settings;
}

/** A regular (non-master) key, as a user would run it: POST /admin/keys with the master key. */
async function createKey(url: string): Promise<string> {
  const response = await fetch(`${url}/admin/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench' }),
  });
  if (response.status !== 201)
    throw new Error(`POST /admin/keys: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { key: string }).key;
}

/** A proxy that takes UPSTREAM, BENCH_KEY and PORT from its environment (the floor, the recipe). */
async function startPlainProxy(
  name: string,
  main: string,
  profileName: string,
  upstream: string,
  profileDir: string | undefined,
): Promise<Running> {
  const profile =
    profileDir === undefined
      ? []
      : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${profileName}.cpuprofile`];
  const server = await startServer(name, {
    args: [...profile, main],
    env: { UPSTREAM: upstream, BENCH_KEY: CLIENT_KEY, PORT: '0' },
    ready: /listening on (http:\/\/[\d.:]+)/,
  });
  return {
    server,
    url: server.url,
    path: '/v1/chat/completions',
    model: 'gpt-4o-mini',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${CLIENT_KEY}` },
    protocol: 'openai',
  };
}

async function startTarget(id: TargetId, upstream: string, profileDir: string | undefined): Promise<Running> {
  const json = { 'content-type': 'application/json' };
  switch (id) {
    case 'direct':
      return {
        server: undefined,
        url: upstream,
        path: '/v1/chat/completions',
        model: 'gpt-4o-mini',
        headers: json,
        protocol: 'openai',
      };
    case 'floor':
      // Profiled too, so a profile of llmux can be read against what the floor spends on the same I/O.
      return startPlainProxy('floor proxy', join(here, 'floor-proxy.js'), 'floor', upstream, profileDir);
    case 'recipe':
      // The reference gateway built from PERFORMANCE.md's recipe alone: what the recipe's own work costs next to
      // the floor on this machine, the yardstick for what llmux adds beyond it.
      return startPlainProxy(
        'PERFORMANCE.md recipe',
        join(repoRoot, 'apps', 'gateway', 'bench', 'recipe-proxy.mjs'),
        'recipe',
        upstream,
        profileDir,
      );
    case 'llmux':
    case 'llmux-anthropic':
    case 'llmux-gemini':
    case 'llmux-messages-relay':
    case 'llmux-messages':
    case 'llmux-gemini-inbound-relay':
    case 'llmux-gemini-inbound':
    case 'llmux-silent':
    case 'llmux-alt':
    case 'llmux-traced': {
      const dataDir = mkdtempSync(join(tmpdir(), 'llmux-bench-'));
      const sink =
        id === 'llmux-traced'
          ? await startServer('otlp sink', {
              args: [join(here, 'otlp-sink.js')],
              env: { PORT: '0' },
              ready: /listening on (http:\/\/[\d.:]+)/,
            })
          : undefined;
      const server = await startLlmux(upstream, dataDir, profileDir, id, sink?.url);
      const key = await createKey(server.url);
      const model = {
        llmux: 'gpt-4o-mini',
        'llmux-anthropic': 'claude-haiku-4-5',
        'llmux-gemini': 'gemini-2.5-flash',
        'llmux-messages-relay': 'claude-haiku-4-5',
        'llmux-messages': 'gpt-4o-mini',
        'llmux-gemini-inbound-relay': 'gemini-2.5-flash',
        'llmux-gemini-inbound': 'gpt-4o-mini',
        'llmux-silent': 'gpt-4o-mini',
        'llmux-alt': 'gpt-4o-mini',
        'llmux-traced': 'gpt-4o-mini',
      }[id];
      const stop = server.stop;
      return {
        server: {
          ...server,
          stop: async () => {
            await stop();
            await sink?.stop();
            if (sink !== undefined) process.stdout.write(`  ${sink.output().trim().split('\n').at(-1)}\n`);
            rmSync(dataDir, { recursive: true, force: true });
          },
        },
        url: server.url,
        ...(id === 'llmux-messages-relay' || id === 'llmux-messages'
          ? {
              // As Anthropic's SDKs call it: the key in `x-api-key`, the API version in a header.
              // https://docs.claude.com/en/api/versioning
              path: '/v1/messages',
              headers: { ...json, 'x-api-key': key, 'anthropic-version': '2023-06-01' },
              protocol: 'anthropic' as const,
            }
          : id === 'llmux-gemini-inbound-relay' || id === 'llmux-gemini-inbound'
            ? {
                // As Google's SDKs call it: the key in `x-goog-api-key`, the model and the method in the path.
                // https://ai.google.dev/api/generate-content
                path: geminiPath(model, false),
                streamPath: geminiPath(model, true),
                headers: { ...json, 'x-goog-api-key': key },
                protocol: 'gemini' as const,
              }
            : {
                path: '/v1/chat/completions',
                headers: { ...json, authorization: `Bearer ${key}` },
                protocol: 'openai' as const,
              }),
        model,
      };
    }
    case 'portkey':
    case 'portkey-anthropic': {
      const port = await findFreePort();
      const server = await startServer('portkey', {
        args: [portkeyMain, `--port=${port}`, '--headless'],
        env: { HOST: '127.0.0.1' },
        ready: /Ready for connections/,
        url: `http://127.0.0.1:${port}`,
        watchStdout: true,
      });
      const anthropic = id === 'portkey-anthropic';
      return {
        server,
        url: server.url,
        path: '/v1/chat/completions',
        model: anthropic ? 'claude-haiku-4-5' : 'gpt-4o-mini',
        headers: {
          ...json,
          authorization: 'Bearer sk-bench',
          'x-portkey-provider': anthropic ? 'anthropic' : 'openai',
          'x-portkey-custom-host': `${upstream}/v1`,
        },
        protocol: 'openai',
      };
    }
  }
}

/** One whole answer and one stream through the target, checked, before anything is timed. */
async function checkTarget(running: Running): Promise<number> {
  const whole = await fetch(targetUrl(running, false), {
    method: 'POST',
    headers: running.headers,
    body: requestBody(running),
  });
  const wholeText = await whole.text();
  const anthropic = running.protocol === 'anthropic';
  const gemini = running.protocol === 'gemini';
  if (
    whole.status !== 200 ||
    !wholeText.includes('lorem lorem') ||
    (anthropic && !wholeText.includes('"type":"message"')) ||
    (gemini && !wholeText.includes('"candidates"'))
  ) {
    throw new Error(`non-streaming check failed: ${whole.status} ${wholeText.slice(0, 500)}`);
  }
  const stream = await fetch(targetUrl(running, true), {
    method: 'POST',
    headers: running.headers,
    body: requestBody(running, { stream: true }),
  });
  const streamText = await stream.text();
  const events = streamText
    .split('\n')
    .filter((line) => line.startsWith('data:') && !line.includes('[DONE]'));
  if (
    stream.status !== 200 ||
    events.length < STREAM_EVENTS - 5 ||
    !streamText.includes('lorem') ||
    (anthropic && !streamText.includes('event: message_stop')) ||
    (gemini && !streamText.includes('"finishReason":"STOP"'))
  ) {
    throw new Error(
      `streaming check failed: ${stream.status} ${events.length} events ${streamText.slice(0, 500)}`,
    );
  }
  return events.length;
}

async function load(job: LoadJob): Promise<LoadResult> {
  const output = await runNode([join(here, 'load.js'), JSON.stringify(job)]);
  return JSON.parse(output) as LoadResult;
}

async function measureTarget(
  id: TargetId,
  upstream: string,
  profileDir: string | undefined,
): Promise<TargetResult> {
  const running = await startTarget(id, upstream, profileDir);
  try {
    const chunksPerStream = await checkTarget(running);
    const wholeBody = requestBody(running);
    const streamBody = requestBody(running, { stream: true });
    const base = { url: targetUrl(running, false), headers: running.headers, requests: 0 };
    const streamUrl = targetUrl(running, true);
    const pid = running.server?.pid;
    const cpu = () => (pid === undefined ? undefined : readCpuMicros(pid));
    const cpuSince = (before: number | undefined) => {
      const now = cpu();
      return now === undefined || before === undefined ? undefined : now - before;
    };

    // Warm the JIT on the whole path first, then time one request at a time.
    const throughputJob: LoadJob = {
      ...base,
      kind: 'throughput',
      body: wholeBody,
      connections: settings.connections,
      seconds: settings.warmupSeconds,
    };
    let latency = skipped;
    let throughput = skipped;
    let throughputCpu: number | undefined;
    let stream = skipped;
    let streamCpu: number | undefined;
    let ttft = skipped;
    if (workloads.has('latency') || workloads.has('throughput')) await load(throughputJob);
    if (workloads.has('latency')) {
      latency = await load({
        ...base,
        kind: 'latency',
        body: wholeBody,
        connections: 1,
        seconds: settings.seconds,
      });
    }
    if (workloads.has('throughput')) {
      const before = cpu();
      throughput = await load({ ...throughputJob, seconds: settings.seconds });
      throughputCpu = cpuSince(before);
    }
    if (workloads.has('stream')) {
      const streamJob: LoadJob = { ...throughputJob, url: streamUrl, body: streamBody };
      await load(streamJob);
      const before = cpu();
      stream = await load({ ...streamJob, seconds: settings.seconds });
      streamCpu = cpuSince(before);
    }
    if (workloads.has('ttft')) {
      ttft = await load({
        ...base,
        url: streamUrl,
        kind: 'ttft',
        body: requestBody(running, { stream: true, gapMs: settings.ttftGapMs }),
        firstTokenMarker: FIRST_TOKEN_MARKERS[running.protocol],
        connections: settings.ttftConnections,
        seconds: 0,
        requests: settings.ttftRequests,
      });
    }
    const peakRssMiB = pid === undefined ? undefined : readPeakRssMiB(pid);
    return {
      id,
      label: labels[id],
      latency,
      throughput: { ...throughput, cpuMicros: throughputCpu },
      stream: { ...stream, cpuMicros: streamCpu, chunksPerStream },
      ttft,
      peakRssMiB,
    };
  } catch (error) {
    throw new Error(`${labels[id]}: ${(error as Error).message}\n${running.server?.output() ?? ''}`);
  } finally {
    await running.server?.stop();
  }
}

function describeMachine(): string {
  const memory = (totalmem() / 1024 ** 3).toFixed(1);
  const model = cpus()[0]?.model ?? 'unknown CPU';
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: repoRoot,
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'apps/gateway', 'packages'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    if (dirty.trim() !== '') commit += ' (+ uncommitted changes in apps/gateway or packages)';
  } catch {
    // Not a git checkout (a tarball): the version line says unknown.
  }
  if (existsSync(gatewayMain)) {
    // The gateway that runs is dist/, built from whatever the tree held then: say when.
    commit += `, apps/gateway/dist built ${statSync(gatewayMain).mtime.toISOString()}`;
  }
  const portkeyVersion = (
    JSON.parse(readFileSync(join(portkeyRoot, 'package.json'), 'utf8')) as { version: string }
  ).version;
  return [
    `- date: ${new Date().toISOString()}`,
    `- machine: ${cpus().length} CPUs (nproc), ${model}, ${memory} GiB memory, ${process.platform} ${process.arch}`,
    `- versions: node ${process.version}, llmux ${commit}, @portkey-ai/gateway ${portkeyVersion} (patched: streaming fix of PR #1551, bound to 127.0.0.1), autocannon load generator`,
    `- settings: ${settings.seconds} s per workload after ${settings.warmupSeconds} s warm-up, concurrency ${settings.connections}; TTFT over ${settings.ttftRequests} streams at concurrency ${settings.ttftConnections} with a ${settings.ttftGapMs} ms gap between upstream events; ${STREAM_EVENTS} upstream events per stream`,
  ].join('\n');
}

async function main(): Promise<void> {
  if (selected.some((id) => id.startsWith('llmux')) && !existsSync(gatewayMain)) {
    throw new Error(
      `${gatewayMain} is missing: build it first (pnpm --filter @llmux/gateway... build, or pnpm bench)`,
    );
  }
  const profileDir = profile ? join(benchRoot, 'results', 'profiles') : undefined;
  if (profileDir !== undefined) {
    rmSync(profileDir, { recursive: true, force: true });
    mkdirSync(profileDir, { recursive: true });
  }
  const upstream = await startServer('responder', {
    args: [join(here, 'responder.js')],
    env: { PORT: '0' },
    ready: /listening on (http:\/\/[\d.:]+)/,
  });
  const machine = describeMachine();
  process.stdout.write(`${machine}\n\n`);
  const runs: RunResult[] = [];
  try {
    for (let run = 1; run <= settings.runs; run++) {
      const loadBefore = loadavg()
        .map((value) => value.toFixed(2))
        .join(' ');
      const targets: TargetResult[] = [];
      for (const id of selected) {
        process.stdout.write(`run ${run}/${settings.runs}: ${labels[id]}…\n`);
        targets.push(await measureTarget(id, upstream.url, run === 1 ? profileDir : undefined));
      }
      const usageOutput = await runNode([join(here, 'usage-cost.js'), quick ? '5000' : '20000']);
      const usage = JSON.parse(usageOutput) as UsageCostResult;
      const translateOutput = await runNode([join(here, 'translate-cost.js'), quick ? '3000' : '5000']);
      const translation = JSON.parse(translateOutput) as TranslateCostResult;
      const limitsOutput = await runNode([join(here, 'limits-cost.js'), quick ? '50000' : '200000']);
      const limits = JSON.parse(limitsOutput) as LimitsCostResult;
      const loadAfter = loadavg()
        .map((value) => value.toFixed(2))
        .join(' ');
      const result: RunResult = { targets, usage, translation, limits, loadBefore, loadAfter };
      runs.push(result);
      process.stdout.write(`\n${renderRun(result, run)}\n\n`);
    }
  } finally {
    await upstream.stop();
  }

  const sections = [
    '# llmux benchmark: latest results',
    '',
    `Reproduce: \`pnpm bench\` at the repository root (or \`pnpm --filter @llmux/bench bench\` after a build).`,
    '',
    machine,
    '',
    ...runs.map((result, index) => `${renderRun(result, index + 1)}\n`),
  ];
  if (profileDir !== undefined) {
    sections.push(
      '## Profile (run 1, llmux processes, top self time)',
      '',
      '```',
      summarizeProfiles(profileDir),
      '```',
      '',
    );
  }
  const markdown = sections.join('\n');
  mkdirSync(join(benchRoot, 'results'), { recursive: true });
  const outputPath = join(benchRoot, 'results', quick ? 'quick.md' : 'latest.md');
  writeFileSync(outputPath, markdown);
  process.stdout.write(`written to ${outputPath}\n`);
}

function renderRun(result: RunResult, run: number): string {
  const checks = evaluateTargets(result);
  const passed = checks.filter((check) => check.pass).length;
  return [
    `## Run ${run} (load average before: ${result.loadBefore}; after: ${result.loadAfter})`,
    '',
    renderTable(result),
    '',
    renderRatios(result),
    '',
    `Targets: ${passed} of ${checks.length} met.`,
    '',
    renderChecks(checks),
    '',
    renderUsage(result.usage),
    '',
    renderTranslation(result.translation),
    '',
    renderLimits(result.limits),
  ].join('\n');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
