// The reference gateway of /work/shared/PERFORMANCE.md ("the shape of the hot path"), built from its recipe and
// nothing else: Bearer → crypto.hash → Map; JSON.parse + the contract's zod check; one JSON.stringify forward through
// an undici Pool; a whole answer collected and JSON.parsed for usage; a stream forwarded byte for byte with a scan
// for its usage event; a journal line (writeSync), SQLite rows batched 100 per transaction, one pino line and two
// prom-client metrics per request. No routing, retries, translation checks or request state.
//
// It answers one question: what does the recipe itself cost next to the floor proxy on this machine? The bench
// (`bench/`, target `recipe`) and `GATEWAY_MAIN=bench/recipe-proxy.mjs node bench/proxy-overhead.mjs` run it.
// env: UPSTREAM (origin) or OPENAI_BASE_URL, BENCH_KEY or LLMUX_MASTER_KEY, PORT, LLMUX_DATA_DIR (optional).
import { hash } from 'node:crypto';
import { mkdtempSync, openSync, writeSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseChatRequest } from '@llmux/contract';
// The gateway's own SQLite opener (node:sqlite, or its wasm build where Node has none): the same driver llmux runs on.
import { openSqlite } from '@llmux/gateway';
import pino from 'pino';
import { Counter, Histogram, Registry } from 'prom-client';
import { Pool } from 'undici';

const upstream = process.env.UPSTREAM ?? process.env.OPENAI_BASE_URL?.replace(/\/v1\/?$/, '');
const key = process.env.BENCH_KEY ?? process.env.LLMUX_MASTER_KEY;
if (upstream === undefined || key === undefined) throw new Error('set UPSTREAM and BENCH_KEY');
const dataDir = process.env.LLMUX_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'llmux-recipe-'));

const database = openSqlite(join(dataDir, 'recipe.db'));
database.exec(
  'CREATE TABLE IF NOT EXISTS usage (request_id TEXT PRIMARY KEY, ts INTEGER, key_id TEXT, model TEXT, prompt_tokens INTEGER, completion_tokens INTEGER, latency_ms INTEGER)',
);
const insert = database.prepare('INSERT OR IGNORE INTO usage VALUES (?, ?, ?, ?, ?, ?, ?)');
const commit = (rows) =>
  database.transaction(() => {
    for (const row of rows) insert.run(...row);
  });
let batch = [];
const flush = () => {
  if (batch.length === 0) return;
  commit(batch);
  batch = [];
};
setInterval(flush, 1000).unref();
const journal = openSync(join(dataDir, 'recipe.journal'), 'a');

const logger = pino(pino.destination({ sync: false }));
const registry = new Registry();
const requests = new Counter({
  name: 'requests',
  help: 'requests',
  labelNames: ['model', 'status'],
  registers: [registry],
});
const duration = new Histogram({
  name: 'duration',
  help: 'duration',
  labelNames: ['model'],
  registers: [registry],
});
const keys = new Map([[hash('sha256', key, 'hex'), { id: 'key_bench' }]]);
const pool = new Pool(upstream, { connections: 256 });
let sequence = 0;

function record(principal, model, usage, startedAt, started) {
  const latency = Math.round(performance.now() - started);
  const row = [
    `req_${startedAt.toString(16)}${(sequence++).toString(16).padStart(8, '0')}`,
    startedAt,
    principal.id,
    model,
    usage?.prompt_tokens ?? null,
    usage?.completion_tokens ?? null,
    latency,
  ];
  writeSync(journal, `${JSON.stringify(row)}\n`);
  batch.push(row);
  if (batch.length >= 100) flush();
  logger.info({ request_id: row[0], model, status: 200, latency_ms: latency }, 'request');
  requests.inc({ model, status: '200' });
  duration.observe({ model }, latency / 1000);
}

/** The usage object of the stream's usage event, if this read holds one (OpenAI writes it near the end). */
function scanUsage(bytes) {
  const text = bytes.toString('latin1');
  const at = text.lastIndexOf('"usage":{');
  if (at === -1) return undefined;
  const start = text.lastIndexOf('data: ', at);
  const end = text.indexOf('\n', at);
  return JSON.parse(text.slice(start + 6, end === -1 ? undefined : end)).usage;
}

createServer((request, response) => {
  const started = performance.now();
  const startedAt = Date.now();
  const principal = keys.get(hash('sha256', (request.headers.authorization ?? '').slice(7), 'hex'));
  if (principal === undefined) {
    response.writeHead(401, { 'content-type': 'application/json' });
    response.end('{"error":{"message":"bad key","type":"authentication_error","param":null,"code":null}}');
    request.resume();
    return;
  }
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const parsed = parseChatRequest(JSON.parse(Buffer.concat(chunks).toString()));
    if (!parsed.success) {
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end(JSON.stringify(parsed.error));
      return;
    }
    const body = parsed.data;
    pool
      .request({
        path: '/v1/chat/completions',
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer upstream-key' },
        body: JSON.stringify(body),
      })
      .then((answer) => {
        const stream = body.stream === true;
        response.writeHead(answer.statusCode, { 'content-type': answer.headers['content-type'] });
        const parts = [];
        let usage;
        answer.body.on('data', (chunk) => {
          if (!stream) {
            parts.push(chunk);
            return;
          }
          usage = scanUsage(chunk) ?? usage;
          if (!response.write(chunk)) {
            answer.body.pause();
            response.once('drain', () => answer.body.resume());
          }
        });
        answer.body.on('end', () => {
          if (stream) response.end();
          else {
            const whole = Buffer.concat(parts);
            usage = JSON.parse(whole.toString()).usage;
            response.end(whole);
          }
          record(principal, body.model, usage, startedAt, started);
        });
      })
      .catch((error) => {
        response.writeHead(502, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            error: { message: error.message, type: 'upstream_error', param: null, code: null },
          }),
        );
      });
  });
}).listen(Number(process.env.PORT ?? 0), '127.0.0.1', function onListening() {
  process.stderr.write(`listening on http://127.0.0.1:${this.address().port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
