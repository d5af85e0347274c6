import type { ChatCompletionRequest } from '@llmux/contract';
import { catchProviderError } from '@llmux/provider-kit/testing';
import { describe, expect, it } from 'vitest';
import { collectRemoteImages, convertRequest, SKIP_THOUGHT_SIGNATURE } from './convert-request.js';
import { createGeminiAdapter } from './gemini-adapter.js';
import { createTarget, GEMINI_CAPABILITIES } from './test-support/fixtures.js';

function request(overrides: Partial<ChatCompletionRequest>): ChatCompletionRequest {
  return { model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'Hello' }], ...overrides };
}

describe('toUpstream', () => {
  const adapter = createGeminiAdapter();

  it('builds the generateContent call with the API key header', () => {
    const { request: upstream } = adapter.toUpstream(
      request({}),
      createTarget({ baseUrl: 'http://sim/gemini/' }),
    );
    expect(upstream.url).toBe('http://sim/gemini/v1beta/models/gemini-2.5-flash:generateContent');
    expect(upstream.headers['x-goog-api-key']).toBe('test-key');
    expect(upstream.stream).toBe(false);
    expect(upstream.body).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'Hello' }] }],
      generationConfig: { thinkingConfig: { includeThoughts: true } },
    });
  });

  it('streams through streamGenerateContent with alt=sse', () => {
    const { request: upstream } = adapter.toUpstream(request({ stream: true }), createTarget());
    expect(upstream.url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
    );
    expect(upstream.stream).toBe(true);
  });
});

describe('convertRequest: messages', () => {
  it('moves system and developer messages into systemInstruction and maps roles', () => {
    const { body } = convertRequest(
      request({
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }] },
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: 'Bonjour' },
          { role: 'user', content: 'Again' },
        ],
      }),
      createTarget(),
    );
    expect(body.systemInstruction).toEqual({ parts: [{ text: 'Be brief.' }, { text: 'Answer in French.' }] });
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'Hi' }] },
      { role: 'model', parts: [{ text: 'Bonjour' }] },
      { role: 'user', parts: [{ text: 'Again' }] },
    ]);
  });

  it('refuses a request with only system messages', () => {
    const error = catchProviderError(() =>
      convertRequest(request({ messages: [{ role: 'system', content: 'Rules only' }] }), createTarget()),
    );
    expect(error).toMatchObject({ status: 400, param: 'messages' });
  });

  it('warns when a system message comes after the conversation started', () => {
    const { warnings } = convertRequest(
      request({
        messages: [
          { role: 'user', content: 'Hi' },
          { role: 'system', content: 'Late rule' },
        ],
      }),
      createTarget(),
    );
    expect(warnings).toEqual([expect.objectContaining({ param: 'messages[1]', action: 'translated' })]);
  });

  it('turns tool calls into functionCall parts and tool results into one functionResponse turn', () => {
    const { body } = convertRequest(
      request({
        messages: [
          { role: 'user', content: 'Weather in Paris and Rome?' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'a', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
              { id: 'b', type: 'function', function: { name: 'time', arguments: '' } },
            ],
          },
          { role: 'tool', tool_call_id: 'a', content: '{"temp":21}' },
          { role: 'tool', tool_call_id: 'b', content: 'noon' },
        ],
      }),
      createTarget(),
    );
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'Weather in Paris and Rome?' }] },
      {
        role: 'model',
        parts: [
          { functionCall: { name: 'weather', args: { city: 'Paris' } } },
          { functionCall: { name: 'time', args: {} } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'weather', response: { temp: 21 } } },
          { functionResponse: { name: 'time', response: { content: 'noon' } } },
        ],
      },
    ]);
  });

  it('refuses a tool result whose call is unknown, naming the field', () => {
    const error = catchProviderError(() =>
      convertRequest(
        request({
          messages: [
            { role: 'user', content: 'x' },
            { role: 'tool', tool_call_id: 'missing', content: 'y' },
          ],
        }),
        createTarget(),
      ),
    );
    expect(error.status).toBe(400);
    expect(error.param).toBe('messages[1].tool_call_id');
  });

  it('refuses tool-call arguments that are not a JSON object', () => {
    const error = catchProviderError(() =>
      convertRequest(
        request({
          messages: [
            { role: 'user', content: 'x' },
            {
              role: 'assistant',
              content: null,
              tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: '[1]' } }],
            },
          ],
        }),
        createTarget(),
      ),
    );
    expect(error).toMatchObject({
      status: 400,
      code: 'invalid_value',
      param: 'messages[1].tool_calls[0].function.arguments',
    });
  });

  it('restores the thought signature a Gemini 3 tool call carried', () => {
    const { body, warnings } = convertRequest(
      request({
        messages: [
          { role: 'user', content: 'Weather?' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              {
                id: 'a',
                type: 'function',
                function: { name: 'weather', arguments: '{}' },
                extra_content: { google: { thought_signature: 'SIG' } },
              },
            ],
          },
          { role: 'tool', tool_call_id: 'a', content: 'sunny' },
        ],
      }),
      createTarget({ upstreamModel: 'gemini-3-pro-preview' }),
    );
    expect(body.contents[1]?.parts[0]).toEqual({
      functionCall: { name: 'weather', args: {} },
      thoughtSignature: 'SIG',
    });
    expect(warnings).toEqual([]);
  });

  it('sends the documented placeholder when a Gemini 3 tool call lost its signature', () => {
    const { body, warnings } = convertRequest(
      request({
        messages: [
          { role: 'user', content: 'Weather?' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'a', type: 'function', function: { name: 'weather', arguments: '{}' } }],
          },
          { role: 'tool', tool_call_id: 'a', content: 'sunny' },
        ],
      }),
      createTarget({ upstreamModel: 'gemini-3-flash-preview' }),
    );
    expect(body.contents[1]?.parts[0]?.thoughtSignature).toBe(SKIP_THOUGHT_SIGNATURE);
    expect(warnings).toEqual([
      expect.objectContaining({ param: 'messages[1].tool_calls', action: 'emulated' }),
    ]);
  });

  it('inlines data: images and images the gateway downloaded; refuses others', () => {
    const messages: ChatCompletionRequest['messages'] = [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Compare' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
          {
            type: 'image_url',
            image_url: { url: 'https://generativelanguage.googleapis.com/v1beta/files/abc' },
          },
        ],
      },
    ];
    expect(collectRemoteImages(request({ messages }))).toEqual(['https://example.com/cat.jpg']);
    const { body } = convertRequest(
      request({ messages }),
      createTarget({
        options: {
          inlinedImages: { 'https://example.com/cat.jpg': { mimeType: 'image/jpeg', data: '/9j/' } },
        },
      }),
    );
    expect(body.contents[0]?.parts).toEqual([
      { text: 'Compare' },
      { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
      { inlineData: { mimeType: 'image/jpeg', data: '/9j/' } },
      { fileData: { fileUri: 'https://generativelanguage.googleapis.com/v1beta/files/abc' } },
    ]);
    const error = catchProviderError(() => convertRequest(request({ messages }), createTarget()));
    expect(error.status).toBe(400);
    expect(error.param).toBe('messages[0].content[2].image_url.url');
    expect(error.code).toBe('image_not_inlined');
  });
});

