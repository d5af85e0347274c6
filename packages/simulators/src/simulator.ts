import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createDefaultScenario, estimateUsage, readScenarioDirective } from './default-scenario.js';
import { PROTOCOL_SIMULATORS } from './protocols/index.js';
import {
  type NormalizedRequest,
  type ProtocolSimulator,
  type SimulatorIds,
  SimulatorRequestError,
} from './protocols/protocol.js';
import { isSimulatedProvider, PROVIDER_BASE_PATHS, type SimulatedProvider } from './providers.js';
import type { Scenario } from './scenario.js';

export type SimulatedProtocol = ProtocolSimulator['protocol'];

export interface SimulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port chosen by the OS. */
  port?: number;
  /**
   * Answer 401 (in the vendor's error shape) to a request that carries no credential at all: no
   * `authorization`, `x-api-key`, `x-goog-api-key`, `api-key` header and no `key` query parameter.
   * Any value is accepted as a credential. Default true.
   */
  requireCredential?: boolean;
  /** The clock for `created` fields, in milliseconds. Default `Date.now`. */
  now?: () => number;
  /** The protocols served, in matching order. Default: every registered protocol (`PROTOCOL_SIMULATORS`). */
  protocols?: readonly ProtocolSimulator[];
  /** A larger request body is answered 413 in the vendor's error shape. Default 32 MiB. */
  maxBodyBytes?: number;
}

/** What the simulator received, in arrival order. */
export interface RecordedRequest {
  provider: string;
  /** Undefined when no protocol serves the path (the simulator answered 404). */
  protocol: SimulatedProtocol | undefined;
  method: string;
  /** The path after the provider prefix, without the query string (`/v1/chat/completions`). */
  path: string;
  query: URLSearchParams;
  /** Lower-case names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** The parsed JSON body, or the raw text when it is not JSON (`''` when it was too large to keep). */
  body: unknown;
  /** Set when the client closed the connection before the response ended (an abort, a timeout). */
  closedByClient: boolean;
  /** `performance.now()` when the request arrived, and when the client closed it early (`closedByClient`). */
  receivedAt: number;
  closedAt?: number;
}

export interface ScenarioInfo {
  provider: SimulatedProvider;
  protocol: SimulatedProtocol;
  path: string;
}

export type ScenarioSelector = (request: NormalizedRequest, info: ScenarioInfo) => Scenario | undefined;

