// Decode throughput of @llmux/sse against eventsource-parser, fed the same bytes in the same process.
// Run with `pnpm --filter @llmux/sse bench` (builds dist/ first). Not a test: numbers vary by machine.
import { readFileSync } from 'node:fs';
import { createParser } from 'eventsource-parser';
import { createSseDecoder } from '../dist/index.js';

const fixtures = new URL('../src/__fixtures__/', import.meta.url);
const readLines = (name) =>
  readFileSync(new URL(name, fixtures), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
// The same framing as src/fixture-streams.ts: how each vendor sends these payloads.
const openAi = readLines('openai-text.chunks.txt')
  .map((line) => `data: ${line}\n\n`)
  .join('')
  .concat('data: [DONE]\n\n');
const anthropic = readLines('anthropic-json-output-format.1.chunks.txt')
  .map((line) => `event: ${JSON.parse(line).type}\ndata: ${line}\n\n`)
  .join('');

const REPLAYS = 1000;
// Byte-by-byte feeding costs one call per byte in both parsers, so it replays fewer times (about
// 2 MB per stream) to keep the whole run under a minute on a shared machine.
const ONE_BYTE_VOLUME = 2_000_000;

function split(bytes, size) {
  const pieces = [];
  for (let start = 0; start < bytes.length; start += size) pieces.push(bytes.subarray(start, start + size));
  return pieces;
}

// One replay = one fresh decoder fed the whole stream, as for one HTTP response.
function runOurs(pieces, sink) {
  const decoder = createSseDecoder({ onEvent: sink });
  for (const piece of pieces) decoder.push(piece);
  decoder.end();
}

// eventsource-parser takes text; its own EventSourceParserStream decodes bytes with a streaming
// TextDecoder(Stream), so it is fed the same way here.
function runReference(pieces, sink) {
  const textDecoder = new TextDecoder();
  const parser = createParser({ onEvent: sink });
  for (const piece of pieces) parser.feed(textDecoder.decode(piece, { stream: true }));
  parser.feed(textDecoder.decode());
}

// Parsing alone: both fed the same text pieces, decoded beforehand.
function runOursOnText(pieces, sink) {
  const decoder = createSseDecoder({ onEvent: sink });
  for (const piece of pieces) decoder.push(piece);
  decoder.end();
}

function runReferenceOnText(pieces, sink) {
  const parser = createParser({ onEvent: sink });
  for (const piece of pieces) parser.feed(piece);
}

function decodePieces(pieces) {
  const textDecoder = new TextDecoder();
  return pieces.map((piece) => textDecoder.decode(piece, { stream: true }));
}

function timeReplays(run, pieces, replays) {
  let events = 0;
  const count = () => {
    events++;
  };
  const start = process.hrtime.bigint();
  for (let index = 0; index < replays; index++) run(pieces, count);
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, events };
}

// The machine is shared, so each side runs ROUNDS times, alternating, and keeps its fastest round.
const ROUNDS = 3;

function compare(runOne, runOther, pieces, replays) {
  let one;
  let other;
  for (let round = 0; round < ROUNDS; round++) {
    const a = timeReplays(runOne, pieces, replays);
    const b = timeReplays(runOther, pieces, replays);
    if (one === undefined || a.seconds < one.seconds) one = a;
    if (other === undefined || b.seconds < other.seconds) other = b;
  }
  return [one, other];
}

function sameEvents(pieces) {
  const ours = [];
  const reference = [];
  runOurs(pieces, (event) => ours.push([event.event, event.data]));
  runReference(pieces, (event) => reference.push([event.event, event.data]));
  if (JSON.stringify(ours) !== JSON.stringify(reference) || ours.length === 0) {
    throw new Error(
      `Different events: ${ours.length} from @llmux/sse, ${reference.length} from eventsource-parser`,
    );
  }
  return ours.length;
}

const rows = [];
const textRows = [];
for (const [name, text] of [
  ['OpenAI chat (openai-text)', openAi],
  ['Anthropic (json-output-format)', anthropic],
]) {
  const bytes = new TextEncoder().encode(text);
  for (const size of [1, 64, 16384]) {
    const pieces = split(bytes, size);
    const eventsPerReplay = sameEvents(pieces);
    if (size === 1) console.log(`${name}: ${bytes.length} bytes, ${eventsPerReplay} events`);
    const replays = size === 1 ? Math.max(1, Math.round(ONE_BYTE_VOLUME / bytes.length)) : REPLAYS;
    const [ours, reference] = compare(runOurs, runReference, pieces, replays);
    for (const result of [ours, reference]) {
      if (result.events !== eventsPerReplay * replays) throw new Error('Event count differs between replays');
    }
    const megabytes = (bytes.length * replays) / 1e6;
    rows.push({
      stream: name,
      piece: size === 16384 ? '16 KiB' : `${size} B`,
      replays,
      'ours MB/s': (megabytes / ours.seconds).toFixed(1),
      'ours events/s': Math.round(ours.events / ours.seconds).toLocaleString('en-US'),
      'eventsource-parser MB/s': (megabytes / reference.seconds).toFixed(1),
      'eventsource-parser events/s': Math.round(reference.events / reference.seconds).toLocaleString('en-US'),
      ratio: `${(reference.seconds / ours.seconds).toFixed(2)}x`,
    });
    const textPieces = decodePieces(pieces);
    const [oursOnText, referenceOnText] = compare(runOursOnText, runReferenceOnText, textPieces, replays);
    textRows.push({
      stream: name,
      piece: size === 16384 ? '16 KiB' : `${size} B`,
      replays,
      'ours MB/s': (megabytes / oursOnText.seconds).toFixed(1),
      'eventsource-parser MB/s': (megabytes / referenceOnText.seconds).toFixed(1),
      ratio: `${(referenceOnText.seconds / oursOnText.seconds).toFixed(2)}x`,
    });
  }
}

const { version } = JSON.parse(
  readFileSync(new URL(import.meta.resolve('eventsource-parser/package.json')), 'utf8'),
);
console.log(
  `@llmux/sse vs eventsource-parser ${version}, Node ${process.version}, same bytes, events checked equal`,
);
console.log('Bytes in (what a fetch body gives):');
console.table(rows);
console.log('Text in (both fed the same pre-decoded strings: parsing alone):');
console.table(textRows);
