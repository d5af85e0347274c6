import {
  ApiError,
  type Content,
  FinishReason,
  type GenerateContentResponse,
  GoogleGenAI,
  type Part,
} from '@google/genai';
import { listModels } from '@llmux/catalog';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MASTER_KEY, startTestGateway, type TestGateway } from './helpers.js';

// Gemini's API at the gateway (`/v1beta/models/{model}:generateContent` and friends, and the same under `/v1`, where
// @google/genai 3.x posts by default), judged by the official @google/genai SDK: every catalog model answers in
// Gemini's shape, whole and streamed, with function calling round trips, token counting, the model catalog in
// Gemini's shape and Gemini's own errors. In simulate mode each request still goes through the real translation (or
// the native relay, for gemini-*) and the vendor's protocol.
let test: TestGateway;
let client: GoogleGenAI;

beforeAll(async () => {
  test = await startTestGateway();
  client = geminiClient(MASTER_KEY);
});
afterAll(() => test.close());
beforeEach(() => test.gateway.simulator?.reset());

/** No `retryOptions`: the SDK then makes one attempt, so an error shows at once. */
function geminiClient(apiKey: string, apiVersion?: 'v1' | 'v1beta'): GoogleGenAI {
  return new GoogleGenAI({
    apiKey,
    httpOptions: { baseUrl: test.url, timeout: 30_000, ...(apiVersion ? { apiVersion } : {}) },
  });
}

const simulator = () => test.gateway.simulator!;
const SHELL_TOOL = {
  functionDeclarations: [
    {
      name: 'run_shell',
      description: 'Run a shell command',
      parametersJsonSchema: {
        type: 'object',
        properties: { command: { type: 'string' } },
        required: ['command'],
      },
    },
  ],
};
/** Gemini's documented value for a function call that never had a signature (a call the client made up). */
const SKIP_SIGNATURE = 'skip_thought_signature_validator';
const TOOL_OUTPUT = 'llmux-tool-output-41';
const REASONING = 'The user wants a command run.';

/**
 * DeepSeek's thinking mode wants the tool-calling turn's `reasoning_content` back, as it was
 * (https://api-docs.deepseek.com/guides/thinking_mode#tool-calls).
 */
function expectReasoningContentBack(body: unknown): void {
  const messages = (body as { messages?: Array<Record<string, unknown>> }).messages ?? [];
  const assistant = messages.find(
    (message) => message.role === 'assistant' && Array.isArray(message.tool_calls),
  );
  expect(assistant, JSON.stringify(messages)).toBeDefined();
  expect(assistant?.reasoning_content).toBe(REASONING);
}

/**
 * Anthropic wants a thinking tool loop's assistant turn to start with its thinking block, text and signature as
 * given (https://docs.claude.com/en/docs/build-with-claude/extended-thinking#preserving-thinking-blocks): a
 * `redacted_thinking` block made of the signature would be refused.
 */
function expectSignedThinkingBack(body: unknown): void {
  const messages = (body as { messages?: Array<{ role: string; content: unknown }> }).messages ?? [];
  const assistant = messages.find((message) => message.role === 'assistant');
  const blocks = (Array.isArray(assistant?.content) ? assistant.content : []) as Array<
    Record<string, unknown>
  >;
  expect(blocks[0], JSON.stringify(blocks)).toMatchObject({
    type: 'thinking',
    thinking: REASONING,
    signature: expect.any(String),
  });
  expect(String(blocks[0]?.signature).length).toBeGreaterThan(0);
}

