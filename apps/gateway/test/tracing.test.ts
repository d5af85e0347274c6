import { createServer, type Server, type Socket } from 'node:net';
import { createSimulator, type Simulator } from '@llmux/simulators';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MASTER_KEY, post, startTestGateway, type TestGateway, USER_HELLO } from './helpers.js';
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from './otlp-receiver.js';

const MODEL = 'gpt-4o-mini';
const SERVER = 2;
const CLIENT = 3;
const ERROR = 2;
const PROMPT = 'Tell me about the secret garden';
const CLIENT_TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const CLIENT_SPAN_ID = 'b7ad6b7169203331';

const serverSpans = (spans: ReceivedSpan[]) => spans.filter((span) => span.kind === SERVER);
const childrenOf = (spans: ReceivedSpan[], parent: ReceivedSpan) =>
  spans
    .filter((span) => span.parentSpanId === parent.spanId)
    .sort((a, b) => Number(a.attributes['llmux.attempt']) - Number(b.attributes['llmux.attempt']));

/** The request's span (by its request id) once it and `attempts` children have arrived. */
async function spansOf(receiver: OtlpReceiver, requestId: string | null, attempts = 1) {
  const find = (spans: ReceivedSpan[]) =>
    serverSpans(spans).find((span) => span.attributes['llmux.request_id'] === requestId);
  const spans = await receiver.waitFor((all) => {
    const server = find(all);
    return server !== undefined && childrenOf(all, server).length >= attempts;
  });
  const server = find(spans)!;
  return { server, attempts: childrenOf(spans, server) };
}

