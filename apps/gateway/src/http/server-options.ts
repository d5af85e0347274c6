import type { ServerOptions } from 'node:http';
import type { ServerTimeouts } from '../config.js';

/**
 * Node's HTTP server settings for the gateway's client-side timeouts. The body timeouts are the body
 * reader's own (read-body.ts: a 408 in OpenAI's shape); Node's `requestTimeout` stays only as a backstop for
 * a body nobody reads (one drained after an early 401), a little after the reader's deadline.
 */
export function serverOptionsOf(timeouts: ServerTimeouts): ServerOptions {
  return {
    keepAliveTimeout: timeouts.keepAliveTimeoutMs,
    headersTimeout: timeouts.headersTimeoutMs,
    requestTimeout: timeouts.headersTimeoutMs + timeouts.bodyTimeoutMs + 5_000,
    // Node checks these two deadlines on this interval (default 30 s, so a 15 s deadline fired after up to
    // 45 s); one pass over the open connections a second costs nothing measurable.
    connectionsCheckingInterval: Math.min(1_000, timeouts.headersTimeoutMs),
  };
}
