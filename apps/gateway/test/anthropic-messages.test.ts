import Anthropic, {
  AuthenticationError,
  BadRequestError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from '@anthropic-ai/sdk';
import { listModels } from '@llmux/catalog';
import { anthropicMessageSchema } from '@llmux/provider-anthropic';
import { unwrapForeignSignature } from '@llmux/provider-kit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MASTER_KEY, post, startTestGateway, type TestGateway } from './helpers.js';

// POST /v1/messages, judged by the official @anthropic-ai/sdk: every catalog model answers in Anthropic's exact
// shape, whole and streamed, with tools, reasoning round trips and Anthropic's own errors. In simulate mode each
// request still goes through the real translation (or the native relay, for claude-*) and the vendor's protocol.
let test: TestGateway;
let client: Anthropic;

beforeAll(async () => {
  test = await startTestGateway();
  client = anthropicClient(MASTER_KEY);
});
afterAll(() => test.close());
beforeEach(() => test.gateway.simulator?.reset());

function anthropicClient(apiKey: string, options: { bearer?: boolean } = {}): Anthropic {
  return new Anthropic({
    baseURL: test.url,
    ...(options.bearer ? { authToken: apiKey, apiKey: null } : { apiKey, authToken: null }),
    maxRetries: 0,
  });
}

const simulator = () => test.gateway.simulator!;
const hello = [{ role: 'user' as const, content: 'Say hello' }];
const shellTool = {
  name: 'Bash',
  description: 'Run a shell command',
  input_schema: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object' as const,
    properties: { command: { type: 'string' } },
    required: ['command'],
    additionalProperties: false,
  },
};

