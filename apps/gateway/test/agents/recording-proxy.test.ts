import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type RecordingProxy, startRecordingProxy } from './recording-proxy.js';

describe('the recording proxy', () => {
  let target: Server | undefined;
  let proxy: RecordingProxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    await new Promise((resolve) => (target ? target.close(resolve) : resolve(undefined)));
    proxy = undefined;
    target = undefined;
  });

  async function startTarget(handler: Parameters<typeof createServer>[1]): Promise<string> {
    target = createServer(handler);
    await new Promise<void>((resolve) => target!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  }

  it('passes a request through with its headers and query, and records both bodies', async () => {
    const url = await startTarget((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      request.on('end', () => {
        response.writeHead(201, {
          'content-type': 'application/json',
          'x-seen-key': String(request.headers['x-api-key']),
        });
        response.end(JSON.stringify({ url: request.url, body }));
      });
    });
    proxy = await startRecordingProxy(url);
    const answer = await fetch(`${proxy.url}/v1/messages?beta=true`, {
      method: 'POST',
      headers: { 'x-api-key': 'k1', 'content-type': 'application/json' },
      body: '{"a":1}',
    });

    expect(answer.status).toBe(201);
    expect(answer.headers.get('x-seen-key')).toBe('k1');
    expect(await answer.json()).toEqual({ url: '/v1/messages?beta=true', body: '{"a":1}' });
    expect(proxy.exchanges).toEqual([
      expect.objectContaining({
        method: 'POST',
        url: '/v1/messages?beta=true',
        requestBody: '{"a":1}',
        status: 201,
        responseBody: JSON.stringify({ url: '/v1/messages?beta=true', body: '{"a":1}' }),
      }),
    ]);
  });

  it('streams an answer through event by event and keeps it whole', async () => {
    let release: () => void = () => {};
    const secondEvent = new Promise<void>((resolve) => {
      release = resolve;
    });
    const url = await startTarget((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: one\n\n');
      void secondEvent.then(() => response.end('data: two\n\n'));
    });
    proxy = await startRecordingProxy(url);
    const answer = await fetch(`${proxy.url}/stream`);
    const reader = answer.body!.getReader();
    const decoder = new TextDecoder();
    // The first event arrives while the target still holds the second back.
    expect(decoder.decode((await reader.read()).value)).toBe('data: one\n\n');
    release();
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
      rest += decoder.decode(chunk.value);

    expect(rest).toBe('data: two\n\n');
    expect(proxy.exchanges[0]?.responseBody).toBe('data: one\n\ndata: two\n\n');
  });

  it('answers 502 and records why when the target is down', async () => {
    const url = await startTarget(() => {});
    await new Promise((resolve) => target!.close(resolve));
    target = undefined;
    proxy = await startRecordingProxy(url);
    const answer = await fetch(`${proxy.url}/v1/messages`, { method: 'POST', body: '{}' });

    expect(answer.status).toBe(502);
    expect(proxy.exchanges[0]).toMatchObject({
      status: 502,
      responseBody: expect.stringMatching(/^proxy: /),
    });
  });
});
