import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listModels } from '@llmux/catalog';
import OpenAI, { type APIError, RateLimitError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, loadConfig } from '../src/index.js';
import { MASTER_KEY, startTestGateway, type TestGateway, USER_HELLO } from './helpers.js';

interface KeyBody {
  id: string;
  key?: string;
  rpm_limit: number | null;
  tpm_limit: number | null;
  max_parallel_requests: number | null;
  max_budget: number | null;
  budget_duration: string | null;
  budget_reset_at: string | null;
  spend_usd: number;
}

async function admin(url: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function createKey(url: string, body: Record<string, unknown>): Promise<KeyBody> {
  const { status, json } = await admin(url, 'POST', '/admin/keys', { name: 'limited', ...body });
  expect(status, JSON.stringify(json)).toBe(201);
  return json as unknown as KeyBody;
}

const ask = (client: OpenAI, extra: Record<string, unknown> = {}) =>
  client.chat.completions.create({ model: 'gpt-4o-mini', messages: USER_HELLO, ...extra }).withResponse();

/** Settles every promise; the SDK's errors are kept as values. */
function settleAll<T>(promises: Array<Promise<T>>) {
  return Promise.all(
    promises.map((promise) =>
      promise.then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      ),
    ),
  );
}

describe('per-key limits and budgets, through the openai SDK', () => {
  let now = Date.UTC(2026, 11, 7, 12, 0, 0);
  let test: TestGateway;

  beforeAll(async () => {
    test = await startTestGateway({}, undefined, { clock: () => now });
  });
  afterAll(() => test.close());

  it('admits exactly rpm_limit of a 3×N burst, refuses the rest with OpenAI’s 429, and admits again after the window', async () => {
    const limit = 5;
    const key = await createKey(test.url, { rpm_limit: limit });
    const client = test.clientWith(key.key!);
    const results = await settleAll(Array.from({ length: 3 * limit }, () => ask(client)));
    const admitted = results.filter((result) => 'value' in result);
    const refused = results.flatMap((result) => ('error' in result ? [result.error] : []));
    expect(admitted).toHaveLength(limit);
    expect(refused).toHaveLength(2 * limit);
    const remaining = admitted.map((result) =>
      'value' in result ? result.value.response.headers.get('x-ratelimit-remaining-requests') : null,
    );
    expect(remaining.sort()).toEqual(['0', '1', '2', '3', '4']);
    for (const result of admitted) {
      if (!('value' in result)) continue;
      expect(result.value.response.headers.get('x-ratelimit-limit-requests')).toBe(String(limit));
      expect(result.value.response.headers.get('x-ratelimit-reset-requests')).toBe('1m0s');
      expect(result.value.response.headers.get('x-ratelimit-limit-tokens')).toBeNull();
    }
    for (const error of refused) {
      expect(error).toBeInstanceOf(RateLimitError);
      const rateError = error as RateLimitError;
      expect(rateError.status).toBe(429);
      expect(rateError.code).toBe('rate_limit_exceeded');
      expect(rateError.type).toBe('requests');
      expect(rateError.param).toBeNull();
      expect(rateError.headers.get('retry-after')).toBe('60');
      expect(rateError.headers.get('x-ratelimit-limit-requests')).toBe(String(limit));
      expect(rateError.headers.get('x-ratelimit-remaining-requests')).toBe('0');
      expect(rateError.headers.get('x-ratelimit-reset-requests')).toBe('1m0s');
    }
    // Refusals did not count: 59.999 s on, still full; at 60 s the window admits a full N again.
    now += 59_999;
    await expect(ask(client)).rejects.toBeInstanceOf(RateLimitError);
    now += 1;
    const again = await settleAll(Array.from({ length: limit + 1 }, () => ask(client)));
    expect(again.filter((result) => 'value' in result)).toHaveLength(limit);
  });

  it('puts the rate-limit headers on answers refused before admission too, and does not count them', async () => {
    const key = await createKey(test.url, { rpm_limit: 3, tpm_limit: 1000 });
    const client = test.clientWith(key.key!);
    await ask(client);
    const post = (body: string) =>
      fetch(`${test.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key.key}`, 'content-type': 'application/json' },
        body,
      });
    for (const [body, status] of [
      ['{not json', 400],
      [JSON.stringify({ model: 'no-such-model', messages: USER_HELLO }), 404],
      [JSON.stringify({ model: 'gpt-4o-mini', messages: [] }), 400],
    ] as const) {
      const response = await post(body);
      expect(response.status).toBe(status);
      expect(response.headers.get('x-ratelimit-limit-requests')).toBe('3');
      // One admitted so far; these three were never admitted, so they leave 2.
      expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('2');
      expect(response.headers.get('x-ratelimit-limit-tokens')).toBe('1000');
      expect(Number(response.headers.get('x-ratelimit-remaining-tokens'))).toBeLessThan(1000);
    }
    const second = await ask(client);
    expect(second.response.headers.get('x-ratelimit-remaining-requests')).toBe('1');
  });

  it('stops sequential requests of known size at tpm_limit, with the tokens headers', async () => {
    const key = await createKey(test.url, { tpm_limit: 250 });
    const client = test.clientWith(key.key!);
    test.gateway.simulator!.setScenario(() => ({
      text: 'sized',
      usage: { promptTokens: 60, completionTokens: 40 },
    }));
    try {
      const seen: Array<string | null> = [];
      for (let index = 0; index < 3; index++) {
        const { response } = await ask(client);
        seen.push(response.headers.get('x-ratelimit-remaining-tokens'));
        expect(response.headers.get('x-ratelimit-limit-tokens')).toBe('250');
      }
      expect(seen).toEqual(['250', '150', '50']);
      const error = (await ask(client).catch((caught: unknown) => caught)) as RateLimitError;
      expect(error).toBeInstanceOf(RateLimitError);
      expect(error.type).toBe('tokens');
      expect(error.code).toBe('rate_limit_exceeded');
      expect(error.headers.get('x-ratelimit-remaining-tokens')).toBe('0');
      expect(Number(error.headers.get('retry-after'))).toBe(60);
      now += 60_000;
      await expect(ask(client)).resolves.toBeDefined();
    } finally {
      test.gateway.simulator!.setScenario(undefined);
    }
  });

  it('refuses the (N+1)th concurrent slow request at once, and frees a slot when a client disconnects', async () => {
    const key = await createKey(test.url, { max_parallel_requests: 2 });
    const client = test.clientWith(key.key!);
    const slow = [{ role: 'user' as const, content: '[[sim:{"text":"slow","headerDelayMs":3000}]]' }];
    const before = test.gateway.simulator!.requests.length;
    const aborts = [new AbortController(), new AbortController()];
    const inFlight = aborts.map((abort) =>
      client.chat.completions
        .create({ model: 'gpt-4o-mini', messages: slow }, { signal: abort.signal })
        .catch((error: unknown) => error),
    );
    await expect.poll(() => test.gateway.simulator!.requests.length - before, { timeout: 10_000 }).toBe(2);
    const error = (await ask(client).catch((caught: unknown) => caught)) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.type).toBe('requests');
    expect(error.message).toContain('at most 2');
    aborts[0]!.abort();
    await expect
      .poll(
        () =>
          ask(client).then(
            () => 'admitted',
            () => 'refused',
          ),
        { timeout: 10_000, interval: 50 },
      )
      .toBe('admitted');
    aborts[1]!.abort();
    await Promise.all(inFlight);
  });

  it('holds a small budget under 50 concurrent requests, stream and not: settled spend <= max_budget', async () => {
    const maxBudget = 0.0002;
    const key = await createKey(test.url, { max_budget: maxBudget });
    const client = test.clientWith(key.key!);
    const requests = Array.from({ length: 50 }, (_, index) =>
      index % 2 === 0
        ? ask(client, { max_tokens: 50 }).then(() => 'ok')
        : client.chat.completions
            .create({
              model: 'gpt-4o-mini',
              messages: USER_HELLO,
              max_tokens: 50,
              stream: true,
              stream_options: { include_usage: true },
            })
            .then(async (stream) => {
              for await (const _chunk of stream);
              return 'ok';
            }),
    );
    const results = await settleAll(requests);
    const refused = results.flatMap((result) => ('error' in result ? [result.error] : []));
    expect(refused.length).toBeGreaterThan(0);
    for (const error of refused) {
      expect(error).toBeInstanceOf(RateLimitError);
      expect((error as RateLimitError).code).toBe('insufficient_quota');
      expect((error as RateLimitError).type).toBe('insufficient_quota');
    }
    // Go on one at a time until the budget refuses: the remainder is spent, never more.
    let refusal: RateLimitError | undefined;
    for (let index = 0; index < 100 && refusal === undefined; index++) {
      await ask(client, { max_tokens: 50 }).catch((error: RateLimitError) => {
        refusal = error;
      });
    }
    expect(refusal?.code).toBe('insufficient_quota');
    expect(refusal?.message).toMatch(/max_tokens/);
    const { json } = await admin(test.url, 'GET', `/admin/keys/${key.id}`);
    const spend = (json as unknown as KeyBody).spend_usd;
    expect(spend).toBeGreaterThan(0);
    expect(spend).toBeLessThanOrEqual(maxBudget);
    // The spend is the sum of what the usage rows were charged, which is their cost.
    test.gateway.usage.flush();
    const rows = test.gateway.database
      .prepare('SELECT SUM(spend_nano_usd) AS charged, SUM(cost_usd) AS cost FROM usage WHERE key_id = ?')
      .get(key.id) as { charged: number; cost: number };
    expect(rows.charged / 1e9).toBeCloseTo(spend, 9);
    expect(rows.cost).toBeCloseTo(spend, 9);
    const stored = test.gateway.database
      .prepare('SELECT spend_nano_usd FROM key_spend WHERE key_id = ?')
      .get(key.id) as { spend_nano_usd: number };
    expect(stored.spend_nano_usd).toBe(rows.charged);
  });

  it('refuses a request whose worst case alone exceeds the budget, naming the reservation', async () => {
    const key = await createKey(test.url, { max_budget: 0.001 });
    const error = (await ask(test.clientWith(key.key!)).catch((caught: unknown) => caught)) as RateLimitError;
    // No max_tokens: the model's 16,384-token output cap is reserved.
    expect(error.code).toBe('insufficient_quota');
    expect(error.message).toMatch(/worst-case cost of \$0\.00\d+/);
    expect(error.message).toContain('Set a lower max_tokens');
    expect(error.headers.get('x-should-retry')).toBe('false');
    await expect(ask(test.clientWith(key.key!), { max_tokens: 20 })).resolves.toBeDefined();
  });

  it('tells the SDK not to retry a spent budget (x-should-retry: false)', async () => {
    const key = await createKey(test.url, { max_budget: 0 });
    const retrying = new OpenAI({ apiKey: key.key!, baseURL: `${test.url}/v1`, maxRetries: 2 });
    await expect(
      retrying.chat.completions.create({ model: 'gpt-4o-mini', messages: USER_HELLO }),
    ).rejects.toMatchObject({
      code: 'insufficient_quota',
    });
    test.gateway.usage.flush();
    const rows = test.gateway.database
      .prepare('SELECT COUNT(*) AS count FROM usage WHERE key_id = ? AND status = 429')
      .get(key.id) as { count: number };
    expect(rows.count).toBe(1);
  });

  it('lets the SDK retry a rate-limit refusal after retry-after-ms, and then be admitted', async () => {
    const key = await createKey(test.url, { max_parallel_requests: 1 });
    const retrying = new OpenAI({ apiKey: key.key!, baseURL: `${test.url}/v1`, maxRetries: 3 });
    const before = test.gateway.simulator!.requests.length;
    const slow = ask(test.clientWith(key.key!), {
      messages: [{ role: 'user', content: '[[sim:{"text":"slow","headerDelayMs":200}]]' }],
    });
    await expect.poll(() => test.gateway.simulator!.requests.length - before, { timeout: 10_000 }).toBe(1);
    // Refused while the slow one holds the only slot (retry-after-ms: 1000), admitted on a retry.
    const { response } = await retrying.chat.completions
      .create({ model: 'gpt-4o-mini', messages: USER_HELLO })
      .withResponse();
    expect(response.status).toBe(200);
    await slow;
    test.gateway.usage.flush();
    const refusals = test.gateway.database
      .prepare('SELECT COUNT(*) AS count FROM usage WHERE key_id = ? AND status = 429')
      .get(key.id) as { count: number };
    expect(refusals.count).toBeGreaterThanOrEqual(1);
  });

  it('applies a PATCH on the next request, never changes the spend, and removes a limit with null', async () => {
    const key = await createKey(test.url, { rpm_limit: 1, max_budget: 1 });
    const client = test.clientWith(key.key!);
    await ask(client);
    await expect(ask(client)).rejects.toBeInstanceOf(RateLimitError);
    const before = ((await admin(test.url, 'GET', `/admin/keys/${key.id}`)).json as unknown as KeyBody)
      .spend_usd;
    expect(before).toBeGreaterThan(0);
    let patched = await admin(test.url, 'PATCH', `/admin/keys/${key.id}`, { rpm_limit: 3 });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ rpm_limit: 3, max_budget: 1, spend_usd: before });
    const { response } = await ask(client);
    expect(response.headers.get('x-ratelimit-limit-requests')).toBe('3');
    patched = await admin(test.url, 'PATCH', `/admin/keys/${key.id}`, { rpm_limit: null, max_budget: 0 });
    expect(patched.json).toMatchObject({ rpm_limit: null, max_budget: 0 });
    const spent = (await ask(client).catch((caught: unknown) => caught)) as RateLimitError;
    expect(spent.code).toBe('insufficient_quota');
    expect(spent.headers.get('x-ratelimit-limit-requests')).toBeNull();
    patched = await admin(test.url, 'PATCH', `/admin/keys/${key.id}`, { max_budget: null });
    const free = await ask(client);
    expect(free.response.headers.get('x-ratelimit-limit-requests')).toBeNull();
    const listed = (await admin(test.url, 'GET', '/admin/keys')).json.data as KeyBody[];
    expect(listed.find((entry) => entry.id === key.id)).toMatchObject({ rpm_limit: null, max_budget: null });
    expect(listed.find((entry) => entry.id === key.id)!.spend_usd).toBeGreaterThan(before);
  });

  it('resets a periodic budget at budget_reset_at, moving it by whole durations', async () => {
    const key = await createKey(test.url, { max_budget: 0.00002, budget_duration: '15s' });
    const created = Date.parse((key as unknown as { created_at: string }).created_at);
    expect(key.budget_reset_at).toBe(new Date(created + 15_000).toISOString());
    const client = test.clientWith(key.key!);
    let refusal: RateLimitError | undefined;
    for (let index = 0; index < 20 && refusal === undefined; index++) {
      await ask(client, { max_tokens: 20 }).catch((error: RateLimitError) => {
        refusal = error;
      });
    }
    expect(refusal?.code).toBe('insufficient_quota');
    expect(refusal?.message).toContain(new Date(created + 15_000).toISOString());
    now += 31_000;
    const { json } = await admin(test.url, 'GET', `/admin/keys/${key.id}`);
    expect(json).toMatchObject({ spend_usd: 0, budget_reset_at: new Date(created + 45_000).toISOString() });
    await expect(ask(client, { max_tokens: 20 })).resolves.toBeDefined();
    // A PATCH that sets the duration restarts the period from now; the spend stays.
    const spend = ((await admin(test.url, 'GET', `/admin/keys/${key.id}`)).json as unknown as KeyBody)
      .spend_usd;
    const patched = await admin(test.url, 'PATCH', `/admin/keys/${key.id}`, { budget_duration: '1h' });
    expect(patched.json).toMatchObject({
      budget_duration: '1h',
      spend_usd: spend,
      budget_reset_at: new Date(now + 3_600_000).toISOString(),
    });
  });

  it('settles failures: an upstream error charges nothing, a cut stream its reservation; each frees its slot', async () => {
    const key = await createKey(test.url, { max_parallel_requests: 1, max_budget: 1 });
    const client = test.clientWith(key.key!);
    const spendNow = async () =>
      ((await admin(test.url, 'GET', `/admin/keys/${key.id}`)).json as unknown as KeyBody).spend_usd;
    test.gateway.simulator!.enqueue({ error: { status: 400, message: 'refused upstream' } });
    await expect(ask(client, { max_tokens: 10 })).rejects.toMatchObject({ status: 400 });
    expect(await spendNow()).toBe(0);
    test.gateway.simulator!.setScenario(() => ({
      text: 'a cut answer, cut short',
      chunkSize: 2,
      cutAfterEvents: 3,
    }));
    try {
      const stream = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: USER_HELLO,
        max_tokens: 10,
        stream: true,
      });
      await expect(
        (async () => {
          for await (const _chunk of stream);
        })(),
      ).rejects.toThrow();
    } finally {
      test.gateway.simulator!.setScenario(undefined);
    }
    test.gateway.usage.flush();
    const row = test.gateway.database
      .prepare(
        'SELECT cost_usd, spend_nano_usd FROM usage WHERE key_id = ? ORDER BY ts DESC, request_id DESC LIMIT 1',
      )
      .get(key.id) as { cost_usd: number | null; spend_nano_usd: number };
    // No usage arrived, so the cost is unknown; the budget was charged the reservation (prompt bound + 10 tokens).
    expect(row.cost_usd).toBeNull();
    expect(row.spend_nano_usd).toBeGreaterThan(0);
    expect(await spendNow()).toBeCloseTo(row.spend_nano_usd / 1e9, 12);
    // Every slot was freed: the next request is admitted.
    await expect(ask(client, { max_tokens: 10 })).resolves.toBeDefined();
  });

  it("keeps one key's limits away from every other key", async () => {
    const limited = await createKey(test.url, { rpm_limit: 1, max_parallel_requests: 1, max_budget: 1 });
    const sibling = await createKey(test.url, { rpm_limit: 1 });
    const unlimited = await createKey(test.url, {});
    await ask(test.clientWith(limited.key!));
    await expect(ask(test.clientWith(limited.key!))).rejects.toBeInstanceOf(RateLimitError);
    const siblingAnswer = await ask(test.clientWith(sibling.key!));
    expect(siblingAnswer.response.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    for (let index = 0; index < 3; index++) {
      const { response } = await ask(test.clientWith(unlimited.key!));
      expect(response.headers.get('x-ratelimit-limit-requests')).toBeNull();
    }
    // The master key is never limited.
    await expect(ask(test.client)).resolves.toBeDefined();
  });

  it.each([
    [{ rpm_limit: -1 }, 'rpm_limit'],
    [{ rpm_limit: 0 }, 'rpm_limit'],
    [{ rpm_limit: '5' }, 'rpm_limit'],
    [{ rpm_limit: 1.5 }, 'rpm_limit'],
    [{ tpm_limit: 0 }, 'tpm_limit'],
    [{ max_parallel_requests: 0 }, 'max_parallel_requests'],
    [{ max_budget: -0.01 }, 'max_budget'],
    [{ max_budget: '10' }, 'max_budget'],
    [{ budget_duration: '1w' }, 'budget_duration'],
    [{ budget_duration: '0d' }, 'budget_duration'],
    [{ budget_duration: '30' }, 'budget_duration'],
    [{ budget_duration: 30 }, 'budget_duration'],
    [{ rpm: 60 }, 'rpm'],
  ])('refuses %j with a 400 naming %s, on POST and PATCH', async (body, field) => {
    const created = await admin(test.url, 'POST', '/admin/keys', { name: 'bad', ...body });
    expect(created.status).toBe(400);
    expect(created.json.error).toMatchObject({
      param: field,
      code: 'invalid_value',
      type: 'invalid_request_error',
    });
    expect((created.json.error as { message: string }).message).toContain(field);
    const key = await createKey(test.url, {});
    const patched = await admin(test.url, 'PATCH', `/admin/keys/${key.id}`, body);
    expect(patched.status).toBe(400);
    expect(patched.json.error).toMatchObject({ param: field });
  });

  it('answers 404 for PATCH and GET of an unknown or revoked key', async () => {
    expect((await admin(test.url, 'PATCH', '/admin/keys/key_nope', { rpm_limit: 1 })).status).toBe(404);
    const key = await createKey(test.url, {});
    await admin(test.url, 'DELETE', `/admin/keys/${key.id}`);
    expect((await admin(test.url, 'GET', `/admin/keys/${key.id}`)).status).toBe(404);
  });
});

