import { request as httpRequest } from 'node:http';
import { decodeSse } from '@llmux/sse';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSimulator, type Simulator } from './simulator.js';

let simulator: Simulator;

beforeEach(async () => {
  simulator ??= await createSimulator({ now: () => 1_700_000_000_000 });
  simulator.reset();
});
afterAll(() => simulator?.close());

const chatBody = (content = 'Hello there', extra: Record<string, unknown> = {}) => ({
  model: 'gpt-4o',
  messages: [{ role: 'user', content }],
  ...extra,
});

async function post(path: string, body: unknown, init: RequestInit = {}) {
  return fetch(`${simulator.url}${path}`, {
    method: 'POST',
    headers: { authorization: 'Bearer test-key', 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  });
}

function rawPost(path: string, body: unknown): Promise<{ text: string; error?: Error }> {
  return new Promise((resolve) => {
    let text = '';
    const request = httpRequest(`${simulator.url}${path}`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-key', 'content-type': 'application/json' },
    });
    request.on('response', (response) => {
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('error', (error) => resolve({ text, error }));
      response.on('end', () => resolve({ text }));
    });
    request.on('error', (error) => resolve({ text, error }));
    request.end(JSON.stringify(body));
  });
}

async function readEvents(response: Response): Promise<string[]> {
  const events: string[] = [];
  for await (const event of decodeSse(response.body!)) events.push(event.data);
  return events;
}

