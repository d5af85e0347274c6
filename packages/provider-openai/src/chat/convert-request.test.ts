import { ProviderError } from '@llmux/provider-kit';
import { catchProviderError } from '@llmux/provider-kit/testing';
import { describe, expect, it } from 'vitest';
import { convertChatRequest, joinUrl } from './convert-request.js';
import {
  CHAT_MODEL_CAPABILITIES,
  createRequest,
  createTarget,
  REASONING_MODEL_CAPABILITIES,
} from './fixture-helpers.js';
import { openAIChatDialect } from './openai-chat-dialect.js';

const gpt5 = createTarget({
  publicModel: 'gpt-5',
  upstreamModel: 'gpt-5',
  capabilities: REASONING_MODEL_CAPABILITIES,
});

function convert(request = createRequest(), target = createTarget()) {
  return convertChatRequest(request, target, openAIChatDialect);
}

describe('convertChatRequest for OpenAI, non-reasoning models', () => {
  it('passes every sampling field through and always asks for stream usage', () => {
    const { request, warnings } = convert(
      createRequest({
        messages: [
          { role: 'system', content: 'Be brief.' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Hi' },
              { type: 'image_url', image_url: { url: 'https://x/y.png' } },
            ],
          },
        ],
        max_tokens: 100,
        temperature: 0.2,
        top_p: 0.9,
        frequency_penalty: 0.5,
        presence_penalty: -0.5,
        stop: ['END'],
        n: 2,
        seed: 7,
        logprobs: true,
        top_logprobs: 2,
        logit_bias: { '50256': -100 },
        user: 'u-1',
        stream: true,
        stream_options: { include_usage: false },
      }),
    );
    expect(warnings).toEqual([]);
    expect(request.url).toBe('https://api.openai.com/v1/chat/completions');
    expect(request.stream).toBe(true);
    expect(request.headers).toEqual({ 'content-type': 'application/json', authorization: 'Bearer sk-test' });
    expect(request.body).toEqual({
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Hi' },
            { type: 'image_url', image_url: { url: 'https://x/y.png' } },
          ],
        },
      ],
      max_tokens: 100,
      temperature: 0.2,
      top_p: 0.9,
      frequency_penalty: 0.5,
      presence_penalty: -0.5,
      stop: ['END'],
      n: 2,
      seed: 7,
      logprobs: true,
      top_logprobs: 2,
      logit_bias: { '50256': -100 },
      user: 'u-1',
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('sends the upstream model id, not the public one', () => {
    const { request } = convert(
      createRequest({ model: 'gpt-4-1' }),
      createTarget({ publicModel: 'gpt-4-1', upstreamModel: 'gpt-4.1' }),
    );
    expect(request.body.model).toBe('gpt-4.1');
  });

  it('keeps tools, tool_choice and parallel_tool_calls, and assistant tool calls and tool results', () => {
    const { request } = convert(
      createRequest({
        messages: [
          { role: 'user', content: 'Weather?' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'w', arguments: '{"c":"P"}' } }],
            reasoning_content: 'from another vendor',
          },
          { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
        ],
        tools: [{ type: 'function', function: { name: 'w', parameters: { type: 'object' }, strict: true } }],
        tool_choice: { type: 'function', function: { name: 'w' } },
        parallel_tool_calls: false,
      }),
    );
    expect(request.body.messages).toEqual([
      { role: 'user', content: 'Weather?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'w', arguments: '{"c":"P"}' } }],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
    ]);
    expect(request.body.tools).toEqual([
      { type: 'function', function: { name: 'w', parameters: { type: 'object' }, strict: true } },
    ]);
    expect(request.body.tool_choice).toEqual({ type: 'function', function: { name: 'w' } });
    expect(request.body.parallel_tool_calls).toBe(false);
  });

  it('forwards known OpenAI extras and no unknown fields', () => {
    const { request } = convert(
      createRequest({ verbosity: 'low', store: false, service_tier: 'flex', made_up_field: 1 } as never),
    );
    expect(request.body).toMatchObject({ verbosity: 'low', store: false, service_tier: 'flex' });
    expect(request.body).not.toHaveProperty('made_up_field');
  });

  it('emulates json_object on a model without JSON mode, with a warning', () => {
    const { request, warnings } = convert(
      createRequest({ response_format: { type: 'json_object' } }),
      createTarget({
        publicModel: 'gpt-4',
        capabilities: { ...CHAT_MODEL_CAPABILITIES, jsonMode: false, jsonSchema: false },
      }),
    );
    expect(request.body).not.toHaveProperty('response_format');
    expect(request.body.messages).toEqual([
      { role: 'system', content: 'Respond with a single valid JSON object and nothing else.' },
      { role: 'user', content: 'Hello' },
    ]);
    expect(warnings).toEqual([expect.objectContaining({ param: 'response_format', action: 'emulated' })]);
  });

  it('answers 400 naming the image part for a model without vision', () => {
    const error = catchProviderError(() =>
      convert(
        createRequest({
          messages: [
            { role: 'user', content: 'a' },
            {
              role: 'user',
              content: [
                { type: 'text', text: 'b' },
                { type: 'image_url', image_url: { url: 'data:image/png;base64,AA' } },
              ],
            },
          ],
        }),
        createTarget({ publicModel: 'gpt-4', capabilities: { ...CHAT_MODEL_CAPABILITIES, vision: false } }),
      ),
    );
    expect(error.status).toBe(400);
    expect(error.param).toBe('messages[1].content[1]');
  });

  it('joins base URLs with or without a trailing slash', () => {
    expect(joinUrl('https://h/v1/', '/chat/completions')).toBe('https://h/v1/chat/completions');
    expect(joinUrl('https://h/v1', 'chat/completions')).toBe('https://h/v1/chat/completions');
  });

  it('sends the organization and project headers from the target options', () => {
    const { request } = convert(
      createRequest(),
      createTarget({ options: { organization: 'org-1', project: 'proj-1' } }),
    );
    expect(request.headers).toMatchObject({ 'openai-organization': 'org-1', 'openai-project': 'proj-1' });
  });
});

