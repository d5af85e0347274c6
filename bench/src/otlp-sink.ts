// A collector that discards: accepts OTLP/HTTP exports on POST /v1/traces and answers 200 without parsing
// them, so the traced llmux target pays for building and exporting its spans, and nothing is slowed by the
// receiving side. Counts what arrived, printed on SIGTERM (to the runner's stderr capture).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let exports = 0;
let bytes = 0;
const server = createServer({ keepAliveTimeout: 60_000 }, (request, response) => {
  request.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
  });
  request.on('end', () => {
    exports++;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{}');
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stderr.write(`otlp sink listening on http://127.0.0.1:${port}\n`);
});
process.on('SIGTERM', () => {
  process.stderr.write(`otlp sink: ${exports} exports, ${bytes} bytes\n`);
  process.exit(0);
});
