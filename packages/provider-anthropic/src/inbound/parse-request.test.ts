import { catchProviderError } from '@llmux/provider-kit/testing';
import { describe, expect, it } from 'vitest';
import { parseAnthropicCountTokensRequest, parseAnthropicRequest } from './parse-request.js';
import { readClaudeCodeRequests } from './test-support.js';

const VALID = { model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: 'Hi' }] };

function parseError(body: unknown) {
  return catchProviderError(() => parseAnthropicRequest(body));
}

describe('parseAnthropicRequest', () => {
  it.each(readClaudeCodeRequests())("parses Claude Code's recorded $name", ({ body }) => {
    const parsed = parseAnthropicRequest(body);
    expect(parsed.model).toBe(body.model);
    expect(parsed.stream).toBe(true);
  });

  it('keeps fields it does not read, for the relay', () => {
    const { request } = parseAnthropicRequest({
      ...VALID,
      context_management: { edits: [] },
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'a', cache_control: { type: 'ephemeral' } }] },
      ],
      tools: [{ name: 'f', input_schema: { type: 'object' }, defer_loading: true }],
    });
    expect(request).toHaveProperty('context_management', { edits: [] });
    expect(request.messages[0]?.content).toEqual([
      { type: 'text', text: 'a', cache_control: { type: 'ephemeral' } },
    ]);
    expect(request.tools?.[0]).toHaveProperty('defer_loading', true);
  });

  it('accepts block types it does not translate, and server tools', () => {
    const { request, stream } = parseAnthropicRequest({
      ...VALID,
      messages: [
        { role: 'user', content: [{ type: 'search_result', source: 's', title: 't', content: [] }] },
      ],
      tools: [{ type: 'web_search_20250305', name: 'web_search' }],
    });
    expect(request.messages[0]?.content).toEqual([
      { type: 'search_result', source: 's', title: 't', content: [] },
    ]);
    expect(stream).toBe(false);
  });

  it.each([
    ['no max_tokens', { ...VALID, max_tokens: undefined }, 'max_tokens'],
    ['no messages', { ...VALID, messages: [] }, 'messages'],
    ['a bad role', { ...VALID, messages: [{ role: 'tool', content: 'x' }] }, 'messages.0.role'],
    [
      'a malformed image source',
      {
        ...VALID,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'a' },
              { type: 'image', source: { type: 'base64' } },
            ],
          },
        ],
      },
      'messages.0.content.1.source.media_type',
    ],
    [
      'a tool_use without id',
      { ...VALID, messages: [{ role: 'assistant', content: [{ type: 'tool_use', name: 'f', input: {} }] }] },
      'messages.0.content.0.id',
    ],
    [
      'a malformed image inside a tool_result',
      {
        ...VALID,
        messages: [
          {
            role: 'user',
            content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'image' }] }],
          },
        ],
      },
      'messages.0.content.0.content.0.source',
    ],
    ['a tool without input_schema', { ...VALID, tools: [{ name: 'f' }] }, 'tools.0.input_schema'],
    ['a tool name with a space', { ...VALID, tools: [{ name: 'f g', input_schema: {} }] }, 'tools.0.name'],
    ['temperature above 1', { ...VALID, temperature: 1.5 }, 'temperature'],
    [
      'a thinking budget under 1024',
      { ...VALID, thinking: { type: 'enabled', budget_tokens: 100 } },
      'thinking.budget_tokens',
    ],
    ['an unknown effort', { ...VALID, output_config: { effort: 'extreme' } }, 'output_config.effort'],
    ['a tool_choice without name', { ...VALID, tool_choice: { type: 'tool' } }, 'tool_choice.name'],
  ])('refuses %s with a 400 naming the field', (_name, body, param) => {
    const error = parseError(body);
    expect(error).toMatchObject({ status: 400, type: 'invalid_request_error', param });
    expect(error.message.startsWith(`${param}: `)).toBe(true);
  });

  it('refuses a body that is not an object', () => {
    expect(parseError([1])).toMatchObject({ status: 400, type: 'invalid_request_error' });
  });
});

describe('parseAnthropicCountTokensRequest', () => {
  it('needs no max_tokens', () => {
    expect(
      parseAnthropicCountTokensRequest({ model: 'm', messages: [{ role: 'user', content: 'x' }] }).model,
    ).toBe('m');
  });

  it('refuses a missing model', () => {
    expect(
      catchProviderError(() =>
        parseAnthropicCountTokensRequest({ messages: [{ role: 'user', content: 'x' }] }),
      ),
    ).toMatchObject({ param: 'model' });
  });
});