describe('convertRequest: other parts', () => {
  it('inlines audio and data: files, and refuses uploaded file ids', () => {
    const { body } = convertRequest(
      request({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
              {
                type: 'file',
                file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'a.pdf' },
              },
            ],
          },
        ],
      }),
      createTarget(),
    );
    expect(body.contents[0]?.parts).toEqual([
      { inlineData: { mimeType: 'audio/wav', data: 'UklGRg==' } },
      { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0=' } },
    ]);
    const error = catchProviderError(() =>
      convertRequest(
        request({ messages: [{ role: 'user', content: [{ type: 'file', file: { file_id: 'file-123' } }] }] }),
        createTarget(),
      ),
    );
    expect(error.param).toBe('messages[0].content[0].file');
  });
});

describe('convertRequest: generation config', () => {
  it('maps sampling, stop, n, seed and max tokens', () => {
    const { body } = convertRequest(
      request({
        max_completion_tokens: 100,
        temperature: 0.3,
        top_p: 0.9,
        stop: 'END',
        n: 2,
        seed: 7,
        presence_penalty: 0,
      }),
      createTarget({
        upstreamModel: 'gemini-2.0-flash',
        capabilities: { ...GEMINI_CAPABILITIES, reasoning: false },
      }),
    );
    expect(body.generationConfig).toEqual({
      maxOutputTokens: 100,
      temperature: 0.3,
      topP: 0.9,
      stopSequences: ['END'],
      candidateCount: 2,
      seed: 7,
    });
  });

  it('passes penalties where the model takes them and refuses them, naming the field, where not', () => {
    const penalties = request({ presence_penalty: 0.5, frequency_penalty: -0.5 });
    const { body } = convertRequest(
      penalties,
      createTarget({
        upstreamModel: 'gemini-2.0-flash',
        capabilities: { ...GEMINI_CAPABILITIES, reasoning: false, penalties: true },
      }),
    );
    expect(body.generationConfig).toMatchObject({ presencePenalty: 0.5, frequencyPenalty: -0.5 });
    const error = catchProviderError(() => convertRequest(penalties, createTarget()));
    expect(error).toMatchObject({ status: 400, param: 'presence_penalty', type: 'invalid_request_error' });
    const frequencyOnly = catchProviderError(() =>
      convertRequest(request({ frequency_penalty: 1 }), createTarget()),
    );
    expect(frequencyOnly.param).toBe('frequency_penalty');
  });

  it('maps response_format json_object and json_schema', () => {
    expect(
      convertRequest(request({ response_format: { type: 'json_object' } }), createTarget()).body
        .generationConfig,
    ).toMatchObject({ responseMimeType: 'application/json' });
    const { body } = convertRequest(
      request({
        response_format: {
          type: 'json_schema',
          json_schema: {
            name: 'answer',
            strict: true,
            schema: {
              type: 'object',
              properties: { city: { type: 'string' }, population: { type: ['integer', 'null'] } },
              required: ['city', 'population'],
              additionalProperties: false,
            },
          },
        },
      }),
      createTarget(),
    );
    expect(body.generationConfig).toMatchObject({
      responseMimeType: 'application/json',
      responseSchema: {
        type: 'object',
        properties: { city: { type: 'string' }, population: { type: 'integer', nullable: true } },
        required: ['city', 'population'],
      },
    });
  });

  it.each([
    ['gemini-2.5-flash', 'low', { includeThoughts: true, thinkingBudget: 1024 }],
    ['gemini-2.5-flash', 'high', { includeThoughts: true, thinkingBudget: 24576 }],
    ['gemini-2.5-flash', 'none', { thinkingBudget: 0 }],
    ['gemini-2.5-pro', 'none', { includeThoughts: true, thinkingBudget: 128 }],
    ['gemini-3-flash-preview', 'medium', { includeThoughts: true, thinkingLevel: 'medium' }],
  ] as const)('maps reasoning_effort on %s (%s)', (model, effort, expected) => {
    const capabilities =
      model === 'gemini-3-flash-preview'
        ? { ...GEMINI_CAPABILITIES, reasoningEffort: ['minimal', 'low', 'medium', 'high'] }
        : GEMINI_CAPABILITIES;
    const { body } = convertRequest(
      request({ reasoning_effort: effort }),
      createTarget({ upstreamModel: model, capabilities }),
    );
    expect(body.generationConfig?.thinkingConfig).toEqual(expected);
  });

  it('clamps an effort Gemini 3 Pro lacks to the nearest level, with a warning', () => {
    const { body, warnings } = convertRequest(
      request({ reasoning_effort: 'medium' }),
      createTarget({
        upstreamModel: 'gemini-3-pro-preview',
        capabilities: { ...GEMINI_CAPABILITIES, reasoningEffort: ['low', 'high'] },
      }),
    );
    expect(body.generationConfig?.thinkingConfig).toEqual({ includeThoughts: true, thinkingLevel: 'high' });
    expect(warnings).toEqual([expect.objectContaining({ param: 'reasoning_effort', action: 'clamped' })]);
  });

  it('refuses reasoning_effort on a model that does not think', () => {
    const error = catchProviderError(() =>
      convertRequest(
        request({ reasoning_effort: 'low' }),
        createTarget({
          upstreamModel: 'gemini-2.0-flash',
          capabilities: { ...GEMINI_CAPABILITIES, reasoning: false },
        }),
      ),
    );
    expect(error.param).toBe('reasoning_effort');
  });
});

