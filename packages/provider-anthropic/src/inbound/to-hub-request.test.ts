import { chatCompletionRequestSchema } from '@llmux/contract';
import { wrapForeignSignature } from '@llmux/provider-kit';
import { catchProviderError } from '@llmux/provider-kit/testing';
import { describe, expect, it } from 'vitest';
import { type AnthropicInboundRequest, parseAnthropicRequest } from './parse-request.js';
import {
  DEEPSEEK_MODEL,
  GEMINI_MODEL,
  GPT_MODEL,
  PLAIN_MODEL,
  readClaudeCodeRequests,
  readRequestFixture,
} from './test-support.js';
import { toHubRequest } from './to-hub-request.js';

function request(fields: Record<string, unknown>): AnthropicInboundRequest {
  return parseAnthropicRequest({
    model: 'm',
    max_tokens: 1024,
    messages: [{ role: 'user', content: 'Hi' }],
    ...fields,
  }).request;
}

describe('toHubRequest: Claude Code', () => {
  const recorded = readClaudeCodeRequests();

  it('has recorded requests to translate', () => {
    expect(recorded.length).toBeGreaterThanOrEqual(6);
  });

  for (const model of [GPT_MODEL, GEMINI_MODEL, DEEPSEEK_MODEL]) {
    it.each(recorded)(`translates $name for ${model.id} into a valid hub request`, ({ body }) => {
      const { request: hub, warnings } = toHubRequest(parseAnthropicRequest(body).request, model);
      expect(chatCompletionRequestSchema.safeParse(hub).success).toBe(true);
      expect(hub.stream).toBe(true);
      expect(hub.stream_options).toEqual({ include_usage: true });
      expect(hub.messages[0]?.role).toBe('system');
      expect(JSON.stringify(hub)).not.toContain('cache_control');
      expect(JSON.stringify(hub.tools)).not.toContain('$schema');
      expect(hub.tools?.length).toBe((body.tools as unknown[]).length);
      expect(warnings.map((warning) => warning.param)).toContain('context_management');
      expect(hub).not.toHaveProperty('thinking');
      expect(hub).not.toHaveProperty('context_management');
    });
  }

  it('keeps the system turn Claude Code puts inside messages for non-Claude ids, in place', () => {
    const record = recorded.find(({ name }) => name === 'model-gpt-5-2/01-messages-tool-call.json');
    if (record === undefined) throw new Error('fixture missing');
    const { request: hub } = toHubRequest(parseAnthropicRequest(record.body).request, GPT_MODEL);
    expect(hub.messages.map((message) => message.role)).toEqual(['system', 'user', 'system']);
    expect(hub.messages[2]?.content).toMatch(/^# Environment/);
  });

  it('maps adaptive thinking with output_config.effort high to the nearest effort of each model', () => {
    const record = recorded.find(({ name }) => name === '01-messages-tool-call.json');
    if (record === undefined) throw new Error('fixture missing');
    const parsed = parseAnthropicRequest(record.body).request;
    expect(toHubRequest(parsed, GPT_MODEL).request.reasoning_effort).toBe('high');
    expect(toHubRequest(parsed, GEMINI_MODEL).request.reasoning_effort).toBe('high');
    const deepseek = toHubRequest(parsed, DEEPSEEK_MODEL);
    expect(deepseek.request.reasoning_effort).toBeUndefined();
    expect(deepseek.warnings).toContainEqual(
      expect.objectContaining({ param: 'thinking', action: 'dropped' }),
    );
  });

  it('sends the tool call and its result of the second turn', () => {
    const record = recorded.find(({ name }) => name === '02-messages-final.json');
    if (record === undefined) throw new Error('fixture missing');
    const { request: hub } = toHubRequest(parseAnthropicRequest(record.body).request, GPT_MODEL);
    const assistant = hub.messages.find((message) => message.role === 'assistant');
    expect(assistant).toMatchObject({
      tool_calls: [
        {
          id: 'toolu_fake_0001',
          function: { name: 'Bash', arguments: expect.stringContaining('echo llmux-agent-ok') },
        },
      ],
    });
    expect(hub.messages.at(-1)).toEqual({
      role: 'tool',
      tool_call_id: 'toolu_fake_0001',
      content: expect.stringMatching(/^llmux-agent-ok\n/),
    });
  });
});

describe('toHubRequest: messages', () => {
  const hub = toHubRequest(readRequestFixture('round-trip.request.json'), GEMINI_MODEL);

  it('joins system blocks into one system message first', () => {
    expect(hub.request.messages[0]).toEqual({
      role: 'system',
      content: 'You are terse.\n\nAnswer in English.',
    });
  });

  it('puts a Gemini signature on the next tool call only, and unsigned reasoning in reasoning_content', () => {
    expect(hub.request.messages[2]).toEqual({
      role: 'assistant',
      content: null,
      reasoning_content: 'I need both cities.',
      tool_calls: [
        {
          id: 'call_paris',
          type: 'function',
          function: { name: 'weather', arguments: '{"city":"Paris"}' },
          extra_content: { google: { thought_signature: 'gemini-thought-sig-1' } },
        },
        { id: 'call_rome', type: 'function', function: { name: 'weather', arguments: '{"city":"Rome"}' } },
      ],
    });
  });

  it('places tool results first, marks errors, and moves tool images into the user message after them', () => {
    expect(hub.request.messages.slice(3, 6)).toEqual([
      { role: 'tool', tool_call_id: 'call_paris', content: 'sunny, 21 °C' },
      { role: 'tool', tool_call_id: 'call_rome', content: 'Error: station offline' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Attachments returned by tool call call_rome:' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          { type: 'text', text: 'And tomorrow?' },
        ],
      },
    ]);
  });

  it("keeps Anthropic's own thinking and redacted thinking as reasoning_details", () => {
    expect(hub.request.messages[6]).toEqual({
      role: 'assistant',
      content: 'Tomorrow: rain in both.',
      reasoning_content: 'Claude wrote this.',
      reasoning_details: [
        {
          type: 'reasoning.text',
          text: 'Claude wrote this.',
          signature: 'EqQBCkYIBxgCKkAanthropic',
          format: 'anthropic-claude-v1',
        },
        { type: 'reasoning.encrypted', data: 'EmwKAhgBEgy-redacted', format: 'anthropic-claude-v1' },
      ],
    });
  });

  it('translates the parameters', () => {
    expect(hub.request).toMatchObject({
      max_tokens: 4096,
      temperature: 0.5,
      stop: ['\n\nHuman:'],
      user: 'user-42',
      tool_choice: 'auto',
      parallel_tool_calls: false,
      reasoning_effort: 'high',
      stream: true,
    });
    expect(hub.request.tools?.[0]?.function.parameters).toEqual({
      type: 'object',
      properties: { city: { type: 'string' } },
      required: ['city'],
      additionalProperties: false,
    });
    expect(chatCompletionRequestSchema.safeParse(hub.request).success).toBe(true);
  });

  it('reports cache_control once', () => {
    expect(hub.warnings.filter((warning) => warning.param === 'cache_control')).toHaveLength(1);
  });

  it('keeps an empty reasoning_content for a thinking block with no text (DeepSeek needs the field)', () => {
    const { request: hub } = toHubRequest(
      request({
        messages: [
          { role: 'user', content: 'x' },
          {
            role: 'assistant',
            content: [
              { type: 'thinking', thinking: '', signature: wrapForeignSignature('none', '') },
              { type: 'tool_use', id: 't1', name: 'f', input: {} },
            ],
          },
        ],
      }),
      DEEPSEEK_MODEL,
    );
    expect(hub.messages[1]).toHaveProperty('reasoning_content', '');
  });

  it('drops OpenAI encrypted reasoning and a Gemini signature with no tool call after it, with warnings', () => {
    const { request: hub, warnings } = toHubRequest(
      request({
        messages: [
          { role: 'user', content: 'x' },
          {
            role: 'assistant',
            content: [
              { type: 'thinking', thinking: 'summary', signature: wrapForeignSignature('openai', 'enc') },
              { type: 'thinking', thinking: '', signature: wrapForeignSignature('gemini', 'g') },
              { type: 'text', text: 'done' },
            ],
          },
        ],
      }),
      GPT_MODEL,
    );
    expect(hub.messages[1]).toEqual({ role: 'assistant', content: 'done', reasoning_content: 'summary' });
    expect(warnings.map((warning) => warning.param)).toEqual([
      'messages.1.content.0.signature',
      'messages.1.content.1.signature',
    ]);
  });

  it('translates images by URL, PDFs as file parts and text documents as text', () => {
    const { request: hub } = toHubRequest(
      request({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
              {
                type: 'document',
                title: 'spec.pdf',
                source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' },
              },
              {
                type: 'document',
                title: 'Notes',
                source: { type: 'text', media_type: 'text/plain', data: 'n1' },
              },
            ],
          },
        ],
      }),
      GPT_MODEL,
    );
    expect(hub.messages[0]?.content).toEqual([
      { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
      { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'spec.pdf' } },
      { type: 'text', text: 'Notes\n\nn1' },
    ]);
  });

  it.each([
    [
      'a document by URL',
      { type: 'document', source: { type: 'url', url: 'https://example.com/a.pdf' } },
      'messages.0.content.0.source',
    ],
    [
      'an image by file id',
      { type: 'image', source: { type: 'file', file_id: 'file_1' } },
      'messages.0.content.0.source',
    ],
    [
      'a server tool block',
      { type: 'server_tool_use', id: 's', name: 'web_search', input: {} },
      'messages.0.content.0',
    ],
    [
      'a base64 document that is not a PDF',
      { type: 'document', source: { type: 'base64', media_type: 'text/csv', data: 'YQ==' } },
      'messages.0.content.0.source.media_type',
    ],
  ])('refuses %s with a 400 naming it', (_name, block, param) => {
    const error = catchProviderError(() =>
      toHubRequest(request({ messages: [{ role: 'user', content: [block] }] }), GPT_MODEL),
    );
    expect(error).toMatchObject({ status: 400, type: 'invalid_request_error', param });
  });
});

