import { type Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';

/** What the client saw of one request, whatever happened. */
export interface Exchange {
  /** 0 when no status line arrived. */
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** The connection failed (a reset, a close mid-body): its code or message. */
  error?: string;
  /** Nothing ended the exchange before the deadline; the client gave up. */
  hung: boolean;
  /** Aborted on purpose by `onData`. */
  aborted: boolean;
  durationMs: number;
}

export interface SendOptions {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** The exchange counts as hung if it has not ended by then. */
  deadlineMs: number;
  agent?: Agent;
  /** Called with the body so far on every chunk; `abort()` destroys the connection (a client that leaves). */
  onData?: (body: string, abort: () => void) => void;
  /** Called once the response's status line and headers arrived. */
  onResponse?: (status: number) => void;
  /** Aborting it destroys the connection, as `onData`'s `abort()` does. */
  signal?: AbortSignal;
}

/**
 * One HTTP request with node:http, never rejecting: fetch would discard the chunks not yet read when a body
 * errors, and a reliability check needs exactly what arrived before a cut.
 */
export function send(baseUrl: string, options: SendOptions): Promise<Exchange> {
  const started = performance.now();
  return new Promise((resolve) => {
    let status = 0;
    let headers: IncomingHttpHeaders = {};
    let body = '';
    let aborted = false;
    let settled = false;
    const finish = (extra: { error?: string; hung?: boolean } = {}) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({
        status,
        headers,
        body,
        hung: extra.hung ?? false,
        aborted,
        durationMs: performance.now() - started,
        ...(extra.error === undefined ? {} : { error: extra.error }),
      });
    };
    const request = httpRequest(new URL(options.path, baseUrl), {
      method: options.method ?? 'POST',
      headers: options.headers,
      agent: options.agent,
    });
    const abort = () => {
      aborted = true;
      request.destroy();
      finish();
    };
    const timer = setTimeout(() => {
      request.destroy();
      finish({ hung: true });
    }, options.deadlineMs);
    if (options.signal?.aborted) abort();
    options.signal?.addEventListener('abort', abort, { once: true });
    request.on('response', (response) => {
      status = response.statusCode ?? 0;
      headers = response.headers;
      options.onResponse?.(status);
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
        options.onData?.(body, abort);
      });
      response.on('end', () => finish());
      response.on('error', (error: NodeJS.ErrnoException) => finish({ error: error.code ?? error.message }));
      // A response cut before its end: 'aborted' (Node 20) then 'close' without 'end'.
      response.on('close', () => {
        if (!response.complete) finish({ error: 'ECONNRESET' });
      });
    });
    request.on('error', (error: NodeJS.ErrnoException) => finish({ error: error.code ?? error.message }));
    request.end(options.body);
  });
}

/** The exchange as one text for the secret scan: status, every header, the body. */
export function exchangeText(exchange: Exchange): string {
  return `${exchange.status}\n${JSON.stringify(exchange.headers)}\n${exchange.body}`;
}