async function createKey(body: Record<string, unknown>): Promise<{ id: string; key: string }> {
  const response = await fetch(`${test.url}/admin/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'anthropic-inbound', ...body }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; key: string };
}

describe('POST /v1/messages on every catalog model', () => {
  it.each(listModels().map((model) => [model.id] as const))('%s answers whole and streamed', async (id) => {
    const { data, response } = await client.messages
      .create({ model: id, max_tokens: 256, messages: hello })
      .withResponse();
    expect(anthropicMessageSchema.safeParse(data).success, JSON.stringify(data)).toBe(true);
    expect(data.type).toBe('message');
    expect(data.role).toBe('assistant');
    expect(data.model).toBe(id);
    expect(data.id).toMatch(/^msg_/);
    expect(data.stop_reason).toBe('end_turn');
    const text = data.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
    expect(text.length).toBeGreaterThan(0);
    expect(data.usage.input_tokens).toBeGreaterThan(0);
    expect(data.usage.output_tokens).toBeGreaterThan(0);
    expect(response.headers.get('x-llmux-simulated')).toBe('true');

    const stream = client.messages.stream({ model: id, max_tokens: 256, messages: hello });
    const types = new Set<string>();
    stream.on('streamEvent', (event) => types.add(event.type));
    const final = await stream.finalMessage();
    expect(final.model).toBe(id);
    expect(final.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('')).toBe(text);
    expect(final.stop_reason).toBe('end_turn');
    expect(final.usage.output_tokens).toBeGreaterThan(0);
    for (const type of ['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop'])
      expect(types).toContain(type);
    expect(types).toContain('message_delta');
    expect(types).toContain('message_stop');
  });
});

describe('POST /v1/messages: routes', () => {
  it('relays a claude model natively: only the model id and credentials change, betas and versions kept', async () => {
    const body = {
      model: 'claude-sonnet-4-6',
      max_tokens: 2048,
      system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
      messages: [
        {
          role: 'user',
          content: [{ type: 'text', text: 'Say hello', cache_control: { type: 'ephemeral' } }],
        },
      ],
      thinking: { type: 'enabled', budget_tokens: 1024 },
      metadata: { user_id: 'user-1' },
      some_future_field: { kept: true },
    };
    const { status, json, headers } = await post(`${test.url}/v1/messages?beta=true`, JSON.stringify(body), {
      authorization: '',
      'x-api-key': MASTER_KEY,
      'anthropic-version': '2023-06-01',
      'anthropic-beta': 'interleaved-thinking-2025-05-14',
    });
    expect(status, JSON.stringify(json)).toBe(200);
    expect((json as { model: string }).model).toBe('claude-sonnet-4-6');
    expect(headers.get('x-llmux-warnings')).toBeNull();
    const upstream = simulator().requests.at(-1)!;
    expect(upstream.path).toBe('/v1/messages');
    expect(upstream.body).toEqual({ ...body, model: 'claude-sonnet-4-6' });
    expect(upstream.headers['anthropic-beta']).toBe('interleaved-thinking-2025-05-14');
    expect(upstream.headers['anthropic-version']).toBe('2023-06-01');
    expect(upstream.headers['x-api-key']).not.toBe(MASTER_KEY);
    expect(JSON.stringify(upstream.headers)).not.toContain(MASTER_KEY);
  });

  it('translates for a gpt model: the OpenAI upstream gets chat completions', async () => {
    await client.messages.create({
      model: 'gpt-4-1',
      max_tokens: 300,
      system: 'Be brief.',
      messages: hello,
      stop_sequences: ['END'],
      metadata: { user_id: 'user-7' },
    });
    const upstream = simulator().requests.at(-1)!;
    expect(upstream.path).toBe('/v1/chat/completions');
    const body = upstream.body as Record<string, unknown>;
    expect(body.messages).toEqual([
      { role: expect.stringMatching(/^(system|developer)$/), content: 'Be brief.' },
      { role: 'user', content: 'Say hello' },
    ]);
    expect(body.stop).toEqual(['END']);
    expect(body.user).toBe('user-7');
  });

  it('translates images (base64 and URL), documents and a tool result with is_error', async () => {
    const pixel =
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    await client.messages.create({
      model: 'gpt-4-1',
      max_tokens: 100,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: pixel } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } },
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'The notes.' } },
            { type: 'text', text: 'Describe these.' },
          ],
        },
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls' } }],
        },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'no such file', is_error: true }],
        },
      ],
      tools: [shellTool],
    });
    const body = simulator().requests.at(-1)!.body as { messages: Array<Record<string, unknown>> };
    const parts = body.messages[0]!.content as Array<Record<string, unknown>>;
    expect(parts).toContainEqual({ type: 'image_url', image_url: { url: `data:image/png;base64,${pixel}` } });
    expect(parts).toContainEqual({ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } });
    expect(JSON.stringify(parts)).toContain('The notes.');
    expect(body.messages[1]).toMatchObject({
      role: 'assistant',
      tool_calls: [
        { id: 'toolu_1', type: 'function', function: { name: 'Bash', arguments: '{"command":"ls"}' } },
      ],
    });
    expect(body.messages[2]).toMatchObject({ role: 'tool', tool_call_id: 'toolu_1' });
    expect(String(body.messages[2]!.content)).toMatch(/error/i);
    expect(String(body.messages[2]!.content)).toContain('no such file');
  });

  it('accepts x-api-key and Authorization: Bearer, and a gateway key rather than the master key', async () => {
    const key = await createKey({ models: ['gpt-5-2', 'claude-*'] });
    for (const viaBearer of [false, true]) {
      const answer = await anthropicClient(key.key, { bearer: viaBearer }).messages.create({
        model: 'gpt-5-2',
        max_tokens: 100,
        messages: hello,
      });
      expect(answer.type).toBe('message');
    }
    test.gateway.usage.flush();
    const rows = test.gateway.database
      .prepare('SELECT model, status, prompt_tokens, cost_usd FROM usage WHERE key_id = ?')
      .all(key.id) as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ model: 'gpt-5-2', status: 200 });
    expect(rows[0]!.prompt_tokens).toBeGreaterThan(0);
    expect(rows[0]!.cost_usd).toBeGreaterThan(0);
  });

  it('counts tokens: asks Anthropic for claude models, estimates (and says so) for the rest', async () => {
    const claude = await client.messages.countTokens({ model: 'claude-sonnet-4-6', messages: hello });
    expect(claude.input_tokens).toBeGreaterThan(0);
    expect(simulator().requests.at(-1)?.path).toBe('/v1/messages/count_tokens');
    const requestsBefore = simulator().requests.length;
    const { data, response } = await client.messages
      .countTokens({ model: 'gpt-5-2', messages: hello, tools: [shellTool] })
      .withResponse();
    expect(data.input_tokens).toBeGreaterThan(0);
    expect(response.headers.get('x-llmux-warnings')).toContain('estimate');
    expect(simulator().requests.length).toBe(requestsBefore);
  });

  it('labels /metrics by the inbound protocol', async () => {
    await client.messages.create({ model: 'gpt-5-2', max_tokens: 50, messages: hello });
    const metrics = await (await fetch(`${test.url}/metrics`)).text();
    expect(metrics).toMatch(/llmux_requests_total\{[^}]*protocol="anthropic-messages"[^}]*\} [1-9]/);
  });
});

describe('POST /v1/messages: tools and reasoning across turns', () => {
  for (const model of [
    'gpt-5-2',
    'gemini-3-flash-preview',
    'deepseek-v3-2',
    'kimi-k2.5',
    'gpt-5-2-codex',
    'claude-sonnet-4-6',
  ]) {
    it(`${model}: a tool call, its result, and the answer`, async () => {
      simulator().setScenario((request) =>
        request.lastTurnIsToolResult
          ? { text: 'The command printed ok.' }
          : {
              reasoning: 'The user wants a command run.',
              toolCalls: [{ name: 'Bash', arguments: '{"command":"echo ok"}' }],
            },
      );
      const first = await client.messages
        .stream({
          model,
          max_tokens: 4096,
          thinking: { type: 'enabled', budget_tokens: 1024 },
          tools: [shellTool],
          messages: [{ role: 'user', content: 'Run echo ok' }],
        })
        .finalMessage();
      expect(first.stop_reason).toBe('tool_use');
      const call = first.content.find((block) => block.type === 'tool_use');
      expect(call).toMatchObject({ name: 'Bash', input: { command: 'echo ok' } });
      // Every thinking block the client keeps carries a signature, so it can be given back.
      for (const block of first.content) if (block.type === 'thinking') expect(block.signature).not.toBe('');

      const second = await client.messages.create({
        model,
        max_tokens: 4096,
        thinking: { type: 'enabled', budget_tokens: 1024 },
        tools: [shellTool],
        messages: [
          { role: 'user', content: 'Run echo ok' },
          { role: 'assistant', content: first.content },
          {
            role: 'user',
            content: [
              { type: 'tool_result', tool_use_id: call!.type === 'tool_use' ? call!.id : '', content: 'ok' },
            ],
          },
        ],
      });
      expect(second.content).toEqual([{ type: 'text', text: 'The command printed ok.' }]);
      expect(second.stop_reason).toBe('end_turn');

      const upstream = JSON.stringify(simulator().requests.at(-1)!.body);
      // The tool result reached the vendor, and no gateway-made signature leaked to it.
      expect(upstream).toContain('ok');
      expect(upstream).not.toContain('llmux1.');
      if (model.startsWith('gemini')) {
        // The very signature Gemini gave, not the adapter's skip-validation placeholder.
        const signed = first.content.find(
          (block) => block.type === 'thinking' && block.signature.startsWith('llmux1.gemini.'),
        );
        const signature = signed?.type === 'thinking' ? unwrapForeignSignature(signed.signature) : undefined;
        expect(signature?.signature).toBeTruthy();
        expect(upstream).toContain(`"thoughtSignature":"${signature!.signature}"`);
      }
      if (model.startsWith('deepseek') || model.startsWith('kimi'))
        expect(upstream).toContain('"reasoning_content":"The user wants a command run."');
      if (model.startsWith('claude')) expect(upstream).toContain('"signature"');
    });
  }
});

describe('POST /v1/messages: errors in Anthropic shape', () => {
  it('401 without a key or with a wrong one, as authentication_error', async () => {
    const missing = await post(`${test.url}/v1/messages`, JSON.stringify({ model: 'gpt-5-2' }), {
      authorization: '',
    });
    expect(missing.status).toBe(401);
    expect(missing.json).toEqual({
      type: 'error',
      error: { type: 'authentication_error', message: expect.stringContaining('x-api-key') },
    });
    await expect(
      anthropicClient('llmux-sk-wrong-key-000000').messages.create({
        model: 'gpt-5-2',
        max_tokens: 10,
        messages: hello,
      }),
    ).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('404 for an unknown model and 403 for a model the key may not use', async () => {
    await expect(
      client.messages.create({ model: 'no-such-model', max_tokens: 10, messages: hello }),
    ).rejects.toBeInstanceOf(NotFoundError);
    const key = await createKey({ models: ['gpt-5-2'] });
    await expect(
      anthropicClient(key.key).messages.create({ model: 'gemini-2.5-pro', max_tokens: 10, messages: hello }),
    ).rejects.toBeInstanceOf(PermissionDeniedError);
  });

  it('400 invalid_request_error naming the field, for bad input and for a field the model cannot honour', async () => {
    const noMaxTokens = await post(
      `${test.url}/v1/messages`,
      JSON.stringify({ model: 'gpt-5-2', messages: hello }),
    );
    expect(noMaxTokens.status).toBe(400);
    expect(noMaxTokens.json).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect(JSON.stringify(noMaxTokens.json)).toContain('max_tokens');

    const notJson = await post(`${test.url}/v1/messages`, '{"model":');
    expect(notJson.status).toBe(400);
    expect(notJson.json).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });

    const wrongMethod = await fetch(`${test.url}/v1/messages`, { headers: { 'x-api-key': MASTER_KEY } });
    expect(wrongMethod.status).toBe(405);
    expect(await wrongMethod.json()).toMatchObject({ type: 'error', error: { type: expect.any(String) } });

    await expect(
      client.messages.create({
        model: 'gpt-5-2',
        max_tokens: 10,
        messages: hello,
        stop_sequences: ['a', 'b', 'c', 'd', 'e'],
      }),
    ).rejects.toSatisfy(
      (error: unknown) =>
        error instanceof BadRequestError && String(error.message).includes('stop_sequences'),
    );
  });

  it('an upstream 429 is a rate_limit_error, an overloaded upstream an overloaded_error', async () => {
    simulator().setScenario(() => ({ error: { status: 429, headers: { 'retry-after': '30' } } }));
    await expect(
      client.messages.create({ model: 'gpt-5-2', max_tokens: 10, messages: hello }),
    ).rejects.toBeInstanceOf(RateLimitError);
    simulator().setScenario(() => ({ error: { status: 529 } }));
    const overloaded = await post(
      `${test.url}/v1/messages`,
      JSON.stringify({ model: 'claude-haiku-4-5-20251001', max_tokens: 10, messages: hello }),
    );
    expect(overloaded.json).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
  });

  it('a failure after the stream began ends it with an error event the SDK raises', async () => {
    simulator().setScenario(() => ({
      text: 'Hello there, this is long enough.',
      chunkSize: 4,
      // Paced, so the first events leave before the error arrives (in one read, the attempt would fail uncommitted).
      chunkDelayMs: 20,
      errorEventAfterEvents: 4,
    }));
    const stream = client.messages.stream({ model: 'gpt-5-2', max_tokens: 100, messages: hello });
    let deltas = 0;
    stream.on('text', () => {
      deltas += 1;
    });
    await expect(stream.finalMessage()).rejects.toThrow();
    // It failed mid-stream, not before: text had arrived.
    expect(deltas).toBeGreaterThan(0);
  });
});
