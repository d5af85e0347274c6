// Decode throughput of @llmux/sse against eventsource-parser, fed the same bytes in the same process.
// Run with `pnpm --filter @llmux/sse bench` (builds dist/ first). Not a test: numbers vary by machine.
//
// Each measurement runs in a fresh worker thread (its own V8 isolate, so neither parser's JIT state
// is shaped by the other's inputs, as in a server that decodes one kind of stream all day), after a
// warm-up. It counts CPU time, not wall time: on a shared machine, wall time mostly measures how long
// the scheduler kept us waiting. Each side runs two alternating rounds and keeps its best.
import { readFileSync } from 'node:fs';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const fixtures = new URL('../src/__fixtures__/', import.meta.url);
const readLines = (name) =>
  readFileSync(new URL(name, fixtures), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');

// The same framing as src/fixture-streams.ts: how each vendor sends these payloads.
const STREAMS = {
  'OpenAI chat (openai-text)': () =>
    readLines('openai-text.chunks.txt')
      .map((line) => `data: ${line}\n\n`)
      .join('')
      .concat('data: [DONE]\n\n'),
  'Anthropic (json-output-format)': () =>
    readLines('anthropic-json-output-format.1.chunks.txt')
      .map((line) => `event: ${JSON.parse(line).type}\ndata: ${line}\n\n`)
      .join(''),
};
const PIECE_SIZES = [1, 64, 16384];
const REPLAYS = 1000;
// Byte-by-byte feeding costs one call per byte in both parsers, so it replays fewer times (about
// 2 MB per stream) to keep the whole run under a minute on a shared machine.
const ONE_BYTE_VOLUME = 2_000_000;
const ROUNDS = 2;
const WARM_UP_SECONDS = 0.25;

function elapsedSeconds(start) {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

function split(bytes, size) {
  const pieces = [];
  for (let start = 0; start < bytes.length; start += size) pieces.push(bytes.subarray(start, start + size));
  return pieces;
}

async function measureInWorker({ stream, size, input, parser, replays }) {
  const { createSseDecoder } = await import('../dist/index.js');
  const { createParser } = await import('eventsource-parser');
  const bytes = new TextEncoder().encode(STREAMS[stream]());
  let pieces = split(bytes, size);
  if (input === 'text') {
    const textDecoder = new TextDecoder();
    pieces = pieces.map((piece) => textDecoder.decode(piece, { stream: true }));
  }
  // One replay = one fresh parser fed the whole stream, as for one HTTP response.
  const runOurs = (sink) => {
    const decoder = createSseDecoder({ onEvent: sink });
    for (const piece of pieces) decoder.push(piece);
    decoder.end();
  };
  // eventsource-parser takes text; its own EventSourceParserStream decodes bytes with a streaming
  // TextDecoder(Stream), so bytes reach it the same way here.
  const runReference =
    input === 'bytes'
      ? (sink) => {
          const textDecoder = new TextDecoder();
          const reference = createParser({ onEvent: sink });
          for (const piece of pieces) reference.feed(textDecoder.decode(piece, { stream: true }));
          reference.feed(textDecoder.decode());
        }
      : (sink) => {
          const reference = createParser({ onEvent: sink });
          for (const piece of pieces) reference.feed(piece);
        };
  const run = parser === 'ours' ? runOurs : runReference;
  const events = [];
  run((event) => events.push([event.event, event.data]));
  let count = 0;
  const sink = () => {
    count++;
  };
  // Warm up by CPU time, so both parsers reach their steady state before the clock starts:
  // eventsource-parser 4.1.3 on Node 20 runs about 3x faster during its first ~2,000 replays of a small
  // stream than it does afterwards, and a server decodes far more than that.
  const warmUpStart = process.cpuUsage();
  for (let warmUps = 0; warmUps < 3 || elapsedSeconds(warmUpStart) < WARM_UP_SECONDS; warmUps++) run(sink);
  count = 0;
  const start = process.cpuUsage();
  const wallStart = process.hrtime.bigint();
  for (let index = 0; index < replays; index++) run(sink);
  const wall = Number(process.hrtime.bigint() - wallStart) / 1e9;
  return { seconds: elapsedSeconds(start), wall, count, events, bytes: bytes.length };
}

function runWorker(job) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: job });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

async function main() {
  const rows = { bytes: [], text: [] };
  for (const stream of Object.keys(STREAMS)) {
    for (const size of PIECE_SIZES) {
      for (const input of ['bytes', 'text']) {
        const streamBytes = new TextEncoder().encode(STREAMS[stream]()).length;
        const replays = size === 1 ? Math.max(1, Math.round(ONE_BYTE_VOLUME / streamBytes)) : REPLAYS;
        const best = {};
        for (let round = 0; round < ROUNDS; round++) {
          for (const parser of ['ours', 'reference']) {
            const result = await runWorker({ stream, size, input, parser, replays });
            if (result.count !== result.events.length * replays)
              throw new Error('Event count differs between replays');
            if (best[parser] === undefined || result.seconds < best[parser].seconds) best[parser] = result;
          }
        }
        const { ours, reference } = best;
        if (JSON.stringify(ours.events) !== JSON.stringify(reference.events) || ours.events.length === 0) {
          throw new Error(
            `${stream}: ${ours.events.length} events from @llmux/sse, ${reference.events.length} from eventsource-parser`,
          );
        }
        const megabytes = (ours.bytes * replays) / 1e6;
        rows[input].push({
          stream,
          piece: size === 16384 ? '16 KiB' : `${size} B`,
          replays,
          'ours MB/s': (megabytes / ours.seconds).toFixed(1),
          'ours events/s': Math.round(ours.count / ours.seconds).toLocaleString('en-US'),
          'eventsource-parser MB/s': (megabytes / reference.seconds).toFixed(1),
          'eventsource-parser events/s': Math.round(reference.count / reference.seconds).toLocaleString(
            'en-US',
          ),
          ratio: `${(reference.seconds / ours.seconds).toFixed(2)}x`,
        });
      }
    }
  }
  const { version } = JSON.parse(
    readFileSync(new URL(import.meta.resolve('eventsource-parser/package.json')), 'utf8'),
  );
  console.log(
    `@llmux/sse vs eventsource-parser ${version}, Node ${process.version}; same input, same events; MB and events per CPU-second`,
  );
  console.log('Bytes in (what a fetch body gives; eventsource-parser behind a streaming TextDecoder):');
  console.table(rows.bytes);
  console.log('Text in (both fed the same pre-decoded strings: parsing alone):');
  console.table(rows.text);
}

if (isMainThread) await main();
else parentPort.postMessage(await measureInWorker(workerData));
