// CPU per request of the gateway next to a bare pass-through proxy (node:http + undici Pool.request),
// both in child processes in front of the same fake upstream, loaded at the same time (see /work/shared/PERFORMANCE.md).
// Usage: pnpm --filter @llmux/gateway build && node apps/gateway/bench/proxy-overhead.mjs [seconds] [rounds]
// A/B of two builds: BASELINE_MAIN=/path/to/old/dist/main.js node apps/gateway/bench/proxy-overhead.mjs
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const seconds = Number(process.argv[2] ?? 10);
const here = dirname(fileURLToPath(import.meta.url));
const MASTER = 'llmux-bench-master-key-0123456789';

const completion = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 1_700_000_000,
  model: 'gpt-4o-mini-2024-07-18',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'Hello! '.repeat(20), refusal: null },
      logprobs: null,
      finish_reason: 'stop',
    },
  ],
  usage: { prompt_tokens: 20, completion_tokens: 40, total_tokens: 60 },
  system_fingerprint: 'fp_bench',
});
const chunk = (delta, finish = null) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'gpt-4o-mini-2024-07-18', system_fingerprint: 'fp_bench', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], usage: null })}\n\n`;
let streamBody = chunk({ role: 'assistant', content: '' });
for (let index = 0; index < 48; index++) streamBody += chunk({ content: `tok${index} ` });
streamBody += chunk({}, 'stop');
streamBody += `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'gpt-4o-mini-2024-07-18', choices: [], usage: { prompt_tokens: 20, completion_tokens: 48, total_tokens: 68 } })}\n\ndata: [DONE]\n\n`;

const upstream = createServer((request, response) => {
  let body = '';
  request.on('data', (data) => (body += data));
  request.on('end', () => {
    if (body.includes('"stream":true')) {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(streamBody);
    } else {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(completion);
    }
  });
});
await new Promise((resolve) => upstream.listen(0, '127.0.0.1', resolve));
const upstreamUrl = `http://127.0.0.1:${upstream.address().port}`;

const bareProxy = `
import { createServer } from 'node:http';
import { Pool } from 'undici';
const pool = new Pool(process.env.UPSTREAM, { connections: 256 });
createServer((request, response) => {
  const chunks = [];
  request.on('data', (c) => chunks.push(c));
  request.on('end', async () => {
    const up = await pool.request({ path: '/v1/chat/completions', method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.concat(chunks) });
    response.writeHead(up.statusCode, { 'content-type': up.headers['content-type'] });
    up.body.on('data', (c) => { if (!response.write(c)) { up.body.pause(); response.once('drain', () => up.body.resume()); } });
    up.body.on('end', () => response.end());
  });
}).listen(0, '127.0.0.1', function () { process.stderr.write('listening on http://127.0.0.1:' + this.address().port + '\\n'); });
`;

function startChild(args, env) {
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
    cwd: join(here, '..'),
  });
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr.on('data', (data) => {
      stderr += data;
      const match = /listening on (http:\/\/[\d.:]+)/.exec(stderr);
      if (match) resolve({ child, url: match[1] });
    });
    child.on('exit', (code) => reject(new Error(`child exited ${code}: ${stderr}`)));
  });
}

function cpuMicros(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / 100) * 1e6;
}

async function measure(url, stream) {
  const body = JSON.stringify({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Say hello. '.repeat(40) },
    ],
    temperature: 0.2,
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  });
  const options = {
    url: `${url}/v1/chat/completions`,
    method: 'POST',
    connections: 64,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${MASTER}` },
    body,
  };
  await autocannon({ ...options, duration: 2 });
  return options;
}

const dataDir = mkdtempSync(join(tmpdir(), 'llmux-bench-'));
const gatewayEnv = {
  PORT: '0',
  LLMUX_DATA_DIR: dataDir,
  LLMUX_MASTER_KEY: MASTER,
  OPENAI_API_KEY: 'sk-bench',
  OPENAI_BASE_URL: `${upstreamUrl}/v1`,
  LLMUX_LOG_LEVEL: 'info',
};
// Both proxies run AT THE SAME TIME, each under its own load generator (32 connections each), so they share
// whatever else the machine is doing; rounds are repeated and the median ratio reported.
const rounds = Number(process.argv[3] ?? 3);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const rows = [];
for (const stream of [false, true]) {
  const bare = [];
  const gateway = [];
  const ratios = [];
  for (let round = 0; round < rounds; round++) {
    // BASELINE_MAIN=<another build's dist/main.js>: an A/B run of two gateway builds instead (the "bare proxy"
    // column is then that build), which is how a change is best judged on a noisy machine.
    const bareChild = process.env.BASELINE_MAIN
      ? await startChild([process.env.BASELINE_MAIN], {
          ...gatewayEnv,
          LLMUX_DATA_DIR: mkdtempSync(join(tmpdir(), 'llmux-bench-')),
        })
      : await startChild(['--input-type=module', '-e', bareProxy], { UPSTREAM: upstreamUrl });
    const gatewayChild = await startChild(
      [process.env.GATEWAY_MAIN ?? join(here, '..', 'dist', 'main.js')],
      gatewayEnv,
    );
    const [bareOptions, gatewayOptions] = await Promise.all([
      measure(bareChild.url, stream),
      measure(gatewayChild.url, stream),
    ]);
    const bareBefore = cpuMicros(bareChild.child.pid);
    const gatewayBefore = cpuMicros(gatewayChild.child.pid);
    const [bareResult, gatewayResult] = await Promise.all([
      autocannon({ ...bareOptions, connections: 32, duration: seconds }),
      autocannon({ ...gatewayOptions, connections: 32, duration: seconds }),
    ]);
    const bareCpu = (cpuMicros(bareChild.child.pid) - bareBefore) / bareResult.requests.total;
    const gatewayCpu = (cpuMicros(gatewayChild.child.pid) - gatewayBefore) / gatewayResult.requests.total;
    bareChild.child.kill('SIGKILL');
    gatewayChild.child.kill('SIGKILL');
    bare.push({
      cpu: bareCpu,
      requests: bareResult.requests.total,
      errors: bareResult.non2xx + bareResult.errors,
    });
    gateway.push({
      cpu: gatewayCpu,
      requests: gatewayResult.requests.total,
      errors: gatewayResult.non2xx + gatewayResult.errors,
    });
    ratios.push(gatewayCpu / bareCpu);
  }
  const pick = (name, list) => ({
    name,
    stream,
    cpuPerRequest: median(list.map((row) => row.cpu)),
    requests: list.reduce((sum, row) => sum + row.requests, 0),
    errors: list.reduce((sum, row) => sum + row.errors, 0),
  });
  rows.push(pick('bare proxy', bare), pick('gateway', gateway), {
    name: 'ratio',
    stream,
    cpuPerRequest: median(ratios),
  });
}
upstream.close();
rmSync(dataDir, { recursive: true, force: true });
console.log(
  `node ${process.version}, ${rounds} rounds of ${seconds} s, both proxies at once with 32 connections each, median CPU µs per request of each proxy process`,
);
for (const row of rows) {
  const value =
    row.name === 'ratio'
      ? `${row.cpuPerRequest.toFixed(2)}×`
      : `${row.cpuPerRequest.toFixed(0)} µs  (${row.requests} requests, ${row.errors} errors)`;
  console.log(`${row.stream ? 'stream ' : 'whole  '} ${row.name.padEnd(11)} ${value}`);
}
process.exit(0);