describe('convertChatRequest for OpenAI reasoning models', () => {
  it('sends max_completion_tokens and developer messages', () => {
    const { request, warnings } = convert(
      createRequest({
        messages: [
          { role: 'system', content: 'S' },
          { role: 'user', content: 'U' },
        ],
        max_tokens: 500,
      }),
      gpt5,
    );
    expect(warnings).toEqual([]);
    expect(request.body).toEqual({
      model: 'gpt-5',
      messages: [
        { role: 'developer', content: 'S' },
        { role: 'user', content: 'U' },
      ],
      max_completion_tokens: 500,
    });
  });

  it('answers 400 for a temperature other than 1, naming it', () => {
    const error = catchProviderError(() => convert(createRequest({ temperature: 0.2 }), gpt5));
    expect(error).toMatchObject({
      status: 400,
      type: 'invalid_request_error',
      param: 'temperature',
      message: 'gpt-5 accepts only the default temperature (1); got 0.2',
    });
  });

  it('leaves out a temperature of exactly 1 (the default) with a dropped warning', () => {
    const { request, warnings } = convert(createRequest({ temperature: 1, top_p: 1 }), gpt5);
    expect(request.body).not.toHaveProperty('temperature');
    expect(request.body).not.toHaveProperty('top_p');
    expect(warnings.map((warning) => [warning.param, warning.action])).toEqual([
      ['temperature', 'dropped'],
      ['top_p', 'dropped'],
    ]);
  });

  it.each([
    ['top_p', { top_p: 0.5 }],
    ['frequency_penalty', { frequency_penalty: 0.1 }],
    ['presence_penalty', { presence_penalty: 0.1 }],
    ['logit_bias', { logit_bias: { '1': 2 } }],
    ['logprobs', { logprobs: true }],
    ['stop', { stop: 'x' }],
  ])('answers 400 for %s', (param, fields) => {
    const error = catchProviderError(() => convert(createRequest(fields), gpt5));
    expect(error.status).toBe(400);
    expect(error.param).toBe(param);
    expect(error.message).toContain('gpt-5');
  });

  it('ignores penalties of 0, which ask for nothing', () => {
    const { request } = convert(createRequest({ frequency_penalty: 0, presence_penalty: 0 }), gpt5);
    expect(request.body).not.toHaveProperty('frequency_penalty');
  });

  it('passes an accepted reasoning_effort and refuses one the model lacks', () => {
    expect(convert(createRequest({ reasoning_effort: 'minimal' }), gpt5).request.body.reasoning_effort).toBe(
      'minimal',
    );
    const error = catchProviderError(() => convert(createRequest({ reasoning_effort: 'xhigh' }), gpt5));
    expect(error).toMatchObject({ status: 400, param: 'reasoning_effort' });
  });

  it('uses the operator default reasoning effort from the target options', () => {
    const { request } = convert(createRequest(), { ...gpt5, options: { reasoningEffort: 'high' } });
    expect(request.body.reasoning_effort).toBe('high');
  });

  it('accepts temperature on gpt-5.1 when reasoning_effort is none', () => {
    const gpt51 = createTarget({
      publicModel: 'gpt-5-1',
      upstreamModel: 'gpt-5.1',
      capabilities: { ...REASONING_MODEL_CAPABILITIES, reasoningEffort: ['none', 'low', 'medium', 'high'] },
    });
    const { request } = convert(createRequest({ reasoning_effort: 'none', temperature: 0.3 }), gpt51);
    expect(request.body).toMatchObject({ reasoning_effort: 'none', temperature: 0.3 });
    expect(() => convert(createRequest({ reasoning_effort: 'low', temperature: 0.3 }), gpt51)).toThrow(
      ProviderError,
    );
  });

  it('refuses reasoning_effort on a model without it', () => {
    const error = catchProviderError(() => convert(createRequest({ reasoning_effort: 'low' })));
    expect(error).toMatchObject({ status: 400, param: 'reasoning_effort' });
  });
});