describe('toHubRequest: tools', () => {
  it.each([
    [{ type: 'auto' }, 'auto'],
    [{ type: 'any' }, 'required'],
    [{ type: 'none' }, 'none'],
    [
      { type: 'tool', name: 'f' },
      { type: 'function', function: { name: 'f' } },
    ],
  ])('maps tool_choice %j', (choice, expected) => {
    const tools = [{ name: 'f', input_schema: { type: 'object' } }];
    const { request: hub } = toHubRequest(request({ tools, tool_choice: choice }), GPT_MODEL);
    expect(hub.tool_choice).toEqual(expected);
    expect(hub.parallel_tool_calls).toBeUndefined();
  });

  it('drops Anthropic server tools with a warning and keeps the client tools', () => {
    const { request: hub, warnings } = toHubRequest(
      request({
        tools: [
          { type: 'web_search_20250305', name: 'web_search', max_uses: 3 },
          { name: 'f', input_schema: { type: 'object' }, strict: true },
        ],
      }),
      GPT_MODEL,
    );
    expect(hub.tools).toEqual([
      { type: 'function', function: { name: 'f', parameters: { type: 'object' }, strict: true } },
    ]);
    expect(warnings).toEqual([expect.objectContaining({ param: 'tools.0', action: 'dropped' })]);
  });

  it('refuses a tool name longer than 64 characters, which Anthropic takes and OpenAI-style upstreams do not', () => {
    const tools = [{ name: 'a'.repeat(65), input_schema: { type: 'object' } }];
    expect(catchProviderError(() => toHubRequest(request({ tools }), GPT_MODEL))).toMatchObject({
      status: 400,
      param: 'tools.0.name',
    });
  });

  it('refuses a tool_choice naming a tool that is not sent', () => {
    const error = catchProviderError(() =>
      toHubRequest(
        request({
          tools: [{ type: 'web_search_20250305', name: 'web_search' }],
          tool_choice: { type: 'tool', name: 'web_search' },
        }),
        GPT_MODEL,
      ),
    );
    expect(error).toMatchObject({ status: 400, param: 'tool_choice.name' });
  });
});