describe('OpenTelemetry traces', () => {
  let simulator: Simulator;
  let receiver: OtlpReceiver;
  let test: TestGateway;
  beforeAll(async () => {
    simulator = await createSimulator();
    receiver = await startOtlpReceiver();
    test = await startTestGateway(
      {
        OPENAI_API_KEY: 'sk-primary-0123456789',
        OPENAI_BASE_URL: simulator.baseUrlFor('openai'),
        ANTHROPIC_API_KEY: 'sk-ant-0123456789',
        ANTHROPIC_BASE_URL: simulator.baseUrlFor('anthropic'),
        BACKUP_OPENAI_KEY: 'sk-backup-0123456789',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_HEADERS: 'x-collector-token=collector-secret-42',
        OTEL_BSP_SCHEDULE_DELAY: '20',
        OTEL_SERVICE_NAME: 'llmux-under-test',
      },
      {
        deployments: [
          {
            model: MODEL,
            provider: 'openai',
            name: 'openai-backup',
            apiKeyEnv: 'BACKUP_OPENAI_KEY',
            priority: 5,
          },
        ],
        routing: { maxRetries: 1, backoffMs: 5, failureThreshold: 100 },
      },
    );
  });
  beforeEach(() => {
    simulator.reset();
    receiver.reset();
  });
  afterAll(async () => {
    await test.close();
    await simulator.close();
    await receiver.close();
  });

  it('exports one SERVER span per request with the GenAI attributes and usage, and a CLIENT span for its attempt', async () => {
    const { data: completion, response } = await test.client.chat.completions
      .create({
        model: MODEL,
        messages: [{ role: 'user', content: PROMPT }],
        max_tokens: 50,
        temperature: 0.5,
      })
      .withResponse();
    const { server, attempts } = await spansOf(receiver, response.headers.get('x-request-id'));

    expect(server.name).toBe(`chat ${MODEL}`);
    expect(server.parentSpanId).toBeUndefined();
    expect(server.resource['service.name']).toBe('llmux-under-test');
    expect(server.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.system': 'openai',
      'gen_ai.request.model': MODEL,
      'gen_ai.response.model': 'gpt-4o-mini',
      'gen_ai.request.max_tokens': 50,
      'gen_ai.request.temperature': 0.5,
      'gen_ai.request.stream': false,
      'gen_ai.usage.input_tokens': completion.usage!.prompt_tokens,
      'gen_ai.usage.output_tokens': completion.usage!.completion_tokens,
      'gen_ai.response.finish_reasons': ['stop'],
      'http.response.status_code': 200,
      'llmux.attempts': 1,
    });
    expect(server.statusCode).not.toBe(ERROR);

    expect(attempts).toHaveLength(1);
    const [attempt] = attempts;
    expect(attempt!.kind).toBe(CLIENT);
    expect(attempt!.traceId).toBe(server.traceId);
    expect(attempt!.name).toBe('chat gpt-4o-mini');
    expect(attempt!.attributes).toMatchObject({
      'gen_ai.system': 'openai',
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(simulator.url).port),
      'llmux.attempt': 1,
      'llmux.attempt.outcome': 'success',
      'http.response.status_code': 200,
    });

    // Never the conversation, never a credential (the vendor's, the client's or the collector's).
    const exported = receiver.bodies.join('\n');
    expect(exported).not.toContain('secret garden');
    expect(exported).not.toContain(completion.choices[0]!.message.content!);
    expect(exported).not.toContain('sk-primary');
    expect(exported).not.toContain(MASTER_KEY);
    expect(exported).not.toContain('collector-secret-42');
  });

  it('records usage and finish reasons of a relayed stream and of a translated one (Anthropic)', async () => {
    for (const [model, system] of [
      [MODEL, 'openai'],
      ['claude-haiku-4-5', 'anthropic'],
    ] as const) {
      const { data: stream, response } = await test.client.chat.completions
        .create({ model, messages: USER_HELLO, stream: true, stream_options: { include_usage: true } })
        .withResponse();
      let usage: { prompt_tokens: number; completion_tokens: number } | undefined;
      for await (const chunk of stream) if (chunk.usage) usage = chunk.usage;
      const { server, attempts } = await spansOf(receiver, response.headers.get('x-request-id'));
      expect(server.attributes).toMatchObject({
        'gen_ai.system': system,
        'gen_ai.request.model': model,
        'gen_ai.request.stream': true,
        'gen_ai.usage.input_tokens': usage!.prompt_tokens,
        'gen_ai.usage.output_tokens': usage!.completion_tokens,
        'gen_ai.response.finish_reasons': ['stop'],
      });
      expect(server.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
      expect(attempts.map((attempt) => attempt.attributes['gen_ai.system'])).toEqual([system]);
    }
  });

  it('shows a retried attempt and a failover as sibling attempt spans', async () => {
    simulator.enqueue({ error: { status: 500, message: 'Internal error' } });
    const retried = await test.client.chat.completions
      .create({ model: MODEL, messages: USER_HELLO })
      .withResponse();
    const first = await spansOf(receiver, retried.response.headers.get('x-request-id'), 2);
    expect(first.attempts).toHaveLength(2);
    expect(first.attempts[0]!.attributes).toMatchObject({
      'llmux.attempt': 1,
      'llmux.attempt.outcome': 'retry',
      'http.response.status_code': 500,
      'error.type': expect.any(String),
      'llmux.retry.reason': expect.any(String),
    });
    expect(first.attempts[0]!.statusCode).toBe(ERROR);
    expect(first.attempts[1]!.attributes).toMatchObject({
      'llmux.attempt': 2,
      'llmux.attempt.outcome': 'success',
    });
    expect(first.server.attributes['llmux.attempts']).toBe(2);

    // A refused key moves to the next deployment at once.
    simulator.enqueue({ error: { status: 401, message: 'Incorrect API key provided' } });
    const failedOver = await test.client.chat.completions
      .create({ model: MODEL, messages: USER_HELLO })
      .withResponse();
    const second = await spansOf(receiver, failedOver.response.headers.get('x-request-id'), 2);
    expect(second.attempts.map((attempt) => attempt.attributes['llmux.attempt.outcome'])).toEqual([
      'failover',
      'success',
    ]);
    expect(second.attempts[1]!.attributes['llmux.deployment']).toBe('openai-backup');
    expect(second.server.attributes['llmux.deployment']).toBe('openai-backup');
  });

  it('marks a request that failed upstream as an error, with its error type', async () => {
    simulator.enqueue(
      { error: { status: 500 } },
      { error: { status: 500 } },
      { error: { status: 500 } },
      { error: { status: 500 } },
    );
    const result = await post(
      `${test.url}/v1/chat/completions`,
      JSON.stringify({ model: MODEL, messages: USER_HELLO }),
    );
    expect(result.status).toBeGreaterThanOrEqual(500);
    const { server, attempts } = await spansOf(receiver, result.headers.get('x-request-id'), 4);
    expect(server.statusCode).toBe(ERROR);
    expect(server.attributes['http.response.status_code']).toBe(result.status);
    expect(server.attributes['error.type']).toEqual(expect.any(String));
    expect(attempts.map((attempt) => attempt.attributes['llmux.attempt.outcome'])).toEqual([
      'retry',
      'failover',
      'retry',
      'error',
    ]);
  });

  it("keeps the client's trace id and sends the attempt's traceparent upstream", async () => {
    const result = await post(
      `${test.url}/v1/chat/completions`,
      JSON.stringify({ model: MODEL, messages: USER_HELLO }),
      { traceparent: `00-${CLIENT_TRACE_ID}-${CLIENT_SPAN_ID}-01`, tracestate: 'vendor=opaque' },
    );
    expect(result.status).toBe(200);
    const { server, attempts } = await spansOf(receiver, result.headers.get('x-request-id'));
    expect(server.traceId).toBe(CLIENT_TRACE_ID);
    expect(server.parentSpanId).toBe(CLIENT_SPAN_ID);

    const upstream = simulator.requests[0]!.headers;
    expect(upstream.traceparent).toBe(`00-${CLIENT_TRACE_ID}-${attempts[0]!.spanId}-01`);
    expect(upstream.tracestate).toBe('vendor=opaque');
  });

  it("follows the client's decision not to sample: nothing exported, the trace id still sent upstream", async () => {
    const result = await post(
      `${test.url}/v1/chat/completions`,
      JSON.stringify({ model: MODEL, messages: USER_HELLO }),
      { traceparent: `00-${CLIENT_TRACE_ID}-${CLIENT_SPAN_ID}-00` },
    );
    expect(result.status).toBe(200);
    expect(simulator.requests[0]!.headers.traceparent).toMatch(
      new RegExp(`^00-${CLIENT_TRACE_ID}-[0-9a-f]{16}-00$`),
    );
    // A sampled request after it is exported; the unsampled one must not be among what arrived by then.
    const next = await post(
      `${test.url}/v1/chat/completions`,
      JSON.stringify({ model: MODEL, messages: USER_HELLO }),
    );
    await spansOf(receiver, next.headers.get('x-request-id'));
    expect(receiver.spans.some((span) => span.traceId === CLIENT_TRACE_ID)).toBe(false);
  });

  it.each([
    'not-a-traceparent',
    `00-${'0'.repeat(32)}-${CLIENT_SPAN_ID}-01`,
    `00-${CLIENT_TRACE_ID}-${CLIENT_SPAN_ID}`,
  ])('ignores a malformed traceparent (%s): a new trace, never an error', async (traceparent) => {
    const result = await post(
      `${test.url}/v1/chat/completions`,
      JSON.stringify({ model: MODEL, messages: USER_HELLO }),
      { traceparent },
    );
    expect(result.status).toBe(200);
    const { server } = await spansOf(receiver, result.headers.get('x-request-id'));
    expect(server.traceId).not.toBe(CLIENT_TRACE_ID);
    expect(server.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(server.parentSpanId).toBeUndefined();
    expect(simulator.requests[0]!.headers.traceparent).toMatch(new RegExp(`^00-${server.traceId}-`));
  });

  it('exports a span for a request refused before it reached an upstream', async () => {
    const result = await post(
      `${test.url}/v1/chat/completions`,
      JSON.stringify({ model: MODEL, messages: USER_HELLO }),
      { authorization: 'Bearer wrong-key' },
    );
    expect(result.status).toBe(401);
    const spans = await receiver.waitFor((all) =>
      serverSpans(all).some(
        (span) => span.attributes['llmux.request_id'] === result.headers.get('x-request-id'),
      ),
    );
    const [server] = serverSpans(spans);
    expect(server!.attributes).toMatchObject({
      'http.response.status_code': 401,
      'error.type': 'authentication_error',
    });
    // A client's mistake is not the server's error.
    expect(server!.statusCode).not.toBe(ERROR);
    expect(receiver.bodies.join('\n')).not.toContain('wrong-key');
  });
});

