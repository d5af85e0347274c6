import type { ChatCompletionRequest } from '@llmux/contract';
import { catchProviderError } from '@llmux/provider-kit/testing';
import { describe, expect, it } from 'vitest';
import { BASE_CAPABILITIES, createRequest, createTarget } from './__fixtures__/fixtures.js';
import { convertRequest } from './convert-request.js';

function convert(overrides: Partial<ChatCompletionRequest>, target = createTarget()) {
  return convertRequest(createRequest(overrides), target);
}

const ADAPTIVE_TARGET = createTarget({
  publicModel: 'claude-opus-4-6',
  upstreamModel: 'claude-opus-4-6',
  maxOutputTokens: 128_000,
  capabilities: { ...BASE_CAPABILITIES, reasoningEffort: ['low', 'medium', 'high', 'max'] },
});

describe('convertRequest: messages', () => {
  it('lifts system and developer turns, merges the rest so roles alternate, and keeps tool ids', () => {
    const { body } = convert({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather in Paris and Rome?' },
        { role: 'developer', content: [{ type: 'text', text: 'Use metric units.' }] },
        {
          role: 'assistant',
          content: 'Checking both.',
          tool_calls: [
            { id: 'toolu_A', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
            { id: 'toolu_B', type: 'function', function: { name: 'weather', arguments: '{"city":"Rome"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'toolu_A', content: '18C' },
        { role: 'tool', tool_call_id: 'toolu_B', content: [{ type: 'text', text: '24C' }] },
        { role: 'user', content: 'And tomorrow?' },
        { role: 'user', content: [{ type: 'text', text: 'Briefly.' }] },
      ],
    });
    expect(body.system).toEqual([
      { type: 'text', text: 'Be brief.' },
      { type: 'text', text: 'Use metric units.' },
    ]);
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Rome?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking both.' },
          { type: 'tool_use', id: 'toolu_A', name: 'weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'toolu_B', name: 'weather', input: { city: 'Rome' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_A', content: '18C' },
          { type: 'tool_result', tool_use_id: 'toolu_B', content: [{ type: 'text', text: '24C' }] },
          { type: 'text', text: 'And tomorrow?' },
          { type: 'text', text: 'Briefly.' },
        ],
      },
    ]);
  });

  it('puts tool results first in their user turn and leaves empty text out', () => {
    const { body } = convert({
      messages: [
        { role: 'user', content: 'Go' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'now', arguments: '' } }],
        },
        { role: 'user', content: 'here is the result:' },
        { role: 'tool', tool_call_id: 'toolu_1', content: '12:00' },
      ],
    });
    expect(body.messages[1]).toEqual({
      role: 'assistant',
      content: [{ type: 'tool_use', id: 'toolu_1', name: 'now', input: {} }],
    });
    expect(body.messages[2]?.content.map((block) => block.type)).toEqual(['tool_result', 'text']);
  });

  it('opens with a user turn, with a warning, when the conversation starts with the assistant', () => {
    // Anthropic answers 400 "messages: first message must use the \"user\" role"; OpenAI takes such a
    // conversation (a chat UI's greeting, a history trimmed from the front).
    const { body, warnings } = convert({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'assistant', content: 'Hi! How can I help?' },
        { role: 'user', content: 'Tell me a joke.' },
      ],
    });
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: '.' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Hi! How can I help?' }] },
      { role: 'user', content: [{ type: 'text', text: 'Tell me a joke.' }] },
    ]);
    expect(warnings).toEqual([expect.objectContaining({ param: 'messages[1]', action: 'emulated' })]);
    expect(convert({}).warnings).toEqual([]);
  });

  it('answers 400 for a conversation with nothing but system text', () => {
    const error = catchProviderError(() =>
      convert({
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: '' },
        ],
      }),
    );
    expect([error.status, error.param]).toEqual([400, 'messages']);
  });

  it('answers 400 naming the tool call whose arguments are not a JSON object', () => {
    const messages: ChatCompletionRequest['messages'] = [
      { role: 'system', content: 'x' },
      { role: 'user', content: 'Go' },
      { role: 'user', content: 'Now' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 't', type: 'function', function: { name: 'f', arguments: '{"a":' } }],
      },
    ];
    const error = catchProviderError(() => convert({ messages }));
    expect(error.status).toBe(400);
    expect(error.param).toBe('messages[3].tool_calls[0].function.arguments');
    const arrayArguments = structuredClone(messages);
    (arrayArguments[3] as { tool_calls: Array<{ function: { arguments: string } }> })
      .tool_calls[0]!.function.arguments = '[1]';
    expect(catchProviderError(() => convert({ messages: arrayArguments })).param).toBe(
      'messages[3].tool_calls[0].function.arguments',
    );
  });

  it('turns data: URLs into base64 sources and http(s) URLs into url sources', () => {
    const { body } = convert({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Compare' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg', detail: 'high' } },
            { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'a.pdf' } },
          ],
        },
      ],
    });
    expect(body.messages[0]?.content).toEqual([
      { type: 'text', text: 'Compare' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' } },
    ]);
  });

  it('answers 400 naming the part for images and files Claude cannot take', () => {
    const withPart = (part: unknown) =>
      catchProviderError(() =>
        convert({ messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }, part] }] } as never),
      );
    expect(withPart({ type: 'image_url', image_url: { url: 'data:image/bmp;base64,Qk0=' } }).param).toBe(
      'messages[0].content[1].image_url.url',
    );
    expect(withPart({ type: 'image_url', image_url: { url: 'ftp://example.com/a.png' } }).param).toBe(
      'messages[0].content[1].image_url.url',
    );
    expect(withPart({ type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }).param).toBe(
      'messages[0].content[1]',
    );
    expect(withPart({ type: 'file', file: { file_id: 'file-1' } }).param).toBe('messages[0].content[1]');
  });
});