async function createKey(body: Record<string, unknown>): Promise<{ id: string; key: string }> {
  const response = await fetch(`${test.url}/admin/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'gemini-inbound', ...body }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; key: string };
}

/** Raw HTTP for what the SDK hides: the status, headers and the exact error body. */
async function raw(
  path: string,
  init: { body?: unknown; headers?: Record<string, string>; method?: string } = {},
): Promise<{ status: number; headers: Headers; text: string; json: unknown }> {
  const response = await fetch(`${test.url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { 'content-type': 'application/json', ...init.headers },
    ...(init.body === undefined
      ? {}
      : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

const helloBody = { contents: [{ role: 'user', parts: [{ text: 'Say hello' }] }] };
const withKey = { 'x-goog-api-key': MASTER_KEY };

function textOf(response: GenerateContentResponse): string {
  return (response.candidates?.[0]?.content?.parts ?? [])
    .flatMap((part) => (typeof part.text === 'string' && part.thought !== true ? [part.text] : []))
    .join('');
}

function expectGeminiError(answer: { status: number; json: unknown }, code: number, status: string): void {
  expect(answer.status, JSON.stringify(answer.json)).toBe(code);
  // Google's errors may add `details`; these three are what every client reads.
  expect(answer.json).toMatchObject({ error: { code, message: expect.any(String), status } });
  expect((answer.json as { error: { message: string } }).error.message.length).toBeGreaterThan(0);
}

async function expectApiError(promise: Promise<unknown>, status: number): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ApiError);
  expect((error as ApiError).status, String(error)).toBe(status);
  return error as ApiError;
}

describe('generateContent on every catalog model', () => {
  it.each(listModels().map((model) => [model.id] as const))('%s answers whole and streamed', async (id) => {
    const whole = await client.models.generateContent({ model: id, contents: 'Say hello' });
    const text = textOf(whole);
    expect(text.length, JSON.stringify(whole)).toBeGreaterThan(0);
    expect(whole.modelVersion).toBe(id);
    expect(whole.candidates?.[0]?.content?.role).toBe('model');
    expect(whole.candidates?.[0]?.finishReason).toBe(FinishReason.STOP);
    const usage = whole.usageMetadata;
    expect(usage?.promptTokenCount).toBeGreaterThan(0);
    expect(usage?.candidatesTokenCount).toBeGreaterThan(0);
    expect(usage?.totalTokenCount).toBeGreaterThanOrEqual(
      (usage?.promptTokenCount ?? 0) + (usage?.candidatesTokenCount ?? 0),
    );

    const chunks: GenerateContentResponse[] = [];
    for await (const chunk of await client.models.generateContentStream({ model: id, contents: 'Say hello' }))
      chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks.map(textOf).join('')).toBe(text);
    for (const chunk of chunks) expect(chunk.modelVersion).toBe(id);
    const last = chunks.at(-1)!;
    expect(last.candidates?.[0]?.finishReason).toBe(FinishReason.STOP);
    expect(last.usageMetadata?.promptTokenCount).toBeGreaterThan(0);
    expect(last.usageMetadata?.candidatesTokenCount).toBeGreaterThan(0);
  });
});

describe('Gemini inbound: routes', () => {
  it('relays a gemini model natively: the body as sent, the path kept, the llmux key not forwarded', async () => {
    const body = {
      contents: [{ role: 'user', parts: [{ text: 'Say hello' }] }],
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      generationConfig: { temperature: 0.4, maxOutputTokens: 512, thinkingConfig: { thinkingBudget: 128 } },
      safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }],
    };
    const answer = await raw('/v1beta/models/gemini-2.5-pro:generateContent', { body, headers: withKey });
    expect(answer.status, answer.text).toBe(200);
    expect((answer.json as { modelVersion?: string }).modelVersion).toBe('gemini-2.5-pro');
    expect(answer.headers.get('x-llmux-simulated')).toBe('true');
    const upstream = simulator().requests.at(-1)!;
    expect(upstream.provider).toBe('gemini');
    expect(upstream.path).toBe('/v1beta/models/gemini-2.5-pro:generateContent');
    expect(upstream.body).toEqual(body);
    expect(JSON.stringify(upstream.headers)).not.toContain(MASTER_KEY);
    expect(upstream.query.toString()).not.toContain(MASTER_KEY);
  });

  it('streams a gemini model from the Gemini upstream', async () => {
    for await (const _chunk of await client.models.generateContentStream({
      model: 'gemini-3-flash-preview',
      contents: 'Say hello',
    })) {
      // Read it to the end.
    }
    const upstream = simulator().requests.at(-1)!;
    expect(upstream.provider).toBe('gemini');
    expect(upstream.path).toBe('/v1beta/models/gemini-3-flash-preview:streamGenerateContent');
  });

  it('translates for a gpt model: the OpenAI upstream gets chat completions', async () => {
    await client.models.generateContent({
      model: 'gpt-4-1',
      contents: 'Say hello',
      config: {
        systemInstruction: 'Be brief.',
        stopSequences: ['END'],
        maxOutputTokens: 300,
        temperature: 0.5,
      },
    });
    const upstream = simulator().requests.at(-1)!;
    expect(upstream.path).toBe('/v1/chat/completions');
    const body = upstream.body as Record<string, unknown>;
    expect(body.model).toBeDefined();
    expect(body.messages).toEqual([
      { role: expect.stringMatching(/^(system|developer)$/), content: 'Be brief.' },
      { role: 'user', content: 'Say hello' },
    ]);
    expect(body.stop).toEqual(['END']);
    expect(body.temperature).toBe(0.5);
    expect(body.max_completion_tokens ?? body.max_tokens).toBe(300);
  });

  it('drops the sampling values gemini-cli always sends where the model refuses them, and says so', async () => {
    const answer = await raw('/v1beta/models/gpt-5-2:generateContent', {
      headers: withKey,
      body: { ...helloBody, generationConfig: { temperature: 1, topP: 0.95 } },
    });
    expect(answer.status, answer.text).toBe(200);
    const warnings = JSON.parse(answer.headers.get('x-llmux-warnings') ?? '[]') as Array<
      Record<string, string>
    >;
    expect(warnings).toContainEqual(
      expect.objectContaining({ param: 'generationConfig.topP', action: 'dropped' }),
    );
    expect((simulator().requests.at(-1)!.body as Record<string, unknown>).top_p).toBeUndefined();
    // The Anthropic surface has no such defaults: there the same refusal stays a 400 naming the field.
    const anthropic = await raw('/v1/messages', {
      headers: { 'x-api-key': MASTER_KEY },
      body: { model: 'gpt-5-2', max_tokens: 50, top_p: 0.95, messages: [{ role: 'user', content: 'hi' }] },
    });
    expect(anthropic.status).toBe(400);
    expect(anthropic.text).toContain('top_p');
  });

  it('serves /v1 (the SDK default) and /v1beta alike, and leaves GET /v1/models to OpenAI', async () => {
    for (const apiVersion of ['v1', 'v1beta'] as const) {
      const answer = await geminiClient(MASTER_KEY, apiVersion).models.generateContent({
        model: 'gpt-5-2',
        contents: 'Say hello',
      });
      expect(textOf(answer).length).toBeGreaterThan(0);
    }
    const forOpenAi = await raw('/v1/models', { headers: { authorization: `Bearer ${MASTER_KEY}` } });
    expect(forOpenAi.status).toBe(200);
    expect(forOpenAi.json).toMatchObject({ object: 'list', data: expect.any(Array) });
    const one = await raw('/v1/models/gpt-5-2', { headers: { authorization: `Bearer ${MASTER_KEY}` } });
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({ id: 'gpt-5-2', object: 'model' });
  });

  it('takes a model id with the models/ prefix', async () => {
    const answer = await client.models.generateContent({ model: 'models/gpt-5-2', contents: 'Say hello' });
    expect(answer.modelVersion).toBe('gpt-5-2');
  });

  it('streams as a JSON array without alt=sse, and as SSE with it', async () => {
    for (const model of ['gpt-5-2', 'gemini-2.5-pro']) {
      const whole = await raw(`/v1beta/models/${model}:generateContent`, {
        body: helloBody,
        headers: withKey,
      });
      expect(whole.status, whole.text).toBe(200);
      const text = textOf(whole.json as GenerateContentResponse);
      expect(text.length).toBeGreaterThan(0);

      const array = await raw(`/v1beta/models/${model}:streamGenerateContent`, {
        body: helloBody,
        headers: withKey,
      });
      expect(array.status, array.text).toBe(200);
      expect(array.headers.get('content-type')).toMatch(/^application\/json/);
      expect(Array.isArray(array.json), array.text.slice(0, 500)).toBe(true);
      const items = array.json as GenerateContentResponse[];
      expect(items.length).toBeGreaterThan(0);
      expect(items.map(textOf).join('')).toBe(text);
      expect(items.at(-1)?.candidates?.[0]?.finishReason).toBe('STOP');
      expect(items.at(-1)?.usageMetadata?.promptTokenCount).toBeGreaterThan(0);

      const sse = await raw(`/v1beta/models/${model}:streamGenerateContent?alt=sse`, {
        body: helloBody,
        headers: withKey,
      });
      expect(sse.status, sse.text).toBe(200);
      expect(sse.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const events = sse.text
        .split(/\r?\n/)
        .filter((line) => line.startsWith('data:'))
        .map((line) => JSON.parse(line.slice('data:'.length)) as GenerateContentResponse);
      expect(events.map(textOf).join('')).toBe(text);
    }
  });

  it('counts tokens for a gemini model by asking Gemini', async () => {
    const gemini = await client.models.countTokens({ model: 'gemini-2.5-pro', contents: 'Say hello' });
    expect(gemini.totalTokens).toBeGreaterThan(0);
    expect(simulator().requests.at(-1)?.path).toBe('/v1beta/models/gemini-2.5-pro:countTokens');
  });

  it('counts tokens for any other model with an estimate, and says so', async () => {
    const requestsBefore = simulator().requests.length;
    const estimated = await client.models.countTokens({ model: 'gpt-5-2', contents: 'Say hello' });
    expect(estimated.totalTokens).toBeGreaterThan(0);
    const longer = await client.models.countTokens({
      model: 'gpt-5-2',
      contents: 'Say hello, and then say it again in five more languages, one line each.',
    });
    expect(longer.totalTokens).toBeGreaterThan(estimated.totalTokens ?? 0);
    const rawCount = await raw('/v1beta/models/gpt-5-2:countTokens', { body: helloBody, headers: withKey });
    expect(rawCount.status, rawCount.text).toBe(200);
    expect(rawCount.json).toMatchObject({ totalTokens: estimated.totalTokens });
    expect(rawCount.headers.get('x-llmux-warnings')).toContain('estimate');
    expect(simulator().requests.length).toBe(requestsBefore);
  });
});

