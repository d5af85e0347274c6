import type { ChatCompletionRequest } from '@llmux/contract';
import { checkParameters, isProviderError, type ProviderError } from '@llmux/provider-kit';
import { describe, expect, it } from 'vitest';
import { convertResponsesRequest } from './convert-request.js';
import { CODEX_CAPABILITIES, createRequest, createTarget } from './fixture-helpers.js';
import { describeResponsesParameterSupport } from './parameter-support.js';

const target = createTarget();

function bodyOf(overrides: Partial<ChatCompletionRequest>, targetOverrides = {}) {
  return convertResponsesRequest(createRequest(overrides), createTarget(targetOverrides)).request.body;
}

function refusal(run: () => unknown): ProviderError {
  try {
    run();
  } catch (error) {
    if (isProviderError(error)) return error;
    throw error;
  }
  throw new Error('expected a ProviderError');
}

describe('convertResponsesRequest', () => {
  it('posts to {baseUrl}/responses with the bearer key, statelessly', () => {
    const { request, warnings } = convertResponsesRequest(createRequest(), {
      ...target,
      baseUrl: 'https://api.openai.com/v1/',
      options: { organization: 'org-1', project: 'proj-1' },
    });
    expect(request).toEqual({
      url: 'https://api.openai.com/v1/responses',
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer sk-test-responses-key',
        'openai-organization': 'org-1',
        'openai-project': 'proj-1',
      },
      body: {
        model: 'gpt-5.3-codex',
        input: [{ role: 'user', content: [{ type: 'input_text', text: 'Hello' }] }],
        reasoning: { summary: 'auto' },
        store: false,
      },
      stream: false,
    });
    expect(warnings).toEqual([]);
  });

  it('gathers system and developer messages into instructions, in order', () => {
    const body = bodyOf({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }] },
        { role: 'user', content: 'Hi' },
      ],
    });
    expect(body.instructions).toBe('Be brief.\n\nAnswer in French.');
    expect(body.input).toEqual([{ role: 'user', content: [{ type: 'input_text', text: 'Hi' }] }]);
  });

  it('turns user parts into input_text, input_image and input_file', () => {
    const body = bodyOf({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Compare' },
            { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'high' } },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
            { type: 'file', file: { file_id: 'file-123' } },
          ],
        },
      ],
    });
    expect(body.input).toEqual([
      {
        role: 'user',
        content: [
          { type: 'input_text', text: 'Compare' },
          { type: 'input_image', image_url: 'https://example.com/a.png', detail: 'high' },
          { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'auto' },
          { type: 'input_file', file_id: 'file-123' },
        ],
      },
    ]);
  });

  it('refuses audio input, which the Responses API does not take, naming the part', () => {
    const error = refusal(() =>
      bodyOf({
        messages: [
          { role: 'user', content: 'x' },
          { role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }] },
        ],
      }),
    );
    expect(error).toMatchObject({ status: 400, param: 'messages[1].content[0]' });
  });

  it('replays a tool round trip as function_call and function_call_output items with the same call_id', () => {
    const body = bodyOf({
      messages: [
        { role: 'user', content: 'Weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: 'Checking.',
          reasoning_content: 'echoed reasoning is not sent',
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
            {
              id: 'call_2',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Rome"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
        { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: 'rain' }] },
      ],
    });
    expect(body.input).toEqual([
      { role: 'user', content: [{ type: 'input_text', text: 'Weather in Paris and Rome?' }] },
      { role: 'assistant', content: [{ type: 'output_text', text: 'Checking.' }] },
      { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { type: 'function_call', call_id: 'call_2', name: 'get_weather', arguments: '{"city":"Rome"}' },
      { type: 'function_call_output', call_id: 'call_1', output: 'sunny' },
      { type: 'function_call_output', call_id: 'call_2', output: 'rain' },
    ]);
    expect(JSON.stringify(body)).not.toContain('echoed reasoning');
  });

  it('sends an assistant refusal as a refusal part and a null-content tool turn as calls only', () => {
    const body = bodyOf({
      messages: [
        { role: 'user', content: 'x' },
        { role: 'assistant', content: null, refusal: 'I cannot.' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_9', type: 'function', function: { name: 'f', arguments: '{}' } }],
        },
      ],
    });
    expect(body.input).toEqual([
      { role: 'user', content: [{ type: 'input_text', text: 'x' }] },
      { role: 'assistant', content: [{ type: 'refusal', refusal: 'I cannot.' }] },
      { type: 'function_call', call_id: 'call_9', name: 'f', arguments: '{}' },
    ]);
  });

  it.each([
    [{ max_tokens: 50 }, 50],
    [{ max_completion_tokens: 70 }, 70],
    [{ max_tokens: 50, max_completion_tokens: 70 }, 70],
  ])('sends %j as max_output_tokens %i', (fields, expected) => {
    expect(bodyOf(fields).max_output_tokens).toBe(expected);
  });

  it('raises an output limit below 16 to 16, the Responses minimum, with a clamped warning', () => {
    const { request, warnings } = convertResponsesRequest(createRequest({ max_tokens: 2 }), target);
    expect(request.body.max_output_tokens).toBe(16);
    expect(warnings).toContainEqual(expect.objectContaining({ param: 'max_tokens', action: 'clamped' }));
    const named = convertResponsesRequest(createRequest({ max_completion_tokens: 5 }), target);
    expect(named.warnings).toContainEqual(
      expect.objectContaining({ param: 'max_completion_tokens', action: 'clamped' }),
    );
  });

  it('flattens tools, keeping Chat semantics (strict false unless asked)', () => {
    const body = bodyOf({
      tools: [
        {
          type: 'function',
          function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object' } },
        },
        { type: 'function', function: { name: 'ping' } },
        { type: 'function', function: { name: 'exact', parameters: { type: 'object' }, strict: true } },
      ],
    });
    expect(body.tools).toEqual([
      {
        type: 'function',
        name: 'get_weather',
        description: 'Weather',
        parameters: { type: 'object' },
        strict: false,
      },
      { type: 'function', name: 'ping', parameters: { type: 'object', properties: {} }, strict: false },
      { type: 'function', name: 'exact', parameters: { type: 'object' }, strict: true },
    ]);
  });

  it.each([
    ['auto', 'auto'],
    ['none', 'none'],
    ['required', 'required'],
    [
      { type: 'function', function: { name: 'ping' } },
      { type: 'function', name: 'ping' },
    ],
  ] as const)('sends tool_choice %j as %j', (choice, expected) => {
    const tools = [{ type: 'function' as const, function: { name: 'ping' } }];
    expect(bodyOf({ tools, tool_choice: choice }).tool_choice).toEqual(expected);
  });

  it('refuses a named tool_choice for a function that is not offered', () => {
    const error = refusal(() =>
      bodyOf({
        tools: [{ type: 'function', function: { name: 'ping' } }],
        tool_choice: { type: 'function', function: { name: 'pong' } },
      }),
    );
    expect(error).toMatchObject({ status: 400, param: 'tool_choice' });
  });

  it('passes parallel_tool_calls', () => {
    const tools = [{ type: 'function' as const, function: { name: 'ping' } }];
    expect(bodyOf({ tools, parallel_tool_calls: false }).parallel_tool_calls).toBe(false);
  });

  it('sends response_format as text.format, json_schema flattened', () => {
    expect(bodyOf({ response_format: { type: 'json_object' } }).text).toEqual({
      format: { type: 'json_object' },
    });
    expect(
      bodyOf({
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'city', description: 'A city', schema: { type: 'object' }, strict: true },
        },
      }).text,
    ).toEqual({
      format: {
        type: 'json_schema',
        name: 'city',
        description: 'A city',
        schema: { type: 'object' },
        strict: true,
      },
    });
    expect(bodyOf({ response_format: { type: 'text' } }).text).toEqual({ format: { type: 'text' } });
  });

  it('sends verbosity under text, and passes metadata, service_tier, prompt_cache_key and safety_identifier', () => {
    const body = bodyOf({
      verbosity: 'low',
      metadata: { job: '1' },
      service_tier: 'flex',
      prompt_cache_key: 'k',
      safety_identifier: 'u-1',
    } as Partial<ChatCompletionRequest>);
    expect(body).toMatchObject({
      text: { verbosity: 'low' },
      metadata: { job: '1' },
      service_tier: 'flex',
      prompt_cache_key: 'k',
      safety_identifier: 'u-1',
    });
  });

  it('sends user and stream', () => {
    const { request } = convertResponsesRequest(createRequest({ user: 'u-42', stream: true }), target);
    expect(request.body).toMatchObject({ user: 'u-42', stream: true });
    expect(request.body).not.toHaveProperty('stream_options');
    expect(request.stream).toBe(true);
  });

  describe('reasoning', () => {
    it('sends reasoning_effort as reasoning.effort, always asking for a summary', () => {
      expect(bodyOf({ reasoning_effort: 'high' }).reasoning).toEqual({ effort: 'high', summary: 'auto' });
    });

    it.each([
      [false, { effort: 'low' }],
      ['none', { effort: 'low' }],
      ['detailed', { effort: 'low', summary: 'detailed' }],
      ['verbose', { effort: 'low', summary: 'auto' }],
    ] as const)(
      'lets the operator set reasoningSummary %j (unverified organizations get a 400 for summaries)',
      (setting, expected) => {
        expect(
          bodyOf({ reasoning_effort: 'low' }, { options: { reasoningSummary: setting } }).reasoning,
        ).toEqual(expected);
      },
    );

    it('sends no reasoning object at all when summaries are off and no effort is asked', () => {
      expect(bodyOf({}, { options: { reasoningSummary: false } })).not.toHaveProperty('reasoning');
    });

    it('refuses an effort the model does not accept: gpt-5-pro takes only high', () => {
      const pro = {
        publicModel: 'gpt-5-pro',
        upstreamModel: 'gpt-5-pro',
        capabilities: { ...CODEX_CAPABILITIES, reasoningEffort: ['high'] },
      };
      expect(bodyOf({ reasoning_effort: 'high' }, pro).reasoning).toEqual({
        effort: 'high',
        summary: 'auto',
      });
      const error = refusal(() => bodyOf({ reasoning_effort: 'medium' }, pro));
      expect(error).toMatchObject({ status: 400, param: 'reasoning_effort', code: 'unsupported_value' });
      expect(error.message).toContain('gpt-5-pro');
    });

    it('gives the -high / -low aliases their catalog effort, and refuses a different one from the client', () => {
      const alias = {
        publicModel: 'gpt-5-codex-low',
        upstreamModel: 'gpt-5-codex',
        options: { reasoningEffort: 'low' },
        capabilities: { ...CODEX_CAPABILITIES, reasoningEffort: ['low'] },
      };
      expect(bodyOf({}, alias)).toMatchObject({
        model: 'gpt-5-codex',
        reasoning: { effort: 'low', summary: 'auto' },
      });
      expect(bodyOf({ reasoning_effort: 'low' }, alias).reasoning).toEqual({
        effort: 'low',
        summary: 'auto',
      });
      expect(refusal(() => bodyOf({ reasoning_effort: 'high' }, alias))).toMatchObject({
        param: 'reasoning_effort',
      });
    });
  });

  describe('parameters the Responses API or these models reject', () => {
    it.each([
      ['temperature', { temperature: 0.2 }],
      ['top_p', { top_p: 0.5 }],
      ['frequency_penalty', { frequency_penalty: 0.5 }],
      ['presence_penalty', { presence_penalty: -1 }],
      ['stop', { stop: ['END'] }],
      ['seed', { seed: 7 }],
      ['logit_bias', { logit_bias: { '50256': -100 } }],
      ['logprobs', { logprobs: true }],
    ] satisfies Array<[string, Partial<ChatCompletionRequest>]>)(
      'refuses %s with a 400 naming it',
      (param, fields) => {
        const error = refusal(() => bodyOf(fields));
        expect(error).toMatchObject({ status: 400, type: 'invalid_request_error', param });
        expect(error.message).toContain('gpt-5-3-codex');
      },
    );

    it.each([
      [{ temperature: 1 }, 'temperature'],
      [{ top_p: 1 }, 'top_p'],
    ] as const)('drops the neutral %j with a warning', (fields, param) => {
      const { request, warnings } = convertResponsesRequest(createRequest(fields), target);
      expect(request.body).not.toHaveProperty(param);
      expect(warnings).toEqual([expect.objectContaining({ param, action: 'dropped' })]);
    });

    it.each([
      [{ presence_penalty: 0 }],
      [{ frequency_penalty: 0 }],
      [{ logprobs: false }],
      [{ n: 1 }],
      [{ logit_bias: {} }],
    ])('ignores %j, which asks for nothing', (fields) => {
      const { request, warnings } = convertResponsesRequest(
        createRequest(fields as Partial<ChatCompletionRequest>),
        target,
      );
      expect(Object.keys(request.body).sort()).toEqual(['input', 'model', 'reasoning', 'store']);
      expect(warnings).toEqual([]);
    });

    it('declares n as emulated (the gateway fans out) and never sends it', () => {
      const support = describeResponsesParameterSupport(CODEX_CAPABILITIES);
      expect(support.n.mode).toBe('emulate');
      expect(bodyOf({ n: 1 })).not.toHaveProperty('n');
    });

    it('passes temperature and top_p to a Responses model that takes them', () => {
      const capabilities = { ...CODEX_CAPABILITIES, temperature: { min: 0, max: 2 }, topP: true };
      const support = describeResponsesParameterSupport(capabilities);
      expect(support.temperature.mode).toBe('pass');
      expect(bodyOf({ temperature: 0.3, top_p: 0.8 }, { capabilities })).toMatchObject({
        temperature: 0.3,
        top_p: 0.8,
      });
    });

    it('agrees with checkParameters: every field the table rejects is refused by both', () => {
      const request = createRequest({ stop: 'END' });
      expect(() => checkParameters(request, describeResponsesParameterSupport(CODEX_CAPABILITIES))).toThrow();
      expect(() => convertResponsesRequest(request, target)).toThrow();
    });
  });
});