describe('convertRequest: prompt caching', () => {
  it('passes cache_control from parts, messages and tools, and nothing else under that key', () => {
    const ephemeral = { type: 'ephemeral' };
    const { body } = convert({
      messages: [
        {
          role: 'system',
          content: [
            { type: 'text', text: 'Long rules.', cache_control: { type: 'ephemeral', ttl: '1h' } },
            { type: 'text', text: 'Short rules.' },
          ],
        },
        { role: 'user', content: 'A long document.', cache_control: ephemeral },
        { role: 'assistant', content: 'Read.' },
        {
          role: 'user',
          content: [{ type: 'text', text: 'Question?', cache_control: { type: 'persistent' } }],
        },
      ] as ChatCompletionRequest['messages'],
      tools: [{ type: 'function', function: { name: 'lookup' }, cache_control: ephemeral } as never],
    });
    expect(body.system).toEqual([
      { type: 'text', text: 'Long rules.', cache_control: { type: 'ephemeral', ttl: '1h' } },
      { type: 'text', text: 'Short rules.' },
    ]);
    expect(body.messages[0]?.content).toEqual([
      { type: 'text', text: 'A long document.', cache_control: ephemeral },
    ]);
    expect(body.messages[2]?.content).toEqual([{ type: 'text', text: 'Question?' }]);
    expect(body.tools?.[0]).toEqual({
      name: 'lookup',
      input_schema: { type: 'object', properties: {} },
      cache_control: ephemeral,
    });
  });
});