describe('Gemini inbound: the model catalog in Gemini shape', () => {
  it('models.list shows every catalog model, models.get one, with its limits', async () => {
    const v1beta = geminiClient(MASTER_KEY, 'v1beta');
    const names: string[] = [];
    for await (const model of await v1beta.models.list()) {
      names.push(String(model.name));
      expect(model.supportedActions).toContain('generateContent');
    }
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(name).toMatch(/^models\//);
    expect(names).toEqual(expect.arrayContaining(listModels().map((model) => `models/${model.id}`)));

    const catalogEntry = listModels().find((model) => model.id === 'gpt-5-2')!;
    for (const id of ['gpt-5-2', 'models/gpt-5-2']) {
      const model = await v1beta.models.get({ model: id });
      expect(model.name).toBe('models/gpt-5-2');
      expect(model.displayName).toEqual(expect.any(String));
      expect(model.inputTokenLimit).toBe(catalogEntry.contextWindow);
      expect(model.outputTokenLimit).toBe(catalogEntry.maxOutputTokens);
      expect(model.supportedActions).toEqual(expect.arrayContaining(['generateContent', 'countTokens']));
    }
  });

  it('a key sees only the models it may use, and a model it may not use is not found', async () => {
    const key = await createKey({ models: ['gpt-5-2'] });
    const restricted = geminiClient(key.key, 'v1beta');
    const names: string[] = [];
    for await (const model of await restricted.models.list()) names.push(String(model.name));
    expect(names).toEqual(['models/gpt-5-2']);
    await expectApiError(restricted.models.get({ model: 'gemini-2.5-pro' }), 404);
    const unknown = await raw('/v1beta/models/no-such-model', { headers: withKey });
    expectGeminiError(unknown, 404, 'NOT_FOUND');
  });
});

describe('Gemini inbound: function calling across turns', () => {
  // Both ways a client keeps a model turn: one content as `generateContent` gave it, or one content per streamed
  // chunk, as the SDK's own chat history does (`Chat.recordHistory`): a thought then arrives in pieces, its
  // signature on a later part, and the gateway must give the vendor the one thought back, whole and signed.
  for (const model of ['gpt-5-2', 'claude-sonnet-4-6', 'deepseek-v3-2', 'gemini-3-flash-preview']) {
    for (const firstTurn of ['whole', 'streamed in a chat'] as const) {
      it(`${model}: a function call (${firstTurn}), its functionResponse, and the answer`, async () => {
        simulator().setScenario((request) =>
          request.lastTurnIsToolResult
            ? { text: 'The command printed ok.' }
            : {
                reasoning: REASONING,
                toolCalls: [{ name: 'run_shell', arguments: '{"command":"echo ok"}' }],
              },
        );
        const config = {
          tools: [SHELL_TOOL],
          thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 },
        };
        const user: Content = { role: 'user', parts: [{ text: 'Run echo ok' }] };
        let modelParts: Part[];
        let second: GenerateContentResponse;
        const functionResponse = (id: string | undefined): Part => ({
          functionResponse: { ...(id ? { id } : {}), name: 'run_shell', response: { output: TOOL_OUTPUT } },
        });
        if (firstTurn === 'whole') {
          const first = await client.models.generateContent({ model, contents: [user], config });
          expect(first.candidates?.[0]?.finishReason).toBe(FinishReason.STOP);
          const content = first.candidates?.[0]?.content;
          modelParts = content?.parts ?? [];
          const id = modelParts.find((part) => part.functionCall)?.functionCall?.id;
          second = await client.models.generateContent({
            model,
            config,
            contents: [user, content!, { role: 'user', parts: [functionResponse(id)] }],
          });
        } else {
          const chat = client.chats.create({ model, config });
          modelParts = [];
          let finishReason: string | undefined;
          for await (const chunk of await chat.sendMessageStream({ message: 'Run echo ok' })) {
            modelParts.push(...(chunk.candidates?.[0]?.content?.parts ?? []));
            finishReason = chunk.candidates?.[0]?.finishReason ?? finishReason;
          }
          expect(finishReason).toBe(FinishReason.STOP);
          const id = modelParts.find((part) => part.functionCall)?.functionCall?.id;
          second = await chat.sendMessage({ message: [functionResponse(id)] });
        }
        const callPart = modelParts.find((part) => part.functionCall !== undefined);
        expect(callPart?.functionCall, JSON.stringify(modelParts)).toMatchObject({
          name: 'run_shell',
          args: { command: 'echo ok' },
        });
        // The reasoning reached the client as thought parts, each signed or not, never with an empty signature.
        const thoughts = modelParts.filter((part) => part.thought === true);
        expect(thoughts.map((part) => part.text ?? '').join('')).toBe(REASONING);
        expect(textOf(second)).toBe('The command printed ok.');
        expect(second.candidates?.[0]?.finishReason).toBe(FinishReason.STOP);

        const upstream = simulator().requests.at(-1)!;
        const sent = JSON.stringify(upstream.body);
        // The function's output reached the vendor, and no gateway-made signature leaked to it.
        expect(sent).toContain(TOOL_OUTPUT);
        expect(sent).not.toContain('llmux1.');
        if (model.startsWith('gemini')) {
          // The very signature Gemini gave (the simulator's own), as given.
          const signature = callPart?.thoughtSignature;
          expect(signature).toEqual(expect.any(String));
          expect(Buffer.from(String(signature), 'base64').toString('utf8')).toMatch(
            /^simulated-thought-signature:/,
          );
          expect(sent).toContain(`"thoughtSignature":"${signature}"`);
        } else expect(sent).not.toContain('thoughtSignature');
        if (model.startsWith('deepseek')) expectReasoningContentBack(upstream.body);
        if (model.startsWith('claude')) expectSignedThinkingBack(upstream.body);
      });
    }
  }

  for (const model of ['gpt-5-2', 'claude-sonnet-4-6', 'deepseek-v3-2', 'gemini-3-flash-preview']) {
    it(`${model}: a call carrying Gemini's skip-validation placeholder`, async () => {
      simulator().setScenario(() => ({ text: 'Noted.' }));
      const answer = await client.models.generateContent({
        model,
        config: { tools: [SHELL_TOOL] },
        contents: [
          { role: 'user', parts: [{ text: 'Run echo ok' }] },
          {
            role: 'model',
            parts: [
              {
                functionCall: { name: 'run_shell', args: { command: 'echo ok' } },
                thoughtSignature: SKIP_SIGNATURE,
              },
            ],
          },
          {
            role: 'user',
            parts: [{ functionResponse: { name: 'run_shell', response: { output: TOOL_OUTPUT } } }],
          },
        ],
      });
      expect(textOf(answer)).toBe('Noted.');
      const sent = JSON.stringify(simulator().requests.at(-1)!.body);
      expect(sent).toContain(TOOL_OUTPUT);
      // Gemini's own placeholder is Gemini's business: relayed to Gemini as given, never shown to another vendor.
      if (model.startsWith('gemini')) expect(sent).toContain(`"thoughtSignature":"${SKIP_SIGNATURE}"`);
      else expect(sent).not.toContain(SKIP_SIGNATURE);
    });
  }
});

