import { describe, expect, expectTypeOf, it } from 'vitest';
import { readFixtureJson } from './__fixtures__/fixtures.js';
import {
  type AssistantMessage,
  assistantMessageSchema,
  type ChatCompletionRequest,
  type ChatMessage,
  chatCompletionRequestSchema,
  contentPartSchema,
  functionToolSchema,
  MAX_CHOICES,
  stopSchema,
  toolChoiceSchema,
} from './request.js';

const referenceRequests = [
  'openai-default',
  'openai-developer',
  'openai-image-input',
  'openai-functions',
  'openai-logprobs',
  'openai-node-all-params',
].map((name) => [name, readFixtureJson(`reference/${name}.request.json`)] as const);

const minimal = { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] };
const accepts = (body: unknown) => chatCompletionRequestSchema.safeParse(body).success;

describe('chatCompletionRequestSchema', () => {
  it.each(referenceRequests)("accepts OpenAI's documented request %s", (_name, body) => {
    expect(chatCompletionRequestSchema.safeParse(body).error).toBeUndefined();
  });

  it('keeps unknown top-level fields for the adapters to pass through', () => {
    const body = referenceRequests.find(([name]) => name === 'openai-node-all-params')?.[1];
    const parsed = chatCompletionRequestSchema.parse(body);
    expect(parsed).toMatchObject({
      audio: { format: 'wav', voice: 'alloy' },
      modalities: ['text'],
      store: true,
      verbosity: 'low',
      web_search_options: { search_context_size: 'low' },
      stream_options: { include_obfuscation: true, include_usage: true },
    });
  });

  it('keeps vendor round-trip data on assistant messages, tool calls and content parts', () => {
    const assistant = {
      role: 'assistant',
      content: null,
      reasoning_content: 'The user wants the weather.',
      reasoning_details: [
        { type: 'reasoning.text', text: 'The user wants the weather.', signature: 'EqQBCkgIARAB' },
      ],
      tool_calls: [
        {
          id: 'call_1',
          type: 'function',
          function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          extra_content: { google: { thought_signature: 'CiQB0e2Kb' } },
        },
      ],
    };
    const parsed = chatCompletionRequestSchema.parse({
      model: 'gemini-3-pro',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather?', cache_control: { type: 'ephemeral' } }] },
        assistant,
        { role: 'tool', tool_call_id: 'call_1', content: '{"temp":21}' },
      ],
    });
    expect(parsed.messages[1]).toEqual(assistant);
    expect(parsed.messages[0]).toEqual({
      role: 'user',
      content: [{ type: 'text', text: 'Weather?', cache_control: { type: 'ephemeral' } }],
    });
  });

  it('accepts every content part type on user messages', () => {
    const parts = [
      { type: 'text', text: 'Describe these.' },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' } },
      { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
      { type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' } },
      { type: 'file', file: { file_id: 'file-abc123' } },
    ];
    expect(accepts({ ...minimal, messages: [{ role: 'user', content: parts }] })).toBe(true);
    for (const part of parts) expect(contentPartSchema.safeParse(part).success).toBe(true);
    expect(contentPartSchema.safeParse({ type: 'image_url', image_url: 'https://x' }).success).toBe(false);
  });

  it('accepts null for the parameters OpenAI documents as nullable', () => {
    const nulls = Object.fromEntries(
      [
        'max_tokens',
        'max_completion_tokens',
        'temperature',
        'top_p',
        'frequency_penalty',
        'presence_penalty',
        'stream',
        'stream_options',
        'stop',
        'n',
        'seed',
        'logprobs',
        'top_logprobs',
        'logit_bias',
        'reasoning_effort',
        'metadata',
      ].map((key) => [key, null]),
    );
    expect(accepts({ ...minimal, ...nulls })).toBe(true);
  });

  it.each([
    ['temperature', '1'],
    ['temperature', 2.01],
    ['temperature', -0.1],
    ['top_p', 1.5],
    ['frequency_penalty', -2.5],
    ['presence_penalty', 3],
    ['max_tokens', 0],
    ['max_tokens', 1.5],
    ['max_tokens', '100'],
    ['max_completion_tokens', 0],
    ['n', 0],
    ['n', MAX_CHOICES + 1],
    ['n', '1'],
    ['stream', 'true'],
    ['stream', 1],
    ['seed', 1.5],
    ['top_logprobs', 21],
    ['logit_bias', { '50256': -101 }],
    ['metadata', { key: 1 }],
    ['user', 42],
    ['parallel_tool_calls', 'yes'],
    ['reasoning_effort', 'extreme'],
    ['response_format', { type: 'json_schema' }],
    ['response_format', 'json'],
    ['tools', [{ type: 'custom', custom: { name: 'x' } }]],
  ])('rejects %s = %j', (key, value) => {
    expect(accepts({ ...minimal, [key]: value })).toBe(false);
  });

  it.each([
    ['temperature', 0],
    ['temperature', 2],
    ['top_p', 0],
    ['frequency_penalty', -2],
    ['presence_penalty', 2],
    ['n', MAX_CHOICES],
    ['max_completion_tokens', 1],
    ['seed', -9007199254740991],
    ['top_logprobs', 0],
    ['reasoning_effort', 'minimal'],
    ['response_format', { type: 'json_object' }],
    [
      'response_format',
      { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' }, strict: true } },
    ],
  ])('accepts the boundary %s = %j', (key, value) => {
    expect(accepts({ ...minimal, [key]: value })).toBe(true);
  });

  it('requires model and at least one message', () => {
    expect(accepts({ messages: minimal.messages })).toBe(false);
    expect(accepts({ model: '', messages: minimal.messages })).toBe(false);
    expect(accepts({ model: 'gpt-4o', messages: [] })).toBe(false);
  });

  it('requires tool_call_id on tool messages and allows an assistant turn with only tool calls', () => {
    expect(accepts({ ...minimal, messages: [{ role: 'tool', content: 'x' }] })).toBe(false);
    expect(
      assistantMessageSchema.safeParse({
        role: 'assistant',
        tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }],
      }).success,
    ).toBe(true);
  });

  it('rejects unknown roles, including the deprecated function role', () => {
    expect(accepts({ ...minimal, messages: [{ role: 'function', name: 'f', content: 'x' }] })).toBe(false);
    expect(accepts({ ...minimal, messages: [{ role: 'robot', content: 'x' }] })).toBe(false);
  });
});

