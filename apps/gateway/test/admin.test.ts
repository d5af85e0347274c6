import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASTER_KEY, startTestGateway, type TestGateway, USER_HELLO } from './helpers.js';

interface KeyBody {
  id: string;
  key: string;
  name: string;
  models: string[];
  expires_at: string | null;
  created_at: string;
}

describe('admin API: keys and usage', () => {
  let test: TestGateway;
  const admin = (path: string, init: RequestInit = {}, key = MASTER_KEY) =>
    fetch(`${test.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    });

  beforeAll(async () => {
    test = await startTestGateway({ LLMUX_SIMULATE: '1' });
  });
  afterAll(async () => {
    await test.close();
  });

  it('runs a key through its lifecycle: create, list, use, revoke', async () => {
    const created = await admin('/admin/keys', {
      method: 'POST',
      body: JSON.stringify({ name: 'ci', models: ['gpt-4o*'], expires_at: '2999-01-01T00:00:00Z' }),
    });
    expect(created.status).toBe(201);
    const key = (await created.json()) as KeyBody;
    expect(key.key).toMatch(/^llmux-sk-[A-Za-z0-9_-]{43}$/);
    expect(key).toMatchObject({ name: 'ci', models: ['gpt-4o*'], expires_at: '2999-01-01T00:00:00.000Z' });

    const listed = (await (await admin('/admin/keys')).json()) as { data: Array<Record<string, unknown>> };
    const entry = listed.data.find((item) => item.id === key.id);
    expect(entry).toMatchObject({ name: 'ci' });
    expect(JSON.stringify(listed)).not.toContain(key.key);

    const client = test.clientWith(key.key);
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: USER_HELLO });
    expect(completion.choices).toHaveLength(1);
    const models = [];
    for await (const model of client.models.list()) models.push(model.id);
    expect(models.every((id) => id.startsWith('gpt-4o'))).toBe(true);

    // A non-master key cannot use the admin API.
    expect((await admin('/admin/keys', {}, key.key)).status).toBe(403);

    expect((await admin(`/admin/keys/${key.id}`, { method: 'DELETE' })).status).toBe(200);
    const error = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: USER_HELLO })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((await admin(`/admin/keys/${key.id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('refuses a bad key request with the field named', async () => {
    const response = await admin('/admin/keys', { method: 'POST', body: JSON.stringify({ models: [] }) });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { param: string } }).error.param).toBe('name');
    const past = await admin('/admin/keys', {
      method: 'POST',
      body: JSON.stringify({ name: 'old', expires_at: '2001-01-01T00:00:00Z' }),
    });
    expect(past.status).toBe(400);
  });

  it('records usage rows for successes and failures, with totals per model and per key', async () => {
    const created = (await (
      await admin('/admin/keys', { method: 'POST', body: JSON.stringify({ name: 'usage' }) })
    ).json()) as KeyBody;
    const client = test.clientWith(created.key);
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: USER_HELLO });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: USER_HELLO,
      stream: true,
    });
    for await (const _chunk of stream) {
      // drain
    }
    await client.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: '[[sim:{"error":{"status":400}}]]' }] })
      .catch(() => {});

    const response = await admin(`/admin/usage?key_id=${created.id}&since=2020-01-01T00:00:00Z`);
    expect(response.status).toBe(200);
    const usage = (await response.json()) as {
      totals: { requests: number; errors: number; prompt_tokens: number; cost_usd: number };
      models: Array<{ model: string; requests: number; cost_usd: number }>;
    };
    expect(usage.totals.requests).toBe(3);
    expect(usage.totals.errors).toBe(1);
    expect(usage.totals.prompt_tokens).toBeGreaterThan(0);
    expect(usage.totals.cost_usd).toBeGreaterThan(0);
    expect(usage.models.map((row) => row.model).sort()).toEqual(['gpt-4o', 'gpt-4o-mini']);

    const rows = test.gateway.database
      .prepare('SELECT * FROM usage WHERE key_id = ? ORDER BY ts')
      .all(created.id) as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({
      model: 'gpt-4o-mini',
      vendor: 'openai',
      status: 200,
      stream: 0,
      attempts: 1,
    });
    expect(rows[0]!.cost_usd).toBeGreaterThan(0);
    expect(rows.find((row) => row.stream === 1)).toMatchObject({ status: 200, ttft_ms: expect.any(Number) });
    expect(rows.find((row) => row.status === 400)).toMatchObject({ error_type: 'invalid_request_error' });
  });

  it('exposes Prometheus metrics and the OpenAPI document', async () => {
    const metrics = await (await fetch(`${test.url}/metrics`)).text();
    expect(metrics).toContain(
      'llmux_requests_total{model="gpt-4o-mini",vendor="openai",status="200",protocol="openai-chat"}',
    );
    expect(metrics).toContain('llmux_time_to_first_token_seconds_bucket');
    expect(metrics).toContain('llmux_tokens_total');
    const openapi = (await (await fetch(`${test.url}/openapi.json`)).json()) as { openapi: string };
    expect(openapi.openapi).toMatch(/^3\.1/);
  });
});