describe('Gemini inbound: authentication', () => {
  it('accepts x-goog-api-key, ?key= and Authorization: Bearer with an llmux key, and records usage', async () => {
    const key = await createKey({ models: ['gpt-5-2'] });
    const viaSdk = await geminiClient(key.key).models.generateContent({
      model: 'gpt-5-2',
      contents: 'Say hello',
    });
    expect(textOf(viaSdk).length).toBeGreaterThan(0);
    const viaQuery = await raw(`/v1beta/models/gpt-5-2:generateContent?key=${key.key}`, { body: helloBody });
    expect(viaQuery.status, viaQuery.text).toBe(200);
    const viaBearer = await raw('/v1beta/models/gpt-5-2:generateContent', {
      body: helloBody,
      headers: { authorization: `Bearer ${key.key}` },
    });
    expect(viaBearer.status, viaBearer.text).toBe(200);
    for (const request of simulator().requests) {
      expect(JSON.stringify(request.headers)).not.toContain(key.key);
      expect(request.query.toString()).not.toContain(key.key);
    }

    test.gateway.usage.flush();
    const rows = test.gateway.database
      .prepare('SELECT model, status, prompt_tokens, completion_tokens FROM usage WHERE key_id = ?')
      .all(key.id) as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row).toMatchObject({ model: 'gpt-5-2', status: 200 });
      expect(row.prompt_tokens).toBeGreaterThan(0);
      expect(row.completion_tokens).toBeGreaterThan(0);
    }
  });
});