describe('convertRequest: thinking signatures travel back unchanged', () => {
  it('rebuilds thinking and redacted_thinking blocks from reasoning_details, before the text', () => {
    const { body } = convert({
      messages: [
        { role: 'user', content: 'Divide 925 by 5' },
        {
          role: 'assistant',
          content: null,
          reasoning_content: 'I should call the calculator.',
          reasoning_details: [
            {
              type: 'reasoning.text',
              text: 'I should call the calculator.',
              signature: 'EvQBCkYICxgCKkAx+/==',
              format: 'anthropic-claude-v1',
              index: 0,
            },
            { type: 'reasoning.encrypted', data: 'EmwKAhgBEgy3va', format: 'anthropic-claude-v1', index: 1 },
            // Another vendor's reasoning: its signature means nothing to Anthropic.
            {
              type: 'reasoning.text',
              text: 'x',
              signature: 'gAAAA',
              format: 'openai-responses-v1',
              index: 2,
            },
          ],
          tool_calls: [
            { id: 'toolu_1', type: 'function', function: { name: 'divide', arguments: '{"a":925,"b":5}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'toolu_1', content: '185' },
      ],
    });
    expect(body.messages[1]?.content).toEqual([
      { type: 'thinking', thinking: 'I should call the calculator.', signature: 'EvQBCkYICxgCKkAx+/==' },
      { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va' },
      { type: 'tool_use', id: 'toolu_1', name: 'divide', input: { a: 925, b: 5 } },
    ]);
  });

  it('accepts a reasoning_content + reasoning_signature pair, and drops unsigned reasoning', () => {
    const signed = convert({
      messages: [
        { role: 'user', content: 'Hi' },
        {
          role: 'assistant',
          content: 'Hello',
          reasoning_content: 'Greet back.',
          reasoning_signature: 'sig==',
        },
        { role: 'user', content: 'Again' },
      ],
    });
    expect(signed.body.messages[1]?.content).toEqual([
      { type: 'thinking', thinking: 'Greet back.', signature: 'sig==' },
      { type: 'text', text: 'Hello' },
    ]);
    const unsigned = convert({
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello', reasoning_content: 'Greet back.' },
        { role: 'user', content: 'Again' },
      ],
    });
    expect(unsigned.body.messages[1]?.content).toEqual([{ type: 'text', text: 'Hello' }]);
  });
});

describe('convertRequest: parameters', () => {
  it('sends max_tokens from max_completion_tokens, max_tokens or the model limit, clamped to it', () => {
    expect(convert({}).body.max_tokens).toBe(64_000);
    expect(convert({ max_tokens: 300 }).body.max_tokens).toBe(300);
    expect(convert({ max_tokens: 300, max_completion_tokens: 500 }).body.max_tokens).toBe(500);
    const clamped = convert({ max_tokens: 100_000 });
    expect(clamped.body.max_tokens).toBe(64_000);
    expect(clamped.warnings).toEqual([expect.objectContaining({ param: 'max_tokens', action: 'clamped' })]);
  });

  it('translates stop, user, stream, temperature and top_p', () => {
    const { body, warnings } = convert({ stop: 'END', user: 'user-42', stream: true, temperature: 0.3 });
    expect(body).toMatchObject({
      stop_sequences: ['END'],
      metadata: { user_id: 'user-42' },
      stream: true,
      temperature: 0.3,
    });
    expect(warnings).toEqual([]);
    expect(convert({ stop: ['a', 'b'] }).body.stop_sequences).toEqual(['a', 'b']);
    expect(convert({ top_p: 0.9 }).body.top_p).toBe(0.9);
    // top_p 1 asks for nothing, so it never collides with temperature.
    const both = convert({ temperature: 0.5, top_p: 1 }).body;
    expect(both.temperature).toBe(0.5);
    expect(both.top_p).toBeUndefined();
  });

  it('answers 400 for temperature above 1 and for temperature with top_p', () => {
    const hot = catchProviderError(() => convert({ temperature: 1.5 }));
    expect([hot.status, hot.param]).toEqual([400, 'temperature']);
    expect(convert({ temperature: 1 }).body.temperature).toBe(1);
    const both = catchProviderError(() => convert({ temperature: 0.5, top_p: 0.9 }));
    expect([both.status, both.param]).toEqual([400, 'top_p']);
  });

  it("sends only top_p when temperature is Claude's default 1 (the hosted aggregator's example request)", () => {
    const { body, warnings } = convert({ temperature: 1, top_p: 0.5 });
    expect(body.temperature).toBeUndefined();
    expect(body.top_p).toBe(0.5);
    expect(warnings.map((warning) => [warning.param, warning.action])).toContainEqual([
      'temperature',
      'dropped',
    ]);
  });

  it.each([
    ['frequency_penalty', { frequency_penalty: 0.5 }],
    ['presence_penalty', { presence_penalty: -1 }],
    ['seed', { seed: 7 }],
    ['logit_bias', { logit_bias: { '50256': -100 } }],
    ['logprobs', { logprobs: true }],
    ['top_logprobs', { top_logprobs: 3 }],
  ] as const)('answers 400 naming %s', (param, overrides) => {
    const error = catchProviderError(() => convert(overrides as Partial<ChatCompletionRequest>));
    expect([error.status, error.param]).toEqual([400, param]);
  });

  it('accepts the neutral values of parameters Anthropic lacks, and does not send them', () => {
    const { body } = convert({
      frequency_penalty: 0,
      presence_penalty: 0,
      logprobs: false,
      logit_bias: {},
      n: 1,
    });
    expect(Object.keys(body).sort()).toEqual(['max_tokens', 'messages', 'model']);
  });
});

describe('convertRequest: tools', () => {
  const tools: ChatCompletionRequest['tools'] = [
    {
      type: 'function',
      function: {
        name: 'weather',
        description: 'Weather for a city',
        parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
    },
    { type: 'function', function: { name: 'now' } },
  ];

  it('translates tools and every tool_choice', () => {
    const { body } = convert({ tools });
    expect(body.tools).toEqual([
      {
        name: 'weather',
        description: 'Weather for a city',
        input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
      { name: 'now', input_schema: { type: 'object', properties: {} } },
    ]);
    expect(body.tool_choice).toBeUndefined();
    expect(convert({ tools, tool_choice: 'none' }).body.tool_choice).toEqual({ type: 'none' });
    expect(convert({ tools, tool_choice: 'auto' }).body.tool_choice).toEqual({ type: 'auto' });
    expect(convert({ tools, tool_choice: 'required' }).body.tool_choice).toEqual({ type: 'any' });
    expect(
      convert({ tools, tool_choice: { type: 'function', function: { name: 'now' } } }).body.tool_choice,
    ).toEqual({ type: 'tool', name: 'now' });
  });

  it('turns parallel_tool_calls: false into disable_parallel_tool_use', () => {
    expect(convert({ tools, parallel_tool_calls: false }).body.tool_choice).toEqual({
      type: 'auto',
      disable_parallel_tool_use: true,
    });
    expect(convert({ tools, tool_choice: 'required', parallel_tool_calls: false }).body.tool_choice).toEqual({
      type: 'any',
      disable_parallel_tool_use: true,
    });
    expect(convert({ tools, parallel_tool_calls: true }).body.tool_choice).toBeUndefined();
  });
});

describe('convertRequest: JSON answers are emulated with a forced tool', () => {
  const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] };

  it('forces a json_response tool with the schema as its input schema', () => {
    const { body } = convert({
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'answer', description: 'The answer', schema },
      },
    });
    expect(body.tools).toEqual([
      { name: 'json_response', description: expect.stringContaining('The answer'), input_schema: schema },
    ]);
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'json_response' });
  });

  it('takes any JSON object for json_object', () => {
    const { body } = convert({ response_format: { type: 'json_object' } });
    expect(body.tools?.[0]?.input_schema).toEqual({ type: 'object', additionalProperties: true });
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'json_response' });
  });

  it("never collides with the client's tools, and lets the model choose between them and the answer", () => {
    const { body } = convert({
      tools: [
        { type: 'function', function: { name: 'json_response' } },
        { type: 'function', function: { name: 'json_response_1' } },
      ],
      response_format: { type: 'json_object' },
    });
    expect(body.tools?.map((tool) => tool.name)).toEqual([
      'json_response',
      'json_response_1',
      'json_response_2',
    ]);
    expect(body.tool_choice).toEqual({ type: 'any' });
  });

  it("keeps a client's forced tool, and forces the answer when the client's tools are switched off", () => {
    const tools: ChatCompletionRequest['tools'] = [{ type: 'function', function: { name: 'lookup' } }];
    const response_format = { type: 'json_object' } as const;
    expect(
      convert({ tools, response_format, tool_choice: { type: 'function', function: { name: 'lookup' } } })
        .body.tool_choice,
    ).toEqual({ type: 'tool', name: 'lookup' });
    expect(convert({ tools, response_format, tool_choice: 'none' }).body.tool_choice).toEqual({
      type: 'tool',
      name: 'json_response',
    });
  });

  it('answers 400 for a schema whose root is not an object, and for JSON with thinking', () => {
    const array = catchProviderError(() =>
      convert({
        response_format: { type: 'json_schema', json_schema: { name: 'list', schema: { type: 'array' } } },
      }),
    );
    expect(array.param).toBe('response_format.json_schema.schema');
    const thinking = catchProviderError(() =>
      convert({ response_format: { type: 'json_object' }, reasoning_effort: 'low' }),
    );
    expect(thinking.param).toBe('response_format');
  });
});