describe('tracing off', () => {
  it('sends no traceparent upstream and exports nothing, whatever the client sends', async () => {
    const simulator = await createSimulator();
    const receiver = await startOtlpReceiver();
    const test = await startTestGateway({
      OPENAI_API_KEY: 'sk-primary-0123456789',
      OPENAI_BASE_URL: simulator.baseUrlFor('openai'),
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    });
    try {
      const result = await post(
        `${test.url}/v1/chat/completions`,
        JSON.stringify({ model: MODEL, messages: USER_HELLO }),
        { traceparent: `00-${CLIENT_TRACE_ID}-${CLIENT_SPAN_ID}-01` },
      );
      expect(result.status).toBe(200);
      expect(simulator.requests[0]!.headers.traceparent).toBeUndefined();
      expect(simulator.requests[0]!.headers.tracestate).toBeUndefined();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(receiver.bodies).toEqual([]);
    } finally {
      await test.close();
      await simulator.close();
      await receiver.close();
    }
  });
});

describe('an unreachable or stuck collector', () => {
  /** Accepts connections and never answers: every export waits for its own timeout. */
  async function startBlackHole(): Promise<{ url: string; close(): Promise<void> }> {
    const sockets = new Set<Socket>();
    const server: Server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    return {
      url: `http://127.0.0.1:${port}`,
      close: () =>
        new Promise<void>((resolve) => {
          for (const socket of sockets) socket.destroy();
          server.close(() => resolve());
        }),
    };
  }

  /** A port that was free a moment ago: connections to it are refused. */
  async function closedPortUrl(): Promise<string> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return `http://127.0.0.1:${port}`;
  }

  it.each([
    ['refused (a closed port)', async () => ({ url: await closedPortUrl(), close: async () => {} })],
    ['stuck (accepts, never answers)', startBlackHole],
  ])('%s: requests still succeed and never wait for the export', async (_name, startCollector) => {
    const collector = await startCollector();
    const simulator = await createSimulator();
    const test = await startTestGateway({
      OPENAI_API_KEY: 'sk-primary-0123456789',
      OPENAI_BASE_URL: simulator.baseUrlFor('openai'),
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_BSP_SCHEDULE_DELAY: '0',
      // An export blocks for this long against the stuck collector: a request that waited on one would
      // take at least as long, far above the bound below.
      OTEL_EXPORTER_OTLP_TIMEOUT: '30000',
    });
    try {
      for (let index = 0; index < 20; index++) {
        const started = performance.now();
        const completion = await test.client.chat.completions.create({ model: MODEL, messages: USER_HELLO });
        expect(completion.choices[0]!.message.content).toEqual(expect.any(String));
        expect(performance.now() - started).toBeLessThan(10_000);
      }
      const stream = await test.client.chat.completions.create({
        model: MODEL,
        messages: USER_HELLO,
        stream: true,
      });
      let chunks = 0;
      for await (const _chunk of stream) chunks++;
      expect(chunks).toBeGreaterThan(0);
      // The upstream still got a traceparent: tracing is on, only its export fails.
      expect(simulator.requests[0]!.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    } finally {
      const closing = performance.now();
      await test.close();
      // Shutdown gives queued spans a bounded moment (the helper closes with a 2 s budget), not the 30 s export timeout.
      expect(performance.now() - closing).toBeLessThan(15_000);
      await simulator.close();
      await collector.close();
    }
  });
});