describe('Gemini inbound: errors in Gemini shape', () => {
  it('401 UNAUTHENTICATED without a key or with a wrong one', async () => {
    const missing = await raw('/v1beta/models/gpt-5-2:generateContent', { body: helloBody });
    expectGeminiError(missing, 401, 'UNAUTHENTICATED');
    const wrongQuery = await raw('/v1beta/models/gpt-5-2:generateContent?key=llmux-sk-wrong-key-000000', {
      body: helloBody,
    });
    expectGeminiError(wrongQuery, 401, 'UNAUTHENTICATED');
    await expectApiError(
      geminiClient('llmux-sk-wrong-key-000000').models.generateContent({ model: 'gpt-5-2', contents: 'Hi' }),
      401,
    );
  });

  it('404 NOT_FOUND for an unknown model, 403 PERMISSION_DENIED for a model the key may not use', async () => {
    await expectApiError(client.models.generateContent({ model: 'no-such-model', contents: 'Hi' }), 404);
    expectGeminiError(
      await raw('/v1beta/models/no-such-model:generateContent', { body: helloBody, headers: withKey }),
      404,
      'NOT_FOUND',
    );
    const key = await createKey({ models: ['gpt-5-2'] });
    await expectApiError(
      geminiClient(key.key).models.generateContent({ model: 'gemini-2.5-pro', contents: 'Hi' }),
      403,
    );
    expectGeminiError(
      await raw('/v1beta/models/gemini-2.5-pro:generateContent', {
        body: helloBody,
        headers: { 'x-goog-api-key': key.key },
      }),
      403,
      'PERMISSION_DENIED',
    );
  });

  it('400 INVALID_ARGUMENT for a body that is not JSON, has no contents, or a field of the wrong type', async () => {
    expectGeminiError(
      await raw('/v1beta/models/gpt-5-2:generateContent', { body: '{"contents":', headers: withKey }),
      400,
      'INVALID_ARGUMENT',
    );
    expectGeminiError(
      await raw('/v1beta/models/gpt-5-2:generateContent', { body: {}, headers: withKey }),
      400,
      'INVALID_ARGUMENT',
    );
    const wrongType = await raw('/v1beta/models/gpt-5-2:generateContent', {
      body: { ...helloBody, generationConfig: { temperature: 'hot' } },
      headers: withKey,
    });
    expectGeminiError(wrongType, 400, 'INVALID_ARGUMENT');
    expect((wrongType.json as { error: { message: string } }).error.message).toContain('temperature');
    await expectApiError(
      client.models.generateContent({
        model: 'gpt-5-2',
        contents: 'Hi',
        config: { temperature: 'hot' as unknown as number },
      }),
      400,
    );
  });

  it('an upstream 429 is 429 RESOURCE_EXHAUSTED', async () => {
    simulator().setScenario(() => ({ error: { status: 429, headers: { 'retry-after': '30' } } }));
    await expectApiError(client.models.generateContent({ model: 'gpt-5-2', contents: 'Hi' }), 429);
    expectGeminiError(
      await raw('/v1beta/models/gpt-5-2:generateContent', { body: helloBody, headers: withKey }),
      429,
      'RESOURCE_EXHAUSTED',
    );
  });

  it('a failure after the stream began ends it with an error the SDK raises', async () => {
    simulator().setScenario(() => ({
      text: 'Hello there, this is long enough.',
      chunkSize: 4,
      // Paced, so the first chunks leave before the error arrives (in one read, the attempt would fail uncommitted).
      chunkDelayMs: 20,
      errorEventAfterEvents: 4,
    }));
    let chunks = 0;
    const read = async () => {
      for await (const _chunk of await client.models.generateContentStream({
        model: 'gpt-5-2',
        contents: 'Hi',
      }))
        chunks += 1;
    };
    await expect(read()).rejects.toThrow();
    // It failed mid-stream, not before: the first chunks arrived.
    expect(chunks).toBeGreaterThan(0);
  });
});
