// The floor: the smallest reasonable Node pass-through (node:http + undici Pool.request, a Bearer check, bodies
// piped both ways with back-pressure). What "nearly free" costs in Node; llmux is measured against it.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';

const upstream = process.env.UPSTREAM;
const expected = `Bearer ${process.env.BENCH_KEY}`;
if (upstream === undefined) throw new Error('UPSTREAM is not set');
const pool = new Pool(upstream, { connections: 256, pipelining: 1 });

const server = createServer({ keepAliveTimeout: 60_000 }, (request, response) => {
  if (request.headers.authorization !== expected) {
    response.writeHead(401, { 'content-type': 'application/json' });
    response.end('{"error":{"message":"bad key","type":"authentication_error"}}');
    return;
  }
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    pool
      .request({
        path: request.url ?? '/',
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer upstream-key' },
        body: Buffer.concat(chunks),
      })
      .then((upstreamResponse) => {
        // Forward the framing headers too: with content-length the client reads a plain body, not chunks.
        const headers: Record<string, string> = {};
        for (const name of ['content-type', 'content-length']) {
          const value = upstreamResponse.headers[name];
          if (typeof value === 'string') headers[name] = value;
        }
        response.writeHead(upstreamResponse.statusCode, headers);
        const body = upstreamResponse.body;
        body.on('data', (chunk: Buffer) => {
          if (!response.write(chunk)) {
            body.pause();
            response.once('drain', () => body.resume());
          }
        });
        body.on('end', () => response.end());
        body.on('error', () => response.destroy());
      })
      .catch((error: Error) => {
        response.writeHead(502, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { message: error.message, type: 'upstream_error' } }));
      });
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stderr.write(`listening on http://127.0.0.1:${port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
