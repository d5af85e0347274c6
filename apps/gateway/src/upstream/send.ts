import type { IncomingHttpHeaders } from 'node:http';
import { type ProviderAdapter, ProviderError, type UpstreamRequest } from '@llmux/provider-kit';
import type { Dispatcher } from 'undici';
import type { AttemptTrace } from '../tracing/tracing.js';
import type { AbortHandle } from './abort-handle.js';
import type { UpstreamPools } from './pools.js';

export interface SendOptions {
  /** An AbortHandle (an EventEmitter undici accepts as a signal; see abort-handle.ts). */
  signal: AbortHandle;
  /** Time to headers and the longest silence between body chunks. */
  attemptTimeoutMs: number;
  /** The attempt's span when tracing is on: its traceparent goes upstream, the status onto it. */
  trace?: AttemptTrace | undefined;
}

/** Largest error body read from an upstream (a vendor's error is a few hundred bytes). */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/**
 * Sends one upstream request through the origin's pool. Resolves with the response when the status is
 * 2xx; otherwise reads the error body and throws the adapter's ProviderError. Transport failures become
 * retryable ProviderErrors whose message names neither the URL nor the credential.
 */
export async function sendUpstream(
  pools: UpstreamPools,
  adapter: ProviderAdapter,
  request: UpstreamRequest,
  options: SendOptions,
): Promise<Dispatcher.ResponseData> {
  const url = parseUpstreamUrl(request.url);
  const pool = pools.get(url.origin);
  const trace = options.trace;
  // Every adapter sets content-type itself; the copy is only for one that does not.
  let headers =
    request.headers['content-type'] === undefined
      ? { ...request.headers, 'content-type': 'application/json' }
      : request.headers;
  if (trace !== undefined) headers = trace.addTraceHeaders(headers);
  let response: Dispatcher.ResponseData;
  try {
    response = await pool.request({
      path: url.path,
      method: request.method,
      headers,
      body: JSON.stringify(request.body),
      signal: options.signal,
      headersTimeout: options.attemptTimeoutMs,
      bodyTimeout: options.attemptTimeoutMs,
    });
  } catch (error) {
    throw toTransportError(error, options.signal);
  }
  trace?.recordStatus(response.statusCode);
  if (response.statusCode >= 200 && response.statusCode < 300) return response;

  const body = await readErrorBody(response).catch(() => undefined);
  const error = adapter.fromError(response.statusCode, body, flattenHeaders(response.headers));
  redactCredentials(error, request.headers);
  throw error;
}

const CREDENTIAL_HEADERS = ['authorization', 'x-api-key', 'x-goog-api-key', 'api-key'];

/**
 * Some vendors echo the credential they refused inside a 400's message, and a key of an unfamiliar shape
 * (Zhipu's id.secret, Ark's UUID, MiniMax's JWT) slips past pattern-based redaction: remove this request's
 * own credential, whatever its shape, before the message reaches a client or a log.
 */
function redactCredentials(error: ProviderError, headers: Record<string, string>): void {
  for (const name of CREDENTIAL_HEADERS) {
    const secret = headers[name]?.replace(/^Bearer\s+/i, '');
    if (secret === undefined || secret.length < 6) continue;
    if (error.message.includes(secret)) error.message = error.message.replaceAll(secret, '[redacted]');
    if (error.vendorMessage?.includes(secret))
      (error as { vendorMessage?: string }).vendorMessage = error.vendorMessage.replaceAll(
        secret,
        '[redacted]',
      );
  }
}

/** Parsed upstream URLs: a deployment calls the same one or two URLs for every request. */
const parsedUrls = new Map<string, { origin: string; path: string }>();
const MAX_PARSED_URLS = 1024;

function parseUpstreamUrl(text: string): { origin: string; path: string } {
  let parsed = parsedUrls.get(text);
  if (parsed === undefined) {
    const url = new URL(text);
    parsed = { origin: url.origin, path: url.pathname + url.search };
    // URLs that carry per-request parts (none do today) must not grow the cache without bound.
    if (parsedUrls.size >= MAX_PARSED_URLS) parsedUrls.clear();
    parsedUrls.set(text, parsed);
  }
  return parsed;
}

async function readErrorBody(response: Dispatcher.ResponseData): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += (chunk as Buffer).length;
    if (size > MAX_ERROR_BODY_BYTES) {
      response.body.destroy();
      break;
    }
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function flattenHeaders(headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>) {
  return headers as Record<string, string | string[] | undefined>;
}

/** Turns a thrown transport error into a ProviderError; an abort by our own signal is passed through. */
export function toTransportError(error: unknown, signal: { aborted: boolean; reason: unknown }): unknown {
  if (error instanceof ProviderError) return error;
  if (signal.aborted) return signal.reason ?? error;
  const code = (error as { code?: string }).code;
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new ProviderError({
      status: 504,
      type: 'timeout_error',
      code: 'upstream_timeout',
      message: 'The upstream provider did not answer in time.',
      retryable: true,
    });
  }
  return new ProviderError({
    status: 502,
    type: 'upstream_error',
    code: 'upstream_connection_error',
    message: `Could not reach the upstream provider (${code ?? 'connection error'}).`,
    retryable: true,
  });
}
