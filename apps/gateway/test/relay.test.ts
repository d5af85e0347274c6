import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectValid, MASTER_KEY, startTestGateway, type TestGateway } from './helpers.js';

// OpenAI answers in the contract's own shape, so the gateway relays its bytes (provider-openai's relay) instead
// of translating them: these tests hold the relayed answers to what a client must get all the same.
const DATED = 'gpt-4o-mini-2024-07-18';
const head = `"id":"chatcmpl-up","object":"chat.completion.chunk","created":1770000000,"model":"${DATED}","service_tier":"default","system_fingerprint":"fp_1"`;
const chunk = (choices: string, usage = 'null') =>
  `data: {${head},"choices":[${choices}],"usage":${usage},"obfuscation":"x"}\n\n`;
const STREAM =
  chunk(
    '{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}',
  ) +
  chunk('{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}') +
  chunk('{"index":0,"delta":{"content":" there"},"logprobs":null,"finish_reason":null}') +
  chunk('{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}') +
  chunk('', '{"prompt_tokens":12,"completion_tokens":2,"total_tokens":14}') +
  'data: [DONE]\n\n';
const WHOLE = JSON.stringify(
  {
    id: 'chatcmpl-up',
    object: 'chat.completion',
    created: 1_770_000_000,
    model: DATED,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: 'Hello there', refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: { prompt_tokens: 12, completion_tokens: 2, total_tokens: 14 },
    service_tier: 'default',
    system_fingerprint: 'fp_1',
  },
  null,
  2,
);

describe('OpenAI answers relayed through the gateway', () => {
  let upstream: Server;
  let test: TestGateway;
  const upstreamBodies: Array<Record<string, unknown>> = [];
  let failedOnce = false;

  beforeAll(async () => {
    upstream = createServer((request, response) => {
      let body = '';
      request.on('data', (data) => {
        body += data;
      });
      request.on('end', () => {
        const parsed = JSON.parse(body) as Record<string, unknown>;
        upstreamBodies.push(parsed);
        const text = JSON.stringify(parsed.messages);
        if (parsed.stream === true && text.includes('fail once') && !failedOnce) {
          // A valid chunk, then an error event, in one write: the gateway retries, and the client must see only
          // the second attempt's answer.
          failedOnce = true;
          response.writeHead(200, { 'content-type': 'text/event-stream' });
          response.end(
            chunk(
              '{"index":0,"delta":{"role":"assistant","content":"LOST"},"logprobs":null,"finish_reason":null}',
            ) +
              'data: {"error":{"message":"The server is overloaded","type":"server_error","code":null}}\n\n',
          );
        } else if (parsed.stream === true) {
          response.writeHead(200, { 'content-type': 'text/event-stream' });
          // In pieces, as a network delivers it: events cut in the middle.
          for (let at = 0; at < STREAM.length; at += 97) response.write(STREAM.slice(at, at + 97));
          response.end();
        } else {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(WHOLE);
        }
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const { port } = upstream.address() as AddressInfo;
    test = await startTestGateway({
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
    });
  });
  afterAll(async () => {
    await test.close();
    await new Promise((resolve) => upstream.close(resolve));
  });

  it('a whole answer: the public model, the contract met, fields outside the translator kept, usage recorded', async () => {
    const { data, response } = await test.client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] })
      .withResponse();
    expectValid('completion', data);
    expect(data.model).toBe('gpt-4o-mini');
    expect(data.id).toBe('chatcmpl-up');
    expect(data.choices[0]?.message.content).toBe('Hello there');
    expect(data.service_tier).toBe('default');
    expect(data.usage).toEqual({ prompt_tokens: 12, completion_tokens: 2, total_tokens: 14 });
    const requestId = response.headers.get('x-request-id')!;
    test.gateway.usage.flush();
    const row = test.gateway.database.prepare('SELECT * FROM usage WHERE request_id = ?').get(requestId) as {
      prompt_tokens: number;
      completion_tokens: number;
      model: string;
    };
    expect(row).toMatchObject({ prompt_tokens: 12, completion_tokens: 2, model: 'gpt-4o-mini' });
  });

  it('a stream with include_usage: every chunk valid and stamped with the public model, usage once at the end', async () => {
    const stream = await test.client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const received of stream) chunks.push(received);
    for (const received of chunks) expectValid('chunk', received);
    expect(new Set(chunks.map((received) => received.model))).toEqual(new Set(['gpt-4o-mini']));
    expect(chunks.map((received) => received.choices[0]?.delta.content ?? '').join('')).toBe('Hello there');
    expect(chunks.filter((received) => received.usage)).toHaveLength(1);
    expect(chunks.at(-1)?.usage).toEqual({ prompt_tokens: 12, completion_tokens: 2, total_tokens: 14 });
    // The gateway asked the upstream for usage itself, whatever the client asked.
    expect(upstreamBodies.at(-1)?.stream_options).toEqual({ include_usage: true });
  });

  it('a stream without include_usage: no usage chunk for the client, usage still recorded, [DONE] once', async () => {
    const response = await fetch(`${test.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Hi' }],
        stream: true,
      }),
    });
    const text = await response.text();
    expect(text).not.toContain('"usage":{');
    expect(text).not.toContain(DATED);
    expect(text.match(/data: \[DONE\]/g)).toHaveLength(1);
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    test.gateway.usage.flush();
    const row = test.gateway.database
      .prepare('SELECT completion_tokens FROM usage WHERE request_id = ?')
      .get(response.headers.get('x-request-id')) as { completion_tokens: number };
    expect(row.completion_tokens).toBe(2);
  });

  it('a stream retried after an error event: nothing of the failed attempt reaches the client', async () => {
    const stream = await test.client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'fail once' }],
      stream: true,
    });
    let text = '';
    for await (const received of stream) text += received.choices[0]?.delta.content ?? '';
    expect(failedOnce).toBe(true);
    expect(text).toBe('Hello there');
  });
});
