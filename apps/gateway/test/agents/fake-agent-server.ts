import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { type TurnStep, toolOutputShowsMarker } from './agent-turn.js';
import { fakeAnthropic } from './fake-anthropic.js';
import { fakeGemini } from './fake-gemini.js';
import type { FakeAnswer, FakeIds, FakeProtocol, FakeRequest } from './fake-protocol.js';
import { fakeResponses } from './fake-responses.js';

/** One request the fake received and what it answered, as written to a fixture file. */
export interface RecordedExchange {
  index: number;
  method: string;
  /** Path and query string as sent (a `key` query parameter redacted). */
  url: string;
  /** Lower-case names in arrival order; credentials redacted. */
  headers: Record<string, string>;
  /** The parsed JSON body, the raw text when it is not JSON, or null when there was none. */
  body: unknown;
  /** Set when the body came compressed (`content-encoding`) and was decoded before parsing. */
  bodyEncoding?: string;
  protocol: FakeProtocol['name'] | null;
  label: string;
  step?: TurnStep;
  response: { status: number; headers: Record<string, string>; body?: string; sse?: string };
}

export interface AgentFake {
  /** `http://127.0.0.1:<port>`: Anthropic and Gemini clients take it as it is, OpenAI's with `/v1`. */
  readonly url: string;
  readonly exchanges: readonly RecordedExchange[];
  /** The tool outputs agents sent back (the `final` steps), in order. */
  toolOutputs(): string[];
  /** True when a tool output shows the marker line: the agent really ran the command. */
  sawToolMarker(): boolean;
  /** Writes `<nn>-<label>.json` (and `.sse` for streamed answers) into `directory`, replacing old ones. */
  writeFixtures(directory: string): void;
  close(): Promise<void>;
}

export interface AgentFakeOptions {
  port?: number;
  protocols?: readonly FakeProtocol[];
}

const ALL_PROTOCOLS: readonly FakeProtocol[] = [fakeAnthropic, fakeResponses, fakeGemini];
const SECRET_HEADERS = new Set(['authorization', 'x-api-key', 'x-goog-api-key', 'api-key', 'cookie']);
const MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * A recording fake of the three agent protocols on 127.0.0.1, scripted to drive one agent turn with a
 * shell-tool call (see agent-turn.ts). It stands where the gateway's inbound surfaces will be, so what
 * it records is what those surfaces must accept.
 */
