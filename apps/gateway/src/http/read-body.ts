import type { IncomingMessage } from 'node:http';
import { ClientClosedError, GatewayError } from './respond.js';

export interface BodyLimits {
  maxBytes: number;
  /** The longest silence between two chunks of the body. */
  idleTimeoutMs: number;
  /** The whole body, from the call to its last byte. */
  totalTimeoutMs: number;
}

/**
 * Reads a request body up to `maxBytes`. A larger body is answered 413, but only once the client has
 * finished sending it (up to 4× the limit): closing the socket mid-upload makes clients report a
 * connection error instead of the 413. A body that stalls for `idleTimeoutMs`, or is still arriving after
 * `totalTimeoutMs`, is answered 408 and its connection closed: without these, a client trickling its body
 * held a connection and a request slot until Node's own request timeout, about 330 s, and then got a 400.
 */
export function readBody(request: IncomingMessage, limits: BodyLimits): Promise<Buffer> {
  const { maxBytes } = limits;
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length']);
    const tooLarge = () =>
      new GatewayError(
        413,
        'invalid_request_error',
        `The request body exceeds the limit of ${maxBytes} bytes.`,
        'request_too_large',
        null,
        { connection: 'close' },
      );
    const chunks: Buffer[] = [];
    let size = 0;
    let overflow = Number.isFinite(declared) && declared > maxBytes;
    let settled = false;
    let idleTimer: NodeJS.Timeout | undefined;
    let totalTimer: NodeJS.Timeout | undefined;
    const settle = (error: Error | undefined, body?: Buffer) => {
      if (settled) return;
      settled = true;
      clearTimeout(idleTimer);
      clearTimeout(totalTimer);
      request.off('data', onData);
      request.off('end', onEnd);
      if (error === undefined) resolve(body!);
      else reject(error);
    };
    const timedOut = (message: string) => {
      settle(createBodyTimeoutError(message));
      // The rest of the upload is not waited for: the 408 says `connection: close`, and Node closes the
      // socket once it is written.
    };
    const armIdle = () => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(
        () => timedOut(`No part of the request body arrived for ${limits.idleTimeoutMs} ms.`),
        limits.idleTimeoutMs,
      );
      idleTimer.unref();
    };
    const onData = (chunk: Buffer) => {
      armIdle();
      size += chunk.length;
      if (overflow || size > maxBytes) {
        overflow = true;
        chunks.length = 0;
        if (size > maxBytes * 4) {
          settle(tooLarge());
          request.resume();
        }
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      if (overflow) settle(tooLarge());
      else settle(undefined, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };

    if (overflow && declared > maxBytes * 4) {
      settle(tooLarge());
      request.resume();
      return;
    }
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', (error) => settle(error));
    // A client that goes away mid-upload: without this the promise would wait forever.
    request.on('close', () => {
      if (!request.complete) settle(new ClientClosedError());
    });
    armIdle();
    totalTimer = setTimeout(
      () => timedOut(`The request body did not arrive within ${limits.totalTimeoutMs} ms.`),
      limits.totalTimeoutMs,
    );
    totalTimer.unref();
  });
}

/** A body that arrived too slowly: 408, and the connection closed (the rest of the upload is not read). */
export function createBodyTimeoutError(message: string): GatewayError {
  return new GatewayError(408, 'invalid_request_error', message, 'request_timeout', null, {
    connection: 'close',
  });
}