export interface Simulator {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The base URL to give a vendor SDK or adapter, in that vendor's convention (see `PROVIDER_BASE_PATHS`). */
  baseUrlFor(provider: SimulatedProvider): string;
  /** Queue scenarios, consumed one per request in order (first in, first out), before `setScenario`'s. */
  enqueue(...scenarios: Scenario[]): void;
  /** Choose a scenario per request when the queue is empty; return undefined for the default answer. */
  setScenario(selector: ScenarioSelector | undefined): void;
  /** Every request received since the start or the last `reset()`. */
  readonly requests: readonly RecordedRequest[];
  /** Forget queued scenarios, the selector, recorded requests, and restart the id counter. */
  reset(): void;
  /** Stop listening and destroy open connections (streams in progress end abruptly). */
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;
const DEFAULT_STREAM_ERROR = 'The server had an error while processing your request.';
const MALFORMED_FRAME = 'data: {not json\n\n';

/**
 * Starts a local HTTP server that answers like the vendors' APIs. One server serves every provider
 * under its own prefix (`/openai/v1/chat/completions`, `/anthropic/v1/messages`, …); the protocol is
 * chosen by the rest of the path. Each request's answer comes from, in order: the queue (`enqueue`),
 * the selector (`setScenario`), a `[[sim:{…}]]` directive in the last user text, the default scenario.
 *
 * @example
 * const simulator = await createSimulator();
 * simulator.enqueue({ text: 'Hello!' });
 * const openai = new OpenAI({ apiKey: 'test', baseURL: simulator.baseUrlFor('openai') });
 * await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] });
 * await simulator.close();
 */
export async function createSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const {
    host = '127.0.0.1',
    port = 0,
    requireCredential = true,
    now = Date.now,
    maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
  } = options;
  const protocols = options.protocols ?? PROTOCOL_SIMULATORS;
  const queue: Scenario[] = [];
  let selector: ScenarioSelector | undefined;
  let requests: RecordedRequest[] = [];
  let counter = 0;

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { message: `Simulator failure: ${String(error)}` } }));
      } else {
        response.destroy();
      }
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://simulator.invalid');
    const [, provider = '', ...rest] = url.pathname.split('/');
    const path = '/' + rest.join('/');
    const method = request.method ?? 'GET';
    const protocol = isSimulatedProvider(provider)
      ? protocols.find((candidate) => candidate.matches(method, path))
      : undefined;
    const receivedAt = performance.now();
    let rawBody = '';
    let bodyError: SimulatorRequestError | undefined;
    try {
      rawBody = await readBody(request, maxBodyBytes);
    } catch (error) {
      if (!(error instanceof SimulatorRequestError)) throw error;
      bodyError = error;
    }
    const record: RecordedRequest = {
      provider,
      protocol: undefined,
      method,
      path,
      query: url.searchParams,
      headers: recordHeaders(request),
      body: parseJson(rawBody) ?? rawBody,
      closedByClient: false,
      receivedAt,
    };
    requests.push(record);
    let finished = false;
    const abort = new AbortController();
    response.on('close', () => {
      if (!finished) {
        record.closedByClient = true;
        record.closedAt = performance.now();
      }
      abort.abort();
    });
    const end = (body?: string) => {
      finished = true;
      response.end(body);
    };

    if (!isSimulatedProvider(provider) || !protocol) {
      response.writeHead(404, { 'content-type': 'application/json' });
      end(
        JSON.stringify({
          error: {
            message: `The simulator serves no ${method} ${url.pathname}`,
            type: 'invalid_request_error',
          },
        }),
      );
      return;
    }
    record.protocol = protocol.protocol;
    counter += 1;
    const ids = createIds(counter, Math.floor(now() / 1000));
    const sendError = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, {
        'content-type': 'application/json',
        ...protocol.responseHeaders?.(false, ids),
        ...headers,
      });
      end(JSON.stringify(body));
    };

    if (bodyError) {
      sendError(bodyError.status, protocol.renderError(bodyError.status, bodyError.message));
      return;
    }
    if (requireCredential && !hasCredential(request, url.searchParams)) {
      sendError(401, protocol.renderError(401, 'You did not provide an API key.'));
      return;
    }
    const parsed = parseJson(rawBody);
    let normalized: NormalizedRequest;
    try {
      if (parsed === undefined && rawBody !== '')
        throw new SimulatorRequestError('The body is not valid JSON.');
      normalized = protocol.normalize(path, url.searchParams, parsed);
    } catch (error) {
      if (!(error instanceof SimulatorRequestError)) throw error;
      sendError(error.status, error.body ?? protocol.renderError(error.status, error.message));
      return;
    }

    const info: ScenarioInfo = { provider, protocol: protocol.protocol, path };
    const chosen =
      queue.shift() ?? selector?.(normalized, info) ?? readScenarioDirective(normalized.lastUserText);
    const scenario = completeScenario(chosen, normalized, normalized.promptCharacters ?? rawBody.length);
    const signal = abort.signal;

    if (scenario.headerDelayMs) await pause(scenario.headerDelayMs, signal);
    if (signal.aborted) return;
    if (scenario.resetBeforeHeaders) {
      finished = true;
      response.socket?.resetAndDestroy();
      response.destroy();
      return;
    }

    if (scenario.error) {
      const { status, message = defaultErrorMessage(status), body, headers } = scenario.error;
      sendError(status, body ?? protocol.renderError(status, message), headers);
      return;
    }

    if (normalized.countTokens && protocol.renderTokenCount !== undefined) {
      response.writeHead(200, { 'content-type': 'application/json' });
      end(JSON.stringify(protocol.renderTokenCount(scenario.usage?.promptTokens ?? 0)));
      return;
    }
    const baseHeaders = protocol.responseHeaders?.(normalized.stream, ids) ?? {};
    if (!normalized.stream) {
      response.writeHead(200, { 'content-type': 'application/json', ...baseHeaders });
      response.flushHeaders();
      if (scenario.chunkDelayMs) await pause(scenario.chunkDelayMs, signal);
      if (signal.aborted) return;
      if (scenario.cutAfterEvents !== undefined) {
        finished = true;
        response.destroy();
        return;
      }
      if (scenario.stallAfterEvents !== undefined) return;
      const text = JSON.stringify(protocol.renderResponse(scenario, normalized, ids));
      end(scenario.truncateAfterEvents !== undefined ? text.slice(0, Math.floor(text.length / 2)) : text);
      return;
    }

    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      ...baseHeaders,
    });
    response.flushHeaders();
    const frames = protocol.renderStream(scenario, normalized, ids);
    if (scenario.malformedEventAt !== undefined) {
      frames.splice(Math.min(Math.max(0, scenario.malformedEventAt), frames.length), 0, MALFORMED_FRAME);
    }
    for (let index = 0; index <= frames.length; index++) {
      if (scenario.errorEventAfterEvents === index) {
        await write(response, protocol.renderStreamError(DEFAULT_STREAM_ERROR), signal);
        end();
        return;
      }
      if (scenario.cutAfterEvents === index) {
        finished = true;
        // Let the events already written reach the client first, as when a vendor's connection drops.
        await flush(response);
        response.destroy();
        return;
      }
      if (scenario.stallAfterEvents === index) return; // Open until the client leaves (or close()).
      if (scenario.truncateAfterEvents === index) {
        const frame = frames[index] ?? '';
        end(frame.slice(0, Math.floor(frame.length / 2)).replace(/\n+$/, ''));
        return;
      }
      if (index === frames.length) break;
      if (scenario.chunkDelayMs) await pause(scenario.chunkDelayMs, signal);
      if (signal.aborted) return;
      await write(response, frames[index]!, signal);
      if (signal.aborted) return;
    }
    end();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;

  return {
    url,
    baseUrlFor: (provider) => `${url}/${provider}${PROVIDER_BASE_PATHS[provider]}`,
    enqueue: (...scenarios) => {
      queue.push(...scenarios);
    },
    setScenario: (next) => {
      selector = next;
    },
    get requests() {
      return requests;
    },
    reset: () => {
      queue.length = 0;
      selector = undefined;
      requests = [];
      counter = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * The scenario actually played: a scenario that scripts only behaviour (delays, cuts, an error event)
 * gets the default answer's content; usage is estimated from text lengths when not given.
 */
function completeScenario(
  chosen: Scenario | undefined,
  request: NormalizedRequest,
  promptCharacters: number,
): Scenario {
  let scenario = chosen ?? createDefaultScenario(request);
  const hasContent =
    scenario.text !== undefined || scenario.reasoning !== undefined || scenario.toolCalls !== undefined;
  if (!hasContent && !scenario.error) scenario = { ...createDefaultScenario(request), ...scenario };
  return {
    ...scenario,
    usage: scenario.usage ?? estimateUsage(promptCharacters, scenario),
    choices: scenario.choices ?? request.choices,
  };
}

function createIds(counter: number, created: number): SimulatorIds {
  const responseId = `sim${String(counter).padStart(6, '0')}`;
  return { responseId, created, toolCallId: (index) => `${responseId}x${index}` };
}

function defaultErrorMessage(status: number): string {
  if (status === 429) return 'Rate limit reached. Please try again later.';
  if (status >= 500) return 'The server had an error while processing your request.';
  return `Simulated error ${status}.`;
}

function hasCredential(request: IncomingMessage, query: URLSearchParams): boolean {
  const { headers } = request;
  return Boolean(
    headers.authorization ||
      headers['x-api-key'] ||
      headers['x-goog-api-key'] ||
      headers['api-key'] ||
      query.get('key'),
  );
}

function recordHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** The body as text; past `maxBytes` the rest is read and dropped (so the client can take the 413), then a 413 is thrown. */
async function readBody(request: IncomingMessage, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= maxBytes) chunks.push(chunk);
  }
  if (size > maxBytes)
    throw new SimulatorRequestError(`Request body too large (over ${maxBytes} bytes).`, 413);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function pause(milliseconds: number, signal: AbortSignal): Promise<void> {
  await sleep(milliseconds, undefined, { signal }).catch(() => {});
}

function flush(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => response.write('', () => setTimeout(resolve, 10)));
}

/** Writes one frame, waiting for 'drain' when the socket's buffer is full (or for the client to leave). */
async function write(response: ServerResponse, frame: string, signal: AbortSignal): Promise<void> {
  if (signal.aborted || response.write(frame)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      response.off('drain', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    response.once('drain', done);
    signal.addEventListener('abort', done, { once: true });
  });
}