export async function startAgentFake(options: AgentFakeOptions = {}): Promise<AgentFake> {
  const protocols = options.protocols ?? ALL_PROTOCOLS;
  const exchanges: RecordedExchange[] = [];
  const counters = new Map<string, number>();
  const ids: FakeIds = {
    next(prefix) {
      const count = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, count);
      return `${prefix}_${String(count).padStart(4, '0')}`;
    },
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(String(error));
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake.invalid');
    const { body, encoding } = decodeBody(request.headers['content-encoding'], await readBody(request));
    const fakeRequest: FakeRequest = {
      method: request.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: lowerCaseHeaders(request.rawHeaders),
      body,
    };
    let answer: FakeAnswer | undefined;
    let protocol: FakeProtocol['name'] | null = null;
    // Claude Code 2.1.197 sends `HEAD /` before its first turn (a reachability probe; 2.1.332 does not).
    if (url.pathname === '/' && (fakeRequest.method === 'HEAD' || fakeRequest.method === 'GET')) {
      answer = { status: 200, headers: { 'content-type': 'text/plain' }, body: '', label: 'root' };
    }
    for (const candidate of answer ? [] : protocols) {
      answer = candidate.handle(fakeRequest, ids);
      if (answer) {
        protocol = candidate.name;
        break;
      }
    }
    // Unknown paths are recorded too: that is how we learn what else an agent asks for.
    answer ??= {
      status: 404,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        error: { message: `the fake does not serve ${fakeRequest.method} ${url.pathname}` },
      }),
      label: 'unknown',
    };
    const exchange: RecordedExchange = {
      index: exchanges.length + 1,
      method: fakeRequest.method,
      url: redactQuery(url),
      headers: redactHeaders(fakeRequest.headers),
      body,
      ...(encoding ? { bodyEncoding: encoding } : {}),
      protocol,
      label: answer.label,
      ...(answer.step ? { step: answer.step } : {}),
      response: {
        status: answer.status,
        headers: answer.headers,
        ...(answer.frames ? { sse: answer.frames.join('') } : { body: answer.body ?? '' }),
      },
    };
    exchanges.push(exchange);
    response.writeHead(answer.status, answer.headers);
    if (!answer.frames) {
      response.end(answer.body ?? '');
      return;
    }
    for (const frame of answer.frames) {
      if (response.destroyed) return;
      response.write(frame);
    }
    response.end();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const toolOutputs = (): string[] =>
    exchanges.flatMap((exchange) => (exchange.step?.kind === 'final' ? [exchange.step.toolOutput] : []));

  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    toolOutputs,
    sawToolMarker: () => toolOutputs().some(toolOutputShowsMarker),
    writeFixtures(directory) {
      mkdirSync(directory, { recursive: true });
      for (const name of readdirSync(directory)) {
        if (/^\d{2}-.*\.(json|sse)$/.test(name)) rmSync(join(directory, name));
      }
      for (const exchange of exchanges) {
        const stem = `${String(exchange.index).padStart(2, '0')}-${exchange.label}`;
        const { response, ...request } = exchange;
        const fixture = {
          ...request,
          response: response.sse
            ? { status: response.status, headers: response.headers, sseFile: `${stem}.sse` }
            : response,
        };
        writeFileSync(join(directory, `${stem}.json`), `${JSON.stringify(fixture, null, 2)}\n`);
        if (response.sse) writeFileSync(join(directory, `${stem}.sse`), response.sse);
      }
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body over 32 MiB');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Decodes a compressed body (Codex may send zstd) and parses JSON when it is JSON. */
function decodeBody(
  contentEncoding: string | undefined,
  raw: Buffer,
): { body: unknown; encoding: string | undefined } {
  if (raw.length === 0) return { body: null, encoding: undefined };
  let bytes = raw;
  const encoding = contentEncoding?.trim().toLowerCase();
  if (encoding === 'gzip') bytes = zlib.gunzipSync(raw);
  else if (encoding === 'deflate') bytes = zlib.inflateSync(raw);
  else if (encoding === 'br') bytes = zlib.brotliDecompressSync(raw);
  else if (encoding === 'zstd') {
    // zstd arrived in node:zlib with Node 22.15; on an older Node keep the bytes as base64.
    const zstd = (zlib as { zstdDecompressSync?: (input: Buffer) => Buffer }).zstdDecompressSync;
    if (!zstd) return { body: { undecodedBase64: raw.toString('base64') }, encoding };
    bytes = zstd(raw);
  }
  const text = bytes.toString('utf8');
  try {
    return { body: JSON.parse(text), encoding };
  } catch {
    return { body: text, encoding };
  }
}

function lowerCaseHeaders(rawHeaders: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = rawHeaders[index]!.toLowerCase();
    const value = rawHeaders[index + 1]!;
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  return headers;
}

function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const redacted: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    // Keep the scheme so the fixture still says which header form the agent used.
    if (name === 'authorization') redacted[name] = value.replace(/^(\S+\s+)?.*$/, '$1<redacted>');
    else redacted[name] = SECRET_HEADERS.has(name) ? '<redacted>' : value;
  }
  return redacted;
}

function redactQuery(url: URL): string {
  const query = new URLSearchParams(url.searchParams);
  if (query.has('key')) query.set('key', '<redacted>');
  const search = query.toString();
  return search ? `${url.pathname}?${search}` : url.pathname;
}