describe('toHubRequest: parameters', () => {
  it.each([
    [{ type: 'enabled', budget_tokens: 1024 }, GPT_MODEL, 'low'],
    [{ type: 'enabled', budget_tokens: 8000 }, GPT_MODEL, 'medium'],
    [{ type: 'enabled', budget_tokens: 31999 }, GPT_MODEL, 'xhigh'],
    [{ type: 'enabled', budget_tokens: 31999 }, GEMINI_MODEL, 'high'],
    [{ type: 'adaptive' }, GPT_MODEL, 'medium'],
    [{ type: 'adaptive' }, GEMINI_MODEL, 'high'],
    [{ type: 'disabled' }, GPT_MODEL, 'none'],
    [{ type: 'disabled' }, GEMINI_MODEL, undefined],
  ])('maps thinking %j for %s to reasoning_effort %s', (thinking, model, expected) => {
    expect(toHubRequest(request({ thinking }), model).request.reasoning_effort).toBe(expected);
  });

  it('maps output_config.effort max to the highest effort a model takes', () => {
    const { request: hub, warnings } = toHubRequest(request({ output_config: { effort: 'max' } }), GPT_MODEL);
    expect(hub.reasoning_effort).toBe('xhigh');
    expect(warnings).toEqual([
      expect.objectContaining({ param: 'output_config.effort', action: 'translated' }),
    ]);
  });

  it('never refuses thinking for a model without reasoning: drops it with a warning', () => {
    const { request: hub, warnings } = toHubRequest(
      request({ thinking: { type: 'enabled', budget_tokens: 2048 } }),
      PLAIN_MODEL,
    );
    expect(hub.reasoning_effort).toBeUndefined();
    expect(warnings).toEqual([expect.objectContaining({ param: 'thinking', action: 'dropped' })]);
    expect(toHubRequest(request({ thinking: { type: 'disabled' } }), PLAIN_MODEL).warnings).toEqual([]);
  });

  it('refuses more than 4 stop sequences, naming stop_sequences', () => {
    const error = catchProviderError(() =>
      toHubRequest(request({ stop_sequences: ['a', 'b', 'c', 'd', 'e'] }), GPT_MODEL),
    );
    expect(error).toMatchObject({ status: 400, param: 'stop_sequences' });
  });

  it('refuses top_k for OpenAI and keeps it, with a warning, for others', () => {
    expect(catchProviderError(() => toHubRequest(request({ top_k: 40 }), GPT_MODEL))).toMatchObject({
      param: 'top_k',
    });
    const { request: hub, warnings } = toHubRequest(request({ top_k: 40 }), DEEPSEEK_MODEL);
    expect(hub).toHaveProperty('top_k', 40);
    expect(warnings).toEqual([expect.objectContaining({ param: 'top_k' })]);
  });

  it('drops Claude-only fields with a warning naming each, and refuses mcp_servers', () => {
    const { request: hub, warnings } = toHubRequest(
      request({ service_tier: 'auto', context_management: { edits: [] }, some_beta: 1 }),
      GPT_MODEL,
    );
    expect(hub).not.toHaveProperty('service_tier');
    expect(warnings.map((warning) => warning.param)).toEqual([
      'service_tier',
      'context_management',
      'some_beta',
    ]);
    expect(catchProviderError(() => toHubRequest(request({ mcp_servers: [] }), GPT_MODEL))).toMatchObject({
      param: 'mcp_servers',
    });
  });

  it('turns output_config.format into a json_schema response_format', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    const { request: hub } = toHubRequest(
      request({ output_config: { format: { type: 'json_schema', schema } } }),
      GPT_MODEL,
    );
    expect(hub.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'output', schema, strict: true },
    });
  });

  it('gives an assistant turn of thinking alone an empty content, never null', () => {
    const { request: hub } = toHubRequest(
      request({
        messages: [
          { role: 'user', content: 'x' },
          {
            role: 'assistant',
            content: [{ type: 'thinking', thinking: 't', signature: wrapForeignSignature('none', '') }],
          },
          { role: 'user', content: 'y' },
        ],
      }),
      DEEPSEEK_MODEL,
    );
    expect(hub.messages[1]).toEqual({ role: 'assistant', content: '', reasoning_content: 't' });
  });

  it("clamps max_tokens to the model's output limit when it is given", () => {
    const clamped = toHubRequest(request({ max_tokens: 32000 }), {
      ...DEEPSEEK_MODEL,
      maxOutputTokens: 8192,
    });
    expect(clamped.request.max_tokens).toBe(8192);
    expect(clamped.warnings).toEqual([expect.objectContaining({ param: 'max_tokens', action: 'clamped' })]);
    expect(
      toHubRequest(request({ max_tokens: 32000 }), { ...DEEPSEEK_MODEL, maxOutputTokens: 64000 }).request
        .max_tokens,
    ).toBe(32000);
    expect(toHubRequest(request({ max_tokens: 32000 }), DEEPSEEK_MODEL).request.max_tokens).toBe(32000);
  });

  it('leaves out what the client did not send', () => {
    const { request: hub, warnings } = toHubRequest(request({}), GPT_MODEL);
    expect(hub).toEqual({ model: 'm', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 1024 });
    expect(warnings).toEqual([]);
  });
});
