// The upstream every target talks to: node:http answering from precomputed bytes, so it is never the bottleneck.
// Serves OpenAI chat completions, Anthropic Messages and Gemini generateContent, each whole or as a 50-event stream.
// A request whose text contains `BENCH_GAP_MS=<n>` gets its stream events written one by one, <n> ms apart (the
// time-to-first-token workload; the events before the first token go out with it, see `pacedWrites`); otherwise
// a stream is written with one `end()` of the precomputed bytes.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  anthropicEvents,
  anthropicMessage,
  geminiEvents,
  geminiResponse,
  openaiChunks,
  openaiCompletion,
  pacedWrites,
} from './payloads.js';

interface Answer {
  json: Buffer;
  /** The paced stream's writes, `gapMs` apart. */
  writes: Buffer[];
  stream: Buffer;
}

function prepare(json: string, events: string[]): Answer {
  return {
    json: Buffer.from(json),
    writes: pacedWrites(events).map((write) => Buffer.from(write)),
    stream: Buffer.from(events.join('')),
  };
}

const openai = prepare(openaiCompletion(), openaiChunks());
const anthropic = prepare(anthropicMessage(), anthropicEvents());
const gemini = prepare(geminiResponse(), geminiEvents());

const jsonHeaders = { 'content-type': 'application/json' };
const sseHeaders = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };

function send(response: ServerResponse, answer: Answer, stream: boolean, gapMs: number): void {
  if (!stream) {
    response.writeHead(200, { ...jsonHeaders, 'content-length': answer.json.length });
    response.end(answer.json);
    return;
  }
  if (gapMs <= 0) {
    response.writeHead(200, { ...sseHeaders, 'content-length': answer.stream.length });
    response.end(answer.stream);
    return;
  }
  response.writeHead(200, sseHeaders);
  response.flushHeaders();
  let index = 0;
  const writeNext = () => {
    if (response.destroyed) return;
    response.write(answer.writes[index]);
    index += 1;
    if (index === answer.writes.length) response.end();
    else setTimeout(writeNext, gapMs);
  };
  writeNext();
}

function handle(request: IncomingMessage, response: ServerResponse, body: string): void {
  const url = request.url ?? '/';
  const gapAt = body.indexOf('BENCH_GAP_MS=');
  const gapMs = gapAt === -1 ? 0 : Number.parseInt(body.slice(gapAt + 13, gapAt + 17), 10);
  if (url.endsWith('/chat/completions')) {
    send(response, openai, body.includes('"stream":true'), gapMs);
  } else if (url.endsWith('/v1/messages')) {
    send(response, anthropic, body.includes('"stream":true'), gapMs);
  } else if (url.includes(':streamGenerateContent')) {
    send(response, gemini, true, gapMs);
  } else if (url.includes(':generateContent')) {
    send(response, gemini, false, gapMs);
  } else {
    response.writeHead(404, jsonHeaders);
    response.end(`{"error":{"message":"no route for ${request.method} ${url}"}}`);
  }
}

const server = createServer({ keepAliveTimeout: 60_000 }, (request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => handle(request, response, Buffer.concat(chunks).toString('latin1')));
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stderr.write(`listening on http://127.0.0.1:${port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