describe('convertRequest: reasoning_effort → extended thinking', () => {
  it.each([
    ['minimal', 1024],
    ['low', 2048],
    ['medium', 8192],
    ['high', 16384],
    ['xhigh', 32768],
  ] as const)('%s → a budget of %i tokens', (effort, budget) => {
    expect(convert({ reasoning_effort: effort }).body.thinking).toEqual({
      type: 'enabled',
      budget_tokens: budget,
    });
  });

  it('carves the budget out of a smaller max_tokens, and refuses one with no room to think', () => {
    const { body } = convert({ reasoning_effort: 'high', max_completion_tokens: 4000 });
    expect(body.max_tokens).toBe(4000);
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 3999 });
    const error = catchProviderError(() => convert({ reasoning_effort: 'low', max_tokens: 800 }));
    expect([error.status, error.param]).toEqual([400, 'max_tokens']);
  });

  it('drops temperature and a low top_p while thinking, with warnings', () => {
    const { body, warnings } = convert({ reasoning_effort: 'low', temperature: 0.2, top_p: 0.5 });
    expect(body.temperature).toBeUndefined();
    expect(body.top_p).toBeUndefined();
    expect(warnings.map((warning) => [warning.param, warning.action])).toEqual([
      ['temperature', 'dropped'],
      ['top_p', 'dropped'],
    ]);
    expect(convert({ reasoning_effort: 'low', top_p: 0.97 }).body.top_p).toBe(0.97);
  });

  it('uses adaptive thinking with an effort on models that have it', () => {
    expect(convert({ reasoning_effort: 'medium' }, ADAPTIVE_TARGET).body).toMatchObject({
      thinking: { type: 'adaptive' },
      output_config: { effort: 'medium' },
    });
    expect(convert({ reasoning_effort: 'xhigh' }, ADAPTIVE_TARGET).body.output_config).toEqual({
      effort: 'max',
    });
  });

  it('turns thinking off, with a warning, for a tool loop whose assistant turn lost its thinking block', () => {
    const loop = (assistantExtra: Record<string, unknown>): Partial<ChatCompletionRequest> => ({
      reasoning_effort: 'low',
      temperature: 0.5,
      top_p: 0.9,
      messages: [
        { role: 'user', content: 'What is 925 / 5?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'toolu_1', type: 'function', function: { name: 'divide', arguments: '{"a":925,"b":5}' } },
          ],
          ...assistantExtra,
        },
        { role: 'tool', tool_call_id: 'toolu_1', content: '185' },
      ],
    });
    const lost = convert(loop({}));
    expect(lost.body.thinking).toBeUndefined();
    expect(lost.body.temperature).toBe(0.5);
    expect(lost.body.top_p).toBeUndefined();
    expect(lost.warnings.map((warning) => [warning.param, warning.action])).toEqual([
      ['reasoning_effort', 'dropped'],
      ['top_p', 'dropped'],
    ]);
    const kept = convert(
      loop({
        reasoning_details: [
          {
            type: 'reasoning.text',
            text: 'Divide.',
            signature: 'sig',
            format: 'anthropic-claude-v1',
            index: 0,
          },
        ],
      }),
    );
    expect(kept.body.thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
  });

  it("sends no thinking for 'none', and answers 400 where the model cannot think or a tool is forced", () => {
    expect(convert({ reasoning_effort: 'none' }).body.thinking).toBeUndefined();
    const noThinking = createTarget({
      capabilities: { ...BASE_CAPABILITIES, reasoning: false, reasoningEffort: null },
    });
    expect(catchProviderError(() => convert({ reasoning_effort: 'low' }, noThinking)).param).toBe(
      'reasoning_effort',
    );
    const forced = catchProviderError(() =>
      convert({
        reasoning_effort: 'low',
        tools: [{ type: 'function', function: { name: 'f' } }],
        tool_choice: 'required',
      }),
    );
    expect(forced.param).toBe('tool_choice');
  });
});
