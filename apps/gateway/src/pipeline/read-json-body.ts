import type { IncomingMessage } from 'node:http';
import type { GatewayConfig } from '../config.js';
import { readBody } from '../http/read-body.js';
import { GatewayError } from '../http/respond.js';

export interface JsonBody {
  json: unknown;
  /** The body's size, for the worst-case estimate of admission. */
  byteLength: number;
}

/** The read stage: the request body, bounded in size and time, parsed as JSON (400 `invalid_json` if it is not). */
export async function readJsonBody(incoming: IncomingMessage, config: GatewayConfig): Promise<JsonBody> {
  const body = await readBody(incoming, {
    maxBytes: config.maxBodyBytes,
    idleTimeoutMs: config.timeouts.bodyIdleTimeoutMs,
    totalTimeoutMs: config.timeouts.bodyTimeoutMs,
  });
  try {
    return { json: JSON.parse(body.toString('utf8')), byteLength: body.byteLength };
  } catch (error) {
    throw new GatewayError(
      400,
      'invalid_request_error',
      `The request body is not valid JSON: ${(error as Error).message}`,
      'invalid_json',
    );
  }
}
