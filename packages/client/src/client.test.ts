import { getEventListeners } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChatCompletionChunk } from '@llmux/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from './client.js';
import { LlmuxError } from './errors.js';

type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void;

let handler: Handler = () => {};
const closedEarly: string[] = [];
const server = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => {
    body += chunk;
  });
  request.on('end', () => handler(request, response, body));
  response.on('close', () => {
    if (!response.writableFinished) closedEarly.push(request.url ?? '');
  });
});
let baseURL = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function chunk(
  content: string,
  finish: ChatCompletionChunk['choices'][number]['finish_reason'] = null,
): string {
  const value: ChatCompletionChunk = {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: 0, delta: { content }, finish_reason: finish, logprobs: null }],
  };
  return `data: ${JSON.stringify(value)}\n\n`;
}

const request = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] };

describe('createClient', () => {
  it('sends the key and the body, and returns the completion', async () => {
    let seen: { authorization?: string; body?: unknown } = {};
    handler = (incoming, response, body) => {
      seen = { authorization: incoming.headers.authorization, body: JSON.parse(body) };
      response.setHeader('content-type', 'application/json');
      response.end(
        JSON.stringify({
          id: 'c',
          object: 'chat.completion',
          created: 1,
          model: 'm',
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: 'hello', refusal: null },
              logprobs: null,
              finish_reason: 'stop',
            },
          ],
        }),
      );
    };
    const client = createClient({ baseURL, apiKey: 'sk-test' });
    const completion = await client.chat.completions.create(request);
    expect(completion.choices[0]?.message.content).toBe('hello');
    expect(seen.authorization).toBe('Bearer sk-test');
    expect(seen.body).toEqual(request);
  });

  it('create(...).withResponse() gives the whole answer with its HTTP response (headers)', async () => {
    handler = (_incoming, response) => {
      response.writeHead(200, {
        'content-type': 'application/json',
        'x-llmux-warnings': '[{"param":"temperature","action":"clamped","message":"clamped to 1"}]',
        'x-request-id': 'req_h',
      });
      response.end(
        JSON.stringify({
          id: 'c',
          object: 'chat.completion',
          created: 1,
          model: 'm',
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: 'hello', refusal: null },
              logprobs: null,
              finish_reason: 'stop',
            },
          ],
        }),
      );
    };
    const client = createClient({ baseURL });
    const { data, response } = await client.chat.completions.create(request).withResponse();
    expect(data.choices[0]?.message.content).toBe('hello');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-llmux-warnings')).toContain('clamped to 1');
    expect(response.headers.get('x-request-id')).toBe('req_h');
    // Awaited directly, the same call still resolves to the completion alone.
    expect((await client.chat.completions.create(request)).id).toBe('c');
  });

  it('withResponse() on a stream gives the stream and its response; errors reject it', async () => {
    handler = (_incoming, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'x-llmux-simulated': 'true' });
      response.end(`${chunk('a', 'stop')}data: [DONE]\n\n`);
    };
    const client = createClient({ baseURL });
    const { data: stream, response } = await client.chat.completions
      .create({ ...request, stream: true })
      .withResponse();
    expect(response.headers.get('x-llmux-simulated')).toBe('true');
    expect((await stream.finalCompletion()).choices[0]?.message.content).toBe('a');
    handler = (_incoming, response) => {
      response.writeHead(503);
      response.end();
    };
    const error = await client.chat.completions
      .create(request)
      .withResponse()
      .catch((caught) => caught);
    expect(error).toBeInstanceOf(LlmuxError);
    expect(error.status).toBe(503);
  });

  it('turns an OpenAI-shaped error into an LlmuxError with every field', async () => {
    handler = (_incoming, response) => {
      response.writeHead(400, { 'content-type': 'application/json', 'x-request-id': 'req_1' });
      response.end(
        JSON.stringify({
          error: {
            message: 'temperature must be between 0 and 2, got 3',
            type: 'invalid_request_error',
            param: 'temperature',
            code: 'invalid_value',
          },
        }),
      );
    };
    const error = await createClient({ baseURL })
      .chat.completions.create(request)
      .catch((caught) => caught);
    expect(error).toBeInstanceOf(LlmuxError);
    expect(error).toMatchObject({
      status: 400,
      type: 'invalid_request_error',
      param: 'temperature',
      code: 'invalid_value',
      requestId: 'req_1',
    });
    expect(error.message).toContain('temperature');
  });

  it('gives a readable message for a 500 with an HTML body', async () => {
    handler = (_incoming, response) => {
      response.writeHead(502, 'Bad Gateway', { 'content-type': 'text/html' });
      response.end('<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>');
    };
    const error = await createClient({ baseURL })
      .models.list()
      .catch((caught) => caught);
    expect(error).toBeInstanceOf(LlmuxError);
    expect(error.status).toBe(502);
    expect(error.message).toBe('HTTP 502 Bad Gateway: 502 Bad Gateway nginx');
  });

  it('gives a readable message for an error with an empty body', async () => {
    handler = (_incoming, response) => {
      response.writeHead(503);
      response.end();
    };
    const error = await createClient({ baseURL })
      .models.list()
      .catch((caught) => caught);
    expect(error.message).toMatch(/^HTTP 503 .*\(empty body\)$/);
  });

  it('names the URL when the server is unreachable', async () => {
    const unreachable = createClient({ baseURL: 'http://127.0.0.1:1/v1' });
    const error = await unreachable.models.list().catch((caught) => caught);
    expect(error).toBeInstanceOf(LlmuxError);
    expect(error.status).toBe(0);
    expect(error.code).toBe('connection_error');
    expect(error.message).toContain('http://127.0.0.1:1/v1/models');
  });

  it('streams chunks and builds the final completion', async () => {
    handler = (_incoming, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(chunk('Hel'));
      response.write(chunk('lo'));
      response.end(`${chunk('', 'stop')}data: [DONE]\n\n`);
    };
    const stream = await createClient({ baseURL }).chat.completions.create({ ...request, stream: true });
    const pieces: string[] = [];
    for await (const part of stream) pieces.push(part.choices[0]?.delta.content ?? '');
    expect(pieces.join('')).toBe('Hello');
    const completion = await stream.finalCompletion();
    expect(completion.choices[0]?.message.content).toBe('Hello');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
  });

  it('finalCompletion() reads a stream nobody iterated', async () => {
    handler = (_incoming, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(`${chunk('whole')}${chunk('', 'stop')}data: [DONE]\n\n`);
    };
    const stream = await createClient({ baseURL }).chat.completions.create({ ...request, stream: true });
    expect((await stream.finalCompletion()).choices[0]?.message.content).toBe('whole');
  });

  it('raises when the stream stops without [DONE]', async () => {
    handler = (_incoming, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(chunk('partial'));
    };
    const stream = await createClient({ baseURL }).chat.completions.create({ ...request, stream: true });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const part of stream) seen.push(part.choices[0]?.delta.content ?? '');
    })().catch((caught) => caught);
    expect(seen).toEqual(['partial']);
    expect(error).toBeInstanceOf(LlmuxError);
    expect(error.code).toBe('stream_incomplete');
  });

  it('raises an error event from the middle of a stream', async () => {
    handler = (_incoming, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': 'req_2' });
      response.write(chunk('a'));
      response.end(
        `data: ${JSON.stringify({ error: { message: 'upstream overloaded', type: 'api_error', param: null, code: 'overloaded' } })}\n\n`,
      );
    };
    const stream = await createClient({ baseURL }).chat.completions.create({ ...request, stream: true });
    const error = await stream.finalCompletion().catch((caught) => caught);
    expect(error).toBeInstanceOf(LlmuxError);
    expect(error).toMatchObject({
      message: 'upstream overloaded',
      type: 'api_error',
      code: 'overloaded',
      requestId: 'req_2',
    });
  });

  it('aborts the HTTP request when the caller stops iterating', async () => {
    closedEarly.length = 0;
    let closed: () => void = () => {};
    const serverSawClose = new Promise<void>((resolve) => {
      closed = resolve;
    });
    handler = (incoming, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      const timer = setInterval(() => response.write(chunk('tick')), 20);
      response.on('close', () => {
        clearInterval(timer);
        closed();
      });
      void incoming;
    };
    const stream = await createClient({ baseURL }).chat.completions.create({ ...request, stream: true });
    let count = 0;
    for await (const _part of stream) if (++count === 2) break;
    await serverSawClose;
    expect(count).toBe(2);
    expect(closedEarly).toContain('/v1/chat/completions');
  });

  it('honours an AbortSignal', async () => {
    handler = () => {}; // never answers
    const controller = new AbortController();
    const pending = createClient({ baseURL }).chat.completions.create(request, { signal: controller.signal });
    controller.abort();
    const error = await pending.catch((caught) => caught);
    expect(error).toBeInstanceOf(LlmuxError);
    expect(error.code).toBe('aborted');
  });

  it('does not leave listeners on a long-lived signal once each request is done', async () => {
    handler = (incoming, response) => {
      if (incoming.url === '/v1/models') {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ object: 'list', data: [] }));
        return;
      }
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(`${chunk('a', 'stop')}data: [DONE]\n\n`);
    };
    const client = createClient({ baseURL });
    const shared = new AbortController();
    for (let round = 0; round < 3; round++) {
      await client.models.list({ signal: shared.signal });
      const stream = await client.chat.completions.create(
        { ...request, stream: true },
        { signal: shared.signal },
      );
      await stream.finalCompletion();
    }
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(0);
  });

  it('lists models and reaches the admin API beside /v1', async () => {
    const urls: string[] = [];
    handler = (incoming, response) => {
      urls.push(`${incoming.method} ${incoming.url}`);
      response.setHeader('content-type', 'application/json');
      if (incoming.url === '/v1/models')
        response.end(
          JSON.stringify({
            object: 'list',
            data: [{ id: 'gpt-4o', object: 'model', created: 1, owned_by: 'openai' }],
          }),
        );
      else if (incoming.url === '/admin/keys' && incoming.method === 'GET')
        response.end(JSON.stringify({ data: [] }));
      else if (incoming.method === 'DELETE') {
        response.writeHead(204);
        response.end();
      } else response.end('{}');
    };
    const client = createClient({ baseURL: `${baseURL}/` });
    expect((await client.models.list()).data[0]?.id).toBe('gpt-4o');
    expect(await client.admin.keys.list()).toEqual([]);
    await client.admin.keys.retrieve('key_1');
    await client.admin.keys.update('key_1', { rpm_limit: null, max_budget: 5 });
    await client.admin.keys.revoke('key_1');
    await client.admin.usage({ since: '2026-01-01T00:00:00Z' });
    expect(urls).toEqual([
      'GET /v1/models',
      'GET /admin/keys',
      'GET /admin/keys/key_1',
      'PATCH /admin/keys/key_1',
      'DELETE /admin/keys/key_1',
      'GET /admin/usage?since=2026-01-01T00%3A00%3A00Z',
    ]);
  });
});