describe('functionToolSchema', () => {
  const tool = (name: string) => ({ type: 'function', function: { name, parameters: { type: 'object' } } });
  it('accepts names of 1 to 64 letters, digits, underscores and hyphens', () => {
    expect(functionToolSchema.safeParse(tool('get_weather-2')).success).toBe(true);
    expect(functionToolSchema.safeParse(tool('a'.repeat(64))).success).toBe(true);
  });
  it.each(['', 'a'.repeat(65), 'get weather', 'get.weather', 'wetter_ä'])('rejects the name %j', (name) => {
    expect(functionToolSchema.safeParse(tool(name)).success).toBe(false);
  });
  it('requires parameters to be an object', () => {
    expect(
      functionToolSchema.safeParse({
        type: 'function',
        function: { name: 'f', parameters: '{"type":"object"}' },
      }).success,
    ).toBe(false);
  });
});

describe('toolChoiceSchema and stopSchema', () => {
  it.each(['none', 'auto', 'required', { type: 'function', function: { name: 'f' } }])(
    'accepts %j',
    (choice) => {
      expect(toolChoiceSchema.safeParse(choice).success).toBe(true);
    },
  );
  it.each(['<string>', 'any', { type: 'function' }, { function: { name: 'f' } }])('rejects %j', (choice) => {
    expect(toolChoiceSchema.safeParse(choice).success).toBe(false);
  });
  it('takes a string or 1 to 4 strings', () => {
    expect(stopSchema.safeParse('\n').success).toBe(true);
    expect(stopSchema.safeParse(['a', 'b', 'c', 'd']).success).toBe(true);
    expect(stopSchema.safeParse([]).success).toBe(false);
    expect(stopSchema.safeParse(['a', 'b', 'c', 'd', 'e']).success).toBe(false);
    expect(stopSchema.safeParse([1]).success).toBe(false);
  });
});

describe('types', () => {
  it('narrows messages by role', () => {
    expectTypeOf<Extract<ChatMessage, { role: 'tool' }>['tool_call_id']>().toEqualTypeOf<string>();
    expectTypeOf<AssistantMessage['reasoning_content']>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<ChatCompletionRequest['temperature']>().toEqualTypeOf<number | null | undefined>();
    expectTypeOf<ChatCompletionRequest['model']>().toEqualTypeOf<string>();
  });
});