describe('unpriced models under a budget', () => {
  const base = listModels().find((model) => model.id === 'gpt-4o-mini')!;
  const mystery = { ...base, id: 'mystery-model', aliases: [], pricing: null, unpriced: { reason: 'test' } };

  it('refuses them, naming the model, unless the config allows them', async () => {
    const strict = await startTestGateway({}, { models: [mystery] });
    try {
      const key = await createKey(strict.url, { max_budget: 5 });
      const error = (await strict
        .clientWith(key.key!)
        .chat.completions.create({ model: 'mystery-model', messages: USER_HELLO })
        .catch((caught: unknown) => caught)) as APIError;
      expect(error.status).toBe(429);
      expect(error.code).toBe('insufficient_quota');
      expect(error.message).toContain("'mystery-model'");
    } finally {
      await strict.close();
    }
    const lenient = await startTestGateway(
      {},
      { models: [mystery], keys: { allowUnpricedUnderBudget: true } },
    );
    try {
      const key = await createKey(lenient.url, { max_budget: 5 });
      await expect(
        lenient
          .clientWith(key.key!)
          .chat.completions.create({ model: 'mystery-model', messages: USER_HELLO }),
      ).resolves.toBeDefined();
    } finally {
      await lenient.close();
    }
  });
});

describe('limits and spend across a restart', () => {
  it('keeps every limit and the spend of the current period', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'llmux-limits-restart-'));
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LLMUX_DATA_DIR: dataDir,
      LLMUX_LOG_LEVEL: 'silent',
      LLMUX_MASTER_KEY: MASTER_KEY,
    });
    try {
      const first = await createGateway(config, { announce: () => {} });
      const url = await first.listen();
      const key = await createKey(url, {
        rpm_limit: 100,
        tpm_limit: 10_000,
        max_budget: 1,
        budget_duration: '30d',
      });
      const client = new OpenAI({ apiKey: key.key!, baseURL: `${url}/v1`, maxRetries: 0 });
      for (let index = 0; index < 3; index++) await ask(client);
      const before = (await admin(url, 'GET', `/admin/keys/${key.id}`)).json as unknown as KeyBody;
      expect(before.spend_usd).toBeGreaterThan(0);
      await first.close();

      const second = await createGateway(config, { announce: () => {} });
      const secondUrl = await second.listen();
      try {
        const after = (await admin(secondUrl, 'GET', `/admin/keys/${key.id}`)).json as unknown as KeyBody;
        expect(after).toMatchObject({
          rpm_limit: 100,
          tpm_limit: 10_000,
          max_budget: 1,
          budget_duration: '30d',
          budget_reset_at: before.budget_reset_at,
          spend_usd: before.spend_usd,
        });
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
