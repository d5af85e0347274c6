import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request that went through the proxy and the answer it got, bodies as text. */
export interface ProxiedExchange {
  method: string;
  /** Path and query string as the client sent them. */
  url: string;
  requestBody: string;
  /** 502 when the target could not be reached. */
  status: number;
  responseHeaders: IncomingHttpHeaders;
  /** The whole answer: the JSON, or every SSE frame of a stream. */
  responseBody: string;
}

export interface RecordingProxy {
  /** `http://127.0.0.1:<port>`, to give the client instead of the target. */
  readonly url: string;
  readonly exchanges: readonly ProxiedExchange[];
  close(): Promise<void>;
}

/**
 * A pass-through HTTP proxy on 127.0.0.1 in front of `target` that records what a client sent and what it
 * got back — the half of a turn the upstream simulator cannot see. Answers are streamed through as they
 * arrive (an SSE answer reaches the client event by event), and kept whole in the record.
 *
 * @example
 * const proxy = await startRecordingProxy(gateway.url);
 * await runAgent({ agent: 'claude-code', baseUrl: proxy.url, apiKey, model });
 * proxy.exchanges.map((exchange) => `${exchange.method} ${exchange.url} → ${exchange.status}`);
 */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const targetUrl = new URL(target);
  const exchanges: ProxiedExchange[] = [];
  const server = createServer((incoming, outgoing) => {
    const requestChunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => requestChunks.push(chunk));
    incoming.on('end', () => {
      const requestBody = Buffer.concat(requestChunks);
      const exchange: ProxiedExchange = {
        method: incoming.method ?? 'GET',
        url: incoming.url ?? '/',
        requestBody: requestBody.toString('utf8'),
        status: 0,
        responseHeaders: {},
        responseBody: '',
      };
      exchanges.push(exchange);
      const upstream = httpRequest(
        {
          host: targetUrl.hostname,
          port: targetUrl.port,
          method: exchange.method,
          path: exchange.url,
          headers: { ...incoming.headers, host: targetUrl.host },
        },
        (answer) => {
          exchange.status = answer.statusCode ?? 0;
          exchange.responseHeaders = answer.headers;
          outgoing.writeHead(exchange.status, answer.headers);
          answer.on('data', (chunk: Buffer) => {
            exchange.responseBody += chunk.toString('utf8');
            outgoing.write(chunk);
          });
          answer.on('end', () => outgoing.end());
          answer.on('error', () => outgoing.destroy());
        },
      );
      upstream.on('error', (error) => {
        exchange.status = 502;
        exchange.responseBody = `proxy: ${error.message}`;
        if (!outgoing.headersSent) outgoing.writeHead(502, { 'content-type': 'text/plain' });
        outgoing.end(exchange.responseBody);
      });
      // The client leaving ends the upstream request too, as it would without the proxy.
      outgoing.on('close', () => upstream.destroy());
      upstream.end(requestBody);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
