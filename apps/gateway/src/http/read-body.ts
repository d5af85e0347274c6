import type { IncomingMessage } from 'node:http';
import { ClientClosedError, GatewayError } from './respond.js';

/**
 * Reads a request body up to `limit` bytes. A larger body is answered 413, but only once the client has
 * finished sending it (up to 4× the limit): closing the socket mid-upload makes clients report a
 * connection error instead of the 413.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length']);
    const tooLarge = () =>
      new GatewayError(
        413,
        'invalid_request_error',
        `The request body exceeds the limit of ${limit} bytes.`,
        'request_too_large',
        null,
        { connection: 'close' },
      );
    const chunks: Buffer[] = [];
    let size = 0;
    let overflow = Number.isFinite(declared) && declared > limit;
    if (overflow && declared > limit * 4) {
      reject(tooLarge());
      request.resume();
      return;
    }
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (overflow || size > limit) {
        overflow = true;
        chunks.length = 0;
        if (size > limit * 4) {
          request.removeAllListeners('data');
          request.removeAllListeners('end');
          reject(tooLarge());
          request.resume();
        }
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (overflow) reject(tooLarge());
      else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    });
    request.on('error', reject);
    // A client that goes away mid-upload: without this the promise would wait forever.
    request.on('close', () => {
      if (!request.complete) reject(new ClientClosedError());
    });
  });
}
