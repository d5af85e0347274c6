import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestArbitrary } from './__fixtures__/arbitraries.js';
import { readFixtureJson } from './__fixtures__/fixtures.js';
import { errorBodySchema } from './errors.js';
import { formatParam, parseChatRequest } from './parse.js';
import { chatCompletionRequestSchema } from './request.js';

const minimal = { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] };

function errorOf(body: unknown) {
  const result = parseChatRequest(body);
  if (result.success) throw new Error(`expected a failure for ${JSON.stringify(body)}`);
  return result.error.error;
}

describe('parseChatRequest', () => {
  it('returns the parsed request on success', () => {
    expect(parseChatRequest(minimal)).toEqual({ success: true, data: minimal });
  });

  describe("the hosted aggregator's example request", () => {
    const example = readFixtureJson('reference/aggregator-example.request.json') as Record<string, unknown>;

    it('answers 400 on its placeholder tool_choice, listing the valid values as OpenAI does', () => {
      expect(errorOf(example)).toEqual({
        message:
          'tool_choice must be one of none, auto, required, or an object {"type": "function", "function": {"name": "..."}}, got \'<string>\'.',
        type: 'invalid_request_error',
        param: 'tool_choice',
        code: 'invalid_value',
      });
    });

    it('parses once the placeholder tool_choice is removed', () => {
      const { tool_choice: _placeholder, ...rest } = example;
      const result = parseChatRequest(rest);
      expect(result.success).toBe(true);
      expect(result.success && result.data.stop).toBe('<string>');
    });
  });

  it.each([
    // [what, body, param, code, message]
    [
      'missing model',
      { messages: minimal.messages },
      'model',
      'missing_required_parameter',
      'model is required.',
    ],
    ['numeric model', { ...minimal, model: 4 }, 'model', 'invalid_type', 'model must be a string, got 4.'],
    ['missing messages', { model: 'm' }, 'messages', 'missing_required_parameter', 'messages is required.'],
    [
      'empty messages',
      { ...minimal, messages: [] },
      'messages',
      'empty_array',
      'messages must not be empty.',
    ],
    [
      'temperature too high',
      { ...minimal, temperature: 2.5 },
      'temperature',
      'decimal_above_max_value',
      'temperature must be between 0 and 2, got 2.5.',
    ],
    [
      'temperature as a string',
      { ...minimal, temperature: '1' },
      'temperature',
      'invalid_type',
      "temperature must be a number, got '1'.",
    ],
    [
      'top_p below 0',
      { ...minimal, top_p: -1 },
      'top_p',
      'decimal_below_min_value',
      'top_p must be between 0 and 1, got -1.',
    ],
    [
      'n above the bound',
      { ...minimal, n: 9 },
      'n',
      'integer_above_max_value',
      'n must be between 1 and 8, got 9.',
    ],
    ['fractional n', { ...minimal, n: 1.5 }, 'n', 'invalid_type', 'n must be an integer, got 1.5.'],
    [
      'max_tokens of 0',
      { ...minimal, max_tokens: 0 },
      'max_tokens',
      'integer_below_min_value',
      'max_tokens must be at least 1, got 0.',
    ],
    [
      'unknown role',
      { ...minimal, messages: [minimal.messages[0], { role: 'robot', content: 'beep' }] },
      'messages[1].role',
      'invalid_value',
      "messages[1].role must be one of system, developer, user, assistant, tool, got 'robot'.",
    ],
    [
      'missing role',
      { ...minimal, messages: [{ content: 'x' }] },
      'messages[0].role',
      'missing_required_parameter',
      'messages[0].role is required.',
    ],
    [
      'message that is a string',
      { ...minimal, messages: ['Hi'] },
      'messages[0]',
      'invalid_type',
      "messages[0] must be an object, got 'Hi'.",
    ],
    [
      'numeric content',
      { ...minimal, messages: [minimal.messages[0], minimal.messages[0], { role: 'user', content: 5 }] },
      'messages[2].content',
      'invalid_type',
      'messages[2].content must be a string or an array of content parts, got 5.',
    ],
    [
      'unknown content part',
      { ...minimal, messages: [{ role: 'user', content: [{ type: 'video_url', video_url: 'x' }] }] },
      'messages[0].content[0].type',
      'invalid_value',
      "messages[0].content[0].type must be one of text, image_url, input_audio, file, got 'video_url'.",
    ],
    [
      'image part without url',
      { ...minimal, messages: [{ role: 'user', content: [{ type: 'image_url', image_url: {} }] }] },
      'messages[0].content[0].image_url.url',
      'missing_required_parameter',
      'messages[0].content[0].image_url.url is required.',
    ],
    [
      'image part on a system message',
      {
        ...minimal,
        messages: [{ role: 'system', content: [{ type: 'image_url', image_url: { url: 'x' } }] }],
      },
      'messages[0].content[0].type',
      'invalid_value',
      "messages[0].content[0].type must be 'text', got 'image_url'.",
    ],
    [
      'tool message without tool_call_id',
      { ...minimal, messages: [{ role: 'tool', content: '{}' }] },
      'messages[0].tool_call_id',
      'missing_required_parameter',
      'messages[0].tool_call_id is required.',
    ],
    [
      'tool call with object arguments',
      {
        ...minimal,
        messages: [
          {
            role: 'assistant',
            tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: {} } }],
          },
        ],
      },
      'messages[0].tool_calls[0].function.arguments',
      'invalid_type',
      'messages[0].tool_calls[0].function.arguments must be a string, got an object.',
    ],
    [
      'bad tool name',
      { ...minimal, tools: [{ type: 'function', function: { name: 'get weather' } }] },
      'tools[0].function.name',
      'invalid_value',
      "tools[0].function.name must match /^[a-zA-Z0-9_-]{1,64}$/, got 'get weather'.",
    ],
    [
      'tool_choice object without function',
      { ...minimal, tool_choice: { type: 'function' } },
      'tool_choice.function',
      'missing_required_parameter',
      'tool_choice.function is required.',
    ],
    [
      'numeric tool_choice',
      { ...minimal, tool_choice: 1 },
      'tool_choice',
      'invalid_type',
      'tool_choice must be one of none, auto, required, or an object {"type": "function", "function": {"name": "..."}}, got 1.',
    ],
    [
      'five stop sequences',
      { ...minimal, stop: ['a', 'b', 'c', 'd', 'e'] },
      'stop',
      'array_above_max_length',
      'stop must have at most 4 items, got 5.',
    ],
    [
      'numeric stop',
      { ...minimal, stop: 5 },
      'stop',
      'invalid_type',
      'stop must be a string or an array of 1 to 4 strings, got 5.',
    ],
    [
      'unknown response_format type',
      { ...minimal, response_format: { type: 'xml' } },
      'response_format.type',
      'invalid_value',
      "response_format.type must be one of text, json_object, json_schema, got 'xml'.",
    ],
    [
      'json_schema format without its schema object',
      { ...minimal, response_format: { type: 'json_schema' } },
      'response_format.json_schema',
      'missing_required_parameter',
      'response_format.json_schema is required.',
    ],
    [
      'logit_bias out of range',
      { ...minimal, logit_bias: { '50256': 200 } },
      'logit_bias.50256',
      'decimal_above_max_value',
      'logit_bias.50256 must be between -100 and 100, got 200.',
    ],
    [
      'stream_options with a string flag',
      { ...minimal, stream_options: { include_usage: 'yes' } },
      'stream_options.include_usage',
      'invalid_type',
      "stream_options.include_usage must be a boolean, got 'yes'.",
    ],
  ])('%s', (_what, body, param, code, message) => {
    expect(errorOf(body)).toEqual({ message, type: 'invalid_request_error', param, code });
  });

  it.each([
    [null, 'null'],
    [[minimal], 'an array'],
    [42, '42'],
    ['{"model":"x"}', '\'{"model":"x"}\''],
    [undefined, 'nothing'],
  ])('rejects a body that is not an object (%j) with param null', (body, shown) => {
    expect(errorOf(body)).toEqual({
      message: `The request body must be a JSON object, got ${shown}.`,
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_type',
    });
  });

  it('reports the first problem in document order', () => {
    const error = errorOf({ model: 1, messages: [], temperature: 9 });
    expect(error.param).toBe('model');
  });

  it('never throws and always returns a valid error body or a request, whatever JSON it gets', () => {
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record({ model: fc.jsonValue(), messages: fc.jsonValue() }, { requiredKeys: [] }),
      fc.record({
        model: fc.string(),
        messages: fc.array(
          fc.record(
            {
              role: fc.constantFrom('system', 'developer', 'user', 'assistant', 'tool', 'robot'),
              content: fc.oneof(fc.string(), fc.jsonValue()),
              tool_call_id: fc.jsonValue(),
              tool_calls: fc.jsonValue(),
            },
            { requiredKeys: ['role'] },
          ),
        ),
        tool_choice: fc.jsonValue(),
        stop: fc.jsonValue(),
        temperature: fc.jsonValue(),
      }),
    );
    fc.assert(
      fc.property(body, (value) => {
        const result = parseChatRequest(value);
        if (!result.success) {
          expect(errorBodySchema.safeParse(result.error).success).toBe(true);
          expect(result.error.error.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('survives hostile values: deep nesting, huge arrays, throwing getters, proxies', () => {
    let deep: unknown = 'bottom';
    for (let level = 0; level < 100_000; level++) deep = { nested: deep };
    expect(parseChatRequest({ ...minimal, vendor_extra: deep }).success).toBe(true);
    expect(parseChatRequest({ ...minimal, messages: [{ role: 'user', content: deep }] }).success).toBe(false);
    let deepArray: unknown = [];
    for (let level = 0; level < 100_000; level++) deepArray = [deepArray];
    expect(parseChatRequest({ ...minimal, stop: deepArray }).success).toBe(false);

    const many = Array.from({ length: 50_000 }, () => ({ role: 'user', content: 'x' }));
    expect(parseChatRequest({ model: 'm', messages: many }).success).toBe(true);

    const trap = Object.defineProperty({ messages: minimal.messages }, 'model', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    expect(parseChatRequest(trap).success).toBe(false);
    const proxy = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
        ownKeys() {
          throw new Error('boom');
        },
      },
    );
    expect(parseChatRequest(proxy).success).toBe(false);
  });
});

describe('parseChatRequest and the schema', () => {
  it('give the same verdict, the same data and the same first problem (parseChatRequest runs the compiled schema)', () => {
    let accepted = 0;
    fc.assert(
      fc.property(requestArbitrary, (body) => {
        const ours = parseChatRequest(body);
        const reference = chatCompletionRequestSchema.safeParse(body);
        expect(ours.success).toBe(reference.success);
        if (ours.success) {
          accepted++;
          expect(ours.data).toEqual(reference.data);
        } else {
          const firstPath = reference.error?.issues[0]?.path ?? [];
          expect(ours.error.error.param ?? '').toContain(formatParam(firstPath));
        }
      }),
      { numRuns: 500 },
    );
    expect(accepted).toBeGreaterThan(30);
  });

  it.each([
    'openai-default',
    'openai-developer',
    'openai-image-input',
    'openai-functions',
    'openai-logprobs',
    'openai-node-all-params',
  ])('agree on the documented request %s, unknown fields included', (name) => {
    const body = readFixtureJson(`reference/${name}.request.json`);
    const result = parseChatRequest(body);
    expect(result).toEqual({ success: true, data: chatCompletionRequestSchema.parse(body) });
    expect(result.success && result.data).toEqual(body);
  });

  it('stops at the first problem of a body full of them', () => {
    const body = {
      model: 'm',
      messages: Array.from({ length: 20_000 }, () => ({ role: 'user', content: 5, name: 7 })),
    };
    expect(errorOf(body)).toMatchObject({ param: 'messages[0].content', code: 'invalid_type' });
  });
});

describe('parseChatRequest and __proto__', () => {
  it('drops a JSON "__proto__" key instead of letting it smuggle unvalidated fields', () => {
    const body = JSON.parse(
      '{"model":"m","messages":[{"role":"user","content":"hi","__proto__":{"role":"x"}}],"__proto__":{"temperature":"hot","n":1000}}',
    );
    const result = parseChatRequest(body);
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(Object.getPrototypeOf(result.data)).toBe(Object.prototype);
    expect(result.data.temperature).toBeUndefined();
    expect(result.data.n).toBeUndefined();
    expect(JSON.stringify(result.data)).toBe('{"model":"m","messages":[{"role":"user","content":"hi"}]}');
  });
});

describe('formatParam', () => {
  it("writes paths in OpenAI's notation", () => {
    expect(formatParam(['messages', 2, 'content', 0, 'image_url', 'url'])).toBe(
      'messages[2].content[0].image_url.url',
    );
    expect(formatParam(['tools', 0, 'function', 'name'])).toBe('tools[0].function.name');
    expect(formatParam([])).toBe('');
  });
});