describe('routing', () => {
  it('gives each provider its base URL in its SDK convention', () => {
    expect(simulator.baseUrlFor('openai')).toBe(`${simulator.url}/openai/v1`);
    expect(simulator.baseUrlFor('anthropic')).toBe(`${simulator.url}/anthropic`);
    expect(simulator.baseUrlFor('gemini')).toBe(`${simulator.url}/gemini`);
    expect(simulator.baseUrlFor('deepseek')).toBe(`${simulator.url}/deepseek`);
    expect(simulator.baseUrlFor('dashscope')).toBe(`${simulator.url}/dashscope/compatible-mode/v1`);
    expect(simulator.baseUrlFor('zhipu')).toBe(`${simulator.url}/zhipu/api/paas/v4`);
  });

  it('serves OpenAI chat under every OpenAI-compatible prefix and records the request', async () => {
    for (const provider of [
      'openai',
      'deepseek',
      'xai',
      'moonshot',
      'dashscope',
      'ark',
      'minimax',
      'zhipu',
    ] as const) {
      const response = await post(
        `${simulator.baseUrlFor(provider).slice(simulator.url.length)}/chat/completions`,
        chatBody(),
      );
      expect(response.status, provider).toBe(200);
      expect(((await response.json()) as { object: string }).object).toBe('chat.completion');
    }
    expect(simulator.requests.map((request) => request.provider)).toEqual([
      'openai',
      'deepseek',
      'xai',
      'moonshot',
      'dashscope',
      'ark',
      'minimax',
      'zhipu',
    ]);
    expect(simulator.requests[0]).toMatchObject({
      protocol: 'openai-chat',
      method: 'POST',
      path: '/v1/chat/completions',
      body: chatBody(),
      closedByClient: false,
    });
    expect(simulator.requests[0]!.headers.authorization).toBe('Bearer test-key');
  });

  it('answers 404 for an unknown provider or path', async () => {
    expect((await post('/nowhere/v1/chat/completions', chatBody())).status).toBe(404);
    expect((await post('/openai/v1/embeddings', chatBody())).status).toBe(404);
    expect(simulator.requests.map((request) => request.protocol)).toEqual([undefined, undefined]);
  });

  it('answers 401 in the vendor shape when no credential is sent', async () => {
    const response = await post('/openai/v1/chat/completions', chatBody(), {
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_api_key', param: null } });
  });

  it('answers 413 in the vendor shape, and records the request, when the body is too large', async () => {
    const small = await createSimulator({ maxBodyBytes: 1024 });
    try {
      const response = await fetch(`${small.url}/openai/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: 'Bearer test-key', 'content-type': 'application/json' },
        body: JSON.stringify(chatBody('x'.repeat(2048))),
      });
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
      expect(small.requests).toMatchObject([{ provider: 'openai', protocol: 'openai-chat', body: '' }]);
    } finally {
      await small.close();
    }
  });

  it('answers 400 for a body that is not JSON or misses the model', async () => {
    const notJson = await post('/openai/v1/chat/completions', '{oops');
    expect(notJson.status).toBe(400);
    const noModel = await post('/openai/v1/chat/completions', { messages: [{ role: 'user', content: 'x' }] });
    expect(noModel.status).toBe(400);
    expect(await noModel.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
  });
});

describe('scenario selection', () => {
  it('consumes queued scenarios first in, first out, then the selector, then the default', async () => {
    simulator.enqueue({ text: 'first' }, { text: 'second' });
    const seen: string[] = [];
    simulator.setScenario((request, info) => {
      seen.push(`${info.provider}:${info.protocol}:${request.lastUserText}`);
      return request.lastUserText === 'pick me' ? { text: 'selected' } : undefined;
    });
    const texts: Array<string | null> = [];
    for (const content of ['a', 'b', 'pick me', 'plain']) {
      const response = await post('/openai/v1/chat/completions', chatBody(content));
      const body = (await response.json()) as { choices: Array<{ message: { content: string | null } }> };
      texts.push(body.choices[0]!.message.content);
    }
    expect(texts).toEqual(['first', 'second', 'selected', 'Simulated answer from gpt-4o: you said "plain".']);
    expect(seen).toEqual(['openai:openai-chat:pick me', 'openai:openai-chat:plain']);
  });

  it('fills a behaviour-only scenario with the default content and estimates usage', async () => {
    simulator.enqueue({ chunkDelayMs: 1 });
    const body = (await (await post('/openai/v1/chat/completions', chatBody('abc'))).json()) as {
      choices: Array<{ message: { content: string } }>;
      usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
    };
    expect(body.choices[0]!.message.content).toBe('Simulated answer from gpt-4o: you said "abc".');
    expect(body.usage.prompt_tokens).toBeGreaterThan(0);
    expect(body.usage.completion_tokens).toBe(Math.ceil(body.choices[0]!.message.content.length / 4));
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens);
  });

  it('reads a [[sim:{…}]] directive from the last user text', async () => {
    const response = await post(
      '/openai/v1/chat/completions',
      chatBody('[[sim:{"error":{"status":503}}]] hi'),
    );
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: { type: 'server_error' } });
  });

  it('answers an error scenario with its status, its body or the vendor body, and its headers', async () => {
    simulator.enqueue(
      { error: { status: 429, headers: { 'retry-after': '2' } } },
      { error: { status: 500, body: { error: 'custom' } } },
    );
    const limited = await post('/openai/v1/chat/completions', chatBody());
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(limited.headers.get('x-request-id')).toMatch(/^req_/);
    expect(await limited.json()).toMatchObject({ error: { code: 'rate_limit_exceeded' } });
    const custom = await post('/openai/v1/chat/completions', chatBody());
    expect(custom.status).toBe(500);
    expect(await custom.json()).toEqual({ error: 'custom' });
  });
});

describe('the default scenario over the wire', () => {
  it('calls the forced tool with arguments from its schema', async () => {
    const tools = [
      { type: 'function', function: { name: 'first', parameters: { type: 'object', properties: {} } } },
      {
        type: 'function',
        function: {
          name: 'get_weather',
          parameters: {
            type: 'object',
            properties: { city: { type: 'string' }, unit: { enum: ['c', 'f'] }, days: { type: 'integer' } },
            required: ['city'],
          },
        },
      },
    ];
    const response = await post(
      '/openai/v1/chat/completions',
      chatBody('weather?', { tools, tool_choice: { type: 'function', function: { name: 'get_weather' } } }),
    );
    const body = (await response.json()) as {
      choices: Array<{ finish_reason: string; message: { content: unknown; tool_calls: unknown[] } }>;
    };
    expect(body.choices[0]!.finish_reason).toBe('tool_calls');
    expect(body.choices[0]!.message.content).toBeNull();
    expect(body.choices[0]!.message.tool_calls).toEqual([
      {
        id: 'call_sim000001x0',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"example","unit":"c","days":1}' },
      },
    ]);
  });

  it('answers with text after a tool result, and with n choices', async () => {
    const response = await post('/openai/v1/chat/completions', {
      model: 'gpt-4o',
      n: 2,
      tools: [{ type: 'function', function: { name: 'lookup' } }],
      messages: [
        { role: 'user', content: 'look it up' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'lookup', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 'c1', content: '42' },
      ],
    });
    const body = (await response.json()) as { choices: Array<{ index: number; finish_reason: string }> };
    expect(body.choices.map((choice) => [choice.index, choice.finish_reason])).toEqual([
      [0, 'stop'],
      [1, 'stop'],
    ]);
  });

  it('answers JSON when asked, following the schema', async () => {
    const response = await post(
      '/openai/v1/chat/completions',
      chatBody('json please', {
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'out', schema: { type: 'object', properties: { ok: { type: 'boolean' } } } },
        },
      }),
    );
    const body = (await response.json()) as { choices: Array<{ message: { content: string } }> };
    expect(JSON.parse(body.choices[0]!.message.content)).toEqual({ ok: true });
  });

  it('truncates to max_tokens and finishes with length', async () => {
    const response = await post('/openai/v1/chat/completions', chatBody('x', { max_tokens: 2 }));
    const body = (await response.json()) as {
      choices: Array<{ finish_reason: string; message: { content: string } }>;
    };
    expect(body.choices[0]).toMatchObject({ finish_reason: 'length', message: { content: 'Simulate' } });
  });
});

describe('stream behaviours', () => {
  it('cuts the connection after N events, without the terminal event', async () => {
    simulator.enqueue({ text: 'abcdefghijklmnop', chunkSize: 2, cutAfterEvents: 3 });
    // node:http rather than fetch: a fetch body that errors drops the chunks not yet read.
    const { text, error } = await rawPost('/openai/v1/chat/completions', chatBody('x', { stream: true }));
    expect(error).toBeDefined();
    expect(text.split('\n\n').filter(Boolean)).toHaveLength(3);
    expect(text).not.toContain('[DONE]');
    expect(simulator.requests[0]!.closedByClient).toBe(false);
  });

  it('inserts a malformed event at the given position', async () => {
    simulator.enqueue({ text: 'abcd', chunkSize: 2, malformedEventAt: 1 });
    const events = await readEvents(
      await post('/openai/v1/chat/completions', chatBody('x', { stream: true })),
    );
    expect(events[1]).toBe('{not json');
    expect(events.at(-1)).toBe('[DONE]');
  });

  it('sends the vendor error event after N events and ends the stream', async () => {
    simulator.enqueue({ text: 'abcdefgh', chunkSize: 2, errorEventAfterEvents: 2 });
    const events = await readEvents(
      await post('/openai/v1/chat/completions', chatBody('x', { stream: true })),
    );
    expect(events).toHaveLength(3);
    expect(JSON.parse(events[2]!)).toMatchObject({ error: { type: 'server_error' } });
  });

  it('records that the client went away in the middle of a slow stream', async () => {
    simulator.enqueue({ text: 'a'.repeat(200), chunkSize: 1, chunkDelayMs: 20 });
    const controller = new AbortController();
    const response = await post('/openai/v1/chat/completions', chatBody('x', { stream: true }), {
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await vi.waitFor(() => expect(simulator.requests[0]!.closedByClient).toBe(true));
  });

  it('resets the connection before any status line', async () => {
    simulator.enqueue({ resetBeforeHeaders: true });
    const { text, error } = await rawPost('/openai/v1/chat/completions', chatBody('x', { stream: true }));
    expect(text).toBe('');
    expect((error as NodeJS.ErrnoException | undefined)?.code).toBe('ECONNRESET');
  });

  it('ends a stream cleanly in the middle of an event, without the terminal event', async () => {
    simulator.enqueue({ text: 'abcdefgh', chunkSize: 2, truncateAfterEvents: 2 });
    const { text, error } = await rawPost('/openai/v1/chat/completions', chatBody('x', { stream: true }));
    expect(error).toBeUndefined();
    const frames = text.split('\n\n');
    expect(frames).toHaveLength(3);
    expect(() => JSON.parse(frames[2]!.slice('data: '.length))).toThrow();
    expect(text).not.toContain('[DONE]');
  });

  it('sends half a whole answer when truncated', async () => {
    simulator.enqueue({ text: 'abcdefgh', truncateAfterEvents: 0 });
    const response = await post('/openai/v1/chat/completions', chatBody('x'));
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text.length).toBeGreaterThan(10);
    expect(() => JSON.parse(text)).toThrow();
  });

  it('stalls after N events until the client leaves, and records when it left', async () => {
    simulator.enqueue({ text: 'abcdefgh', chunkSize: 2, stallAfterEvents: 2 });
    const controller = new AbortController();
    const response = await post('/openai/v1/chat/completions', chatBody('x', { stream: true }), {
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    let received = '';
    while (received.split('\n\n').length < 3)
      received += new TextDecoder().decode((await reader.read()).value);
    expect(received.split('\n\n').filter(Boolean)).toHaveLength(2);
    const abortedAt = performance.now();
    controller.abort();
    await vi.waitFor(() => expect(simulator.requests[0]!.closedByClient).toBe(true));
    const record = simulator.requests[0]!;
    expect(record.closedAt).toBeGreaterThanOrEqual(abortedAt);
    expect(record.closedAt).toBeGreaterThan(record.receivedAt);
  });

  it('delays the headers', async () => {
    simulator.enqueue({ headerDelayMs: 5000 });
    const controller = new AbortController();
    const pending = post('/openai/v1/chat/completions', chatBody(), { signal: controller.signal });
    await vi.waitFor(() => expect(simulator.requests).toHaveLength(1));
    controller.abort();
    await expect(pending).rejects.toThrow();
    await vi.waitFor(() => expect(simulator.requests[0]!.closedByClient).toBe(true));
  });
});
