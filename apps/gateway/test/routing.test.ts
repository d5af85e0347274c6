import { getModel } from '@llmux/catalog';
import { createSimulator, type Simulator } from '@llmux/simulators';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectValid, startTestGateway, type TestGateway, USER_HELLO } from './helpers.js';

const MODEL = 'gpt-4o-mini';

describe('retries, failover, cut streams and aborts', () => {
  let simulator: Simulator;
  let test: TestGateway;
  beforeAll(async () => {
    simulator = await createSimulator();
    test = await startTestGateway(
      {
        OPENAI_API_KEY: 'sk-primary',
        OPENAI_BASE_URL: simulator.baseUrlFor('openai'),
        BACKUP_OPENAI_KEY: 'sk-backup',
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
        aliases: { fast: MODEL },
        models: [
          {
            ...getModel(MODEL),
            id: 'house-model',
            aliases: [],
            pricing: null,
            unpriced: { reason: 'internal' },
          },
        ],
        routing: { maxRetries: 1, backoffMs: 5, failureThreshold: 100, attemptTimeoutMs: 20_000 },
      },
    );
  });
  beforeEach(() => simulator.reset());
  afterAll(async () => {
    await test.close();
    await simulator.close();
  });

  const keysSeen = () => simulator.requests.map((request) => request.headers.authorization);

  it('retries an upstream 429 on the same deployment, then succeeds', async () => {
    simulator.enqueue({
      error: { status: 429, message: 'Rate limit reached', headers: { 'retry-after-ms': '10' } },
    });
    const completion = await test.client.chat.completions.create({ model: MODEL, messages: USER_HELLO });
    expectValid('completion', completion);
    expect(keysSeen()).toEqual(['Bearer sk-primary', 'Bearer sk-primary']);
    const metrics = await (await fetch(`${test.url}/metrics`)).text();
    expect(metrics).toMatch(/llmux_upstream_retries_total\{provider="openai",kind="retry"\} [1-9]/);
    expect(metrics).toMatch(/llmux_upstream_attempts_total\{[^}]*outcome="retryable_error"\} [1-9]/);
  });

  it('serves a model added by the config file, recording it as unpriced', async () => {
    const model = await test.client.models.retrieve('house-model');
    expect(model).toMatchObject({ id: 'house-model', pricing: null });
    const { response } = await test.client.chat.completions
      .create({ model: 'house-model', messages: USER_HELLO })
      .withResponse();
    // The row may still wait for its batch.
    test.gateway.usage.flush();
    const stored = test.gateway.database
      .prepare('SELECT cost_usd, unpriced FROM usage WHERE request_id = ?')
      .get(response.headers.get('x-request-id'));
    expect(stored).toEqual({ cost_usd: null, unpriced: 1 });
  });

  it('serves a config alias under the name the client used', async () => {
    const completion = await test.client.chat.completions.create({ model: 'fast', messages: USER_HELLO });
    expectValid('completion', completion);
    expect(completion.model).toBe('fast');
    expect((simulator.requests[0]!.body as { model: string }).model).toBe('gpt-4o-mini');
  });

  it('fails over to the next deployment after repeated 500s', async () => {
    simulator.enqueue({ error: { status: 500 } }, { error: { status: 500 } });
    const completion = await test.client.chat.completions.create({ model: MODEL, messages: USER_HELLO });
    expectValid('completion', completion);
    expect(keysSeen()).toEqual(['Bearer sk-primary', 'Bearer sk-primary', 'Bearer sk-backup']);
  });

  it('answers the last error when every deployment fails', async () => {
    simulator.setScenario(() => ({ error: { status: 503, message: 'Service unavailable' } }));
    const error = (await test.client.chat.completions
      .create({ model: MODEL, messages: USER_HELLO })
      .catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error.status).toBeGreaterThanOrEqual(500);
    expect(simulator.requests.length).toBe(4);
  });

  it('fails a stream over before its first byte', async () => {
    simulator.enqueue({ error: { status: 500 } }, { error: { status: 500 } });
    const stream = await test.client.chat.completions.create({
      model: MODEL,
      messages: USER_HELLO,
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toContain('Simulated answer');
    expect(keysSeen().at(-1)).toBe('Bearer sk-backup');
  });

  it('a stream cut by the upstream after the first bytes makes the SDK raise, not finish quietly', async () => {
    simulator.enqueue({ text: 'a long answer that will never finish', chunkSize: 4, cutAfterEvents: 3 });
    const stream = await test.client.chat.completions.create({
      model: MODEL,
      messages: USER_HELLO,
      stream: true,
    });
    const received: string[] = [];
    const error = await (async () => {
      for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(received.length).toBeGreaterThan(0);
    // No failover once bytes reached the client.
    expect(simulator.requests.length).toBe(1);
  });

  it('a mid-stream vendor error event reaches the client as an error', async () => {
    // Paced, so the first events reach the client before the error (unpaced, one read can hold them all).
    simulator.enqueue({
      text: 'partial answer here',
      chunkSize: 3,
      errorEventAfterEvents: 2,
      chunkDelayMs: 20,
    });
    const stream = await test.client.chat.completions.create({
      model: MODEL,
      messages: USER_HELLO,
      stream: true,
    });
    const error = await (async () => {
      for await (const _chunk of stream) {
        // drain
      }
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
  });

  it('a client abort closes the upstream connection', async () => {
    simulator.enqueue({ text: 'slow '.repeat(200), chunkSize: 5, chunkDelayMs: 50 });
    const controller = new AbortController();
    const stream = await test.client.chat.completions.create(
      { model: MODEL, messages: USER_HELLO, stream: true },
      { signal: controller.signal },
    );
    let count = 0;
    await (async () => {
      for await (const _chunk of stream) {
        if (++count === 3) controller.abort();
      }
    })().catch(() => {});
    await expect.poll(() => simulator.requests[0]?.closedByClient, { timeout: 10_000 }).toBe(true);
  });

  it('a non-streamed request aborted by the client closes the upstream too', async () => {
    simulator.enqueue({ text: 'late', headerDelayMs: 5_000 });
    const controller = new AbortController();
    const pending = test.client.chat.completions
      .create({ model: MODEL, messages: USER_HELLO }, { signal: controller.signal })
      .catch((caught: unknown) => caught);
    await expect.poll(() => simulator.requests.length, { timeout: 10_000 }).toBe(1);
    controller.abort();
    await pending;
    await expect.poll(() => simulator.requests[0]?.closedByClient, { timeout: 10_000 }).toBe(true);
  });
});

describe('timeouts', () => {
  let simulator: Simulator;
  let test: TestGateway;
  beforeAll(async () => {
    simulator = await createSimulator();
    test = await startTestGateway(
      {
        OPENAI_API_KEY: 'sk-primary',
        OPENAI_BASE_URL: simulator.baseUrlFor('openai'),
        BACKUP_OPENAI_KEY: 'sk-backup',
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
        routing: { maxRetries: 0, backoffMs: 5, attemptTimeoutMs: 2_500, requestTimeoutMs: 6_000 },
      },
    );
  });
  beforeEach(() => simulator.reset());
  afterAll(async () => {
    await test.close();
    await simulator.close();
  });

  it('an attempt that exceeds attemptTimeoutMs fails over to the next deployment', async () => {
    simulator.enqueue({ text: 'too late', headerDelayMs: 10_000 });
    const completion = await test.client.chat.completions.create({ model: MODEL, messages: USER_HELLO });
    expectValid('completion', completion);
    expect(simulator.requests.map((request) => request.headers.authorization)).toEqual([
      'Bearer sk-primary',
      'Bearer sk-backup',
    ]);
    await expect.poll(() => simulator.requests[0]?.closedByClient, { timeout: 10_000 }).toBe(true);
  });

  it('a stream that outlives requestTimeoutMs ends with an error the SDK raises, not a hang', async () => {
    simulator.enqueue({ text: 'slow '.repeat(100), chunkSize: 5, chunkDelayMs: 200 });
    const stream = await test.client.chat.completions.create({
      model: MODEL,
      messages: USER_HELLO,
      stream: true,
    });
    let chunks = 0;
    const error = await (async () => {
      for await (const _chunk of stream) chunks++;
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).message).toContain('did not complete');
    expect(chunks).toBeGreaterThan(0);
    expect(chunks).toBeLessThan(100);
  });
});