describe('convertRequest: tools', () => {
  const tools: ChatCompletionRequest['tools'] = [
    {
      type: 'function',
      function: {
        name: 'weather',
        description: 'Current weather',
        strict: true,
        parameters: {
          type: 'object',
          properties: { city: { type: 'string', format: 'hostname' } },
          required: ['city'],
          additionalProperties: false,
        },
      },
    },
    { type: 'function', function: { name: 'now', parameters: { type: 'object', properties: {} } } },
  ];

  it('declares functions with converted schemas and warns about dropped keywords', () => {
    const { body, warnings } = convertRequest(request({ tools }), createTarget());
    expect(body.tools).toEqual([
      {
        functionDeclarations: [
          {
            name: 'weather',
            description: 'Current weather',
            parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
          },
          { name: 'now' },
        ],
      },
    ]);
    expect(warnings).toEqual([
      expect.objectContaining({
        param: 'tools[0].function.parameters.properties.city.format',
        action: 'dropped',
      }),
    ]);
  });

  it.each([
    ['auto', { mode: 'AUTO' }],
    ['none', { mode: 'NONE' }],
    ['required', { mode: 'ANY' }],
    [
      { type: 'function', function: { name: 'now' } },
      { mode: 'ANY', allowedFunctionNames: ['now'] },
    ],
  ] as const)('maps tool_choice %j', (choice, expected) => {
    const { body } = convertRequest(request({ tools, tool_choice: choice }), createTarget());
    expect(body.toolConfig).toEqual({ functionCallingConfig: expected });
  });

  it('refuses a named tool_choice that is not among the tools', () => {
    const error = catchProviderError(() =>
      convertRequest(
        request({ tools, tool_choice: { type: 'function', function: { name: 'other' } } }),
        createTarget(),
      ),
    );
    expect(error.param).toBe('tool_choice');
  });
});
