import { ProviderError, wrapForeignSignature } from '@llmux/provider-kit';
import { describe, expect, it } from 'vitest';
import { parseGeminiRequest } from './parse-request.js';
import {
  CLAUDE_MODEL,
  DEEPSEEK_MODEL,
  GEMINI_MODEL,
  GPT_MODEL,
  inbound,
  locationOf,
  PLAIN_MODEL,
  readGeminiCliRequests,
  readRequestFixture,
  STREAM_LOCATION,
} from './test-support.js';
import { openApiToJsonSchema, toHubRequest } from './to-hub-request.js';

const USER = { role: 'user', parts: [{ text: 'Hi' }] };

function caught(run: () => unknown): ProviderError {
  try {
    run();
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw error;
  }
  throw new Error('did not throw');
}

function hubOf(body: Record<string, unknown>, model = GPT_MODEL) {
  return toHubRequest(inbound({ contents: [USER], ...body }), model);
}

describe('toHubRequest: contents', () => {
  const { request, warnings } = toHubRequest(readRequestFixture('round-trip.request.json'), DEEPSEEK_MODEL);

  it('puts the system instruction first and keeps the turn order', () => {
    expect(request.messages.map((message) => message.role)).toEqual([
      'system',
      'user',
      'assistant',
      'tool',
      'tool',
      'assistant',
      'user',
    ]);
    expect(request.messages[0]).toEqual({ role: 'system', content: 'You are terse.' });
    expect(request.model).toBe('deepseek-v3-2');
  });

  it('makes inline images data URLs', () => {
    expect(request.messages[1]).toMatchObject({
      content: [
        { type: 'text', text: 'Weather in Paris and Rome?' },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
      ],
    });
  });

  it('gives id-less calls deterministic ids and links responses by name in order', () => {
    const assistant = request.messages[2] as {
      tool_calls: { id: string; function: { arguments: string } }[];
    };
    const ids = assistant.tool_calls.map((call) => call.id);
    expect(new Set(ids).size).toBe(2);
    expect(JSON.parse(assistant.tool_calls[1]?.function.arguments ?? '')).toEqual({ city: 'Rome' });
    expect(request.messages[3]).toEqual({ role: 'tool', tool_call_id: ids[0], content: 'Sunny, 21C' });
    expect(request.messages[4]).toEqual({ role: 'tool', tool_call_id: ids[1], content: 'Cloudy, 18C' });
    const again = toHubRequest(readRequestFixture('round-trip.request.json'), DEEPSEEK_MODEL).request;
    expect((again.messages[2] as { tool_calls: { id: string }[] }).tool_calls.map((call) => call.id)).toEqual(
      ids,
    );
  });

  it('sends unsigned reasoning back as reasoning_content, drops a Gemini signature for other upstreams', () => {
    expect(request.messages[2]).toHaveProperty('reasoning_content', 'I need both cities.');
    expect(JSON.stringify(request)).not.toContain('gemini-thought-sig-1');
  });

  it("sends Claude's signed thinking back as reasoning_details", () => {
    expect(request.messages[5]).toMatchObject({
      content: 'Paris is sunny, Rome cloudy.',
      reasoning_details: [
        {
          type: 'reasoning.text',
          text: 'Claude wrote this.',
          signature: 'EqQBCkYIBxgCKkAanthropic',
          format: 'anthropic-claude-v1',
        },
      ],
    });
  });

  it('warns for the built-in tool and the safety settings', () => {
    const params = warnings.map((warning) => warning.param);
    expect(params).toContain('tools[1].googleSearch');
    expect(params).toContain('safetySettings');
  });

  it('links a response to its call by id', () => {
    const { request: hub } = hubOf({
      contents: [
        USER,
        { role: 'model', parts: [{ functionCall: { id: 'c-1', name: 'f', args: {} } }] },
        { role: 'user', parts: [{ functionResponse: { id: 'c-1', name: 'f', response: { a: 1 } } }] },
      ],
    });
    expect(hub.messages[2]).toEqual({ role: 'tool', tool_call_id: 'c-1', content: '{"a":1}' });
  });

  it('refuses a response with no call before it', () => {
    const body = { contents: [{ role: 'user', parts: [{ functionResponse: { name: 'f', response: {} } }] }] };
    expect(caught(() => hubOf(body)).param).toBe('contents[0].parts[0].functionResponse');
  });

  it('makes a PDF a hub file part and refuses other inline types', () => {
    const pdf = hubOf({
      contents: [{ role: 'user', parts: [{ inlineData: { mimeType: 'application/pdf', data: 'JVBE' } }] }],
    });
    expect(pdf.request.messages[0]).toMatchObject({
      content: [{ type: 'file', file: { file_data: 'data:application/pdf;base64,JVBE' } }],
    });
    const audio = {
      contents: [{ role: 'user', parts: [{ inlineData: { mimeType: 'audio/wav', data: 'x' } }] }],
    };
    expect(caught(() => hubOf(audio)).param).toBe('contents[0].parts[0].inlineData.mimeType');
  });

  it('makes an image fileData an image URL and refuses a Files API URI', () => {
    const url = hubOf({
      contents: [
        { role: 'user', parts: [{ fileData: { fileUri: 'https://x.test/a.png', mimeType: 'image/png' } }] },
      ],
    });
    expect(url.request.messages[0]).toMatchObject({
      content: [{ type: 'image_url', image_url: { url: 'https://x.test/a.png' } }],
    });
    const files = {
      contents: [
        {
          role: 'user',
          parts: [{ fileData: { fileUri: 'https://generativelanguage.googleapis.com/v1beta/files/abc' } }],
        },
      ],
    };
    expect(caught(() => hubOf(files)).param).toBe('contents[0].parts[0].fileData');
  });
});

describe('toHubRequest: thought signatures', () => {
  const call = (signature: string) => ({
    contents: [
      USER,
      {
        role: 'model',
        parts: [{ functionCall: { id: 'c', name: 'f', args: {} }, thoughtSignature: signature }],
      },
      { role: 'user', parts: [{ functionResponse: { id: 'c', name: 'f', response: {} } }] },
    ],
  });
  const toolCall = (body: Record<string, unknown>, model = GEMINI_MODEL) =>
    (hubOf(body, model).request.messages[1] as { tool_calls: Record<string, unknown>[] }).tool_calls[0];

  it("puts Gemini's own signature on the tool call for Gemini", () => {
    expect(toolCall(call('sig-abc'))).toHaveProperty('extra_content', {
      google: { thought_signature: 'sig-abc' },
    });
  });

  it('unwraps a wrapped Gemini signature', () => {
    expect(toolCall(call(wrapForeignSignature('gemini', 'sig-w')))).toHaveProperty(
      'extra_content.google.thought_signature',
      'sig-w',
    );
  });

  it("passes gemini-cli's placeholder to Gemini only", () => {
    expect(toolCall(call('skip_thought_signature_validator'))).toHaveProperty(
      'extra_content.google.thought_signature',
      'skip_thought_signature_validator',
    );
    expect(toolCall(call('skip_thought_signature_validator'), GPT_MODEL)).not.toHaveProperty('extra_content');
  });

  it("sends Claude's redacted thinking (an empty thought) back as encrypted reasoning_details", () => {
    const body = {
      contents: [
        USER,
        {
          role: 'model',
          parts: [
            { text: '', thought: true, thoughtSignature: wrapForeignSignature('anthropic', 'EmwK-redacted') },
            { text: 'Done.' },
          ],
        },
      ],
    };
    expect(hubOf(body, CLAUDE_MODEL).request.messages[1]).toEqual({
      role: 'assistant',
      content: 'Done.',
      reasoning_details: [
        { type: 'reasoning.encrypted', data: 'EmwK-redacted', format: 'anthropic-claude-v1' },
      ],
    });
  });

  it("drops OpenAI's encrypted reasoning with a warning", () => {
    const { warnings } = hubOf(call(wrapForeignSignature('openai', 'enc')), GPT_MODEL);
    expect(warnings).toContainEqual(
      expect.objectContaining({ param: 'contents[1].parts[0].thoughtSignature', action: 'dropped' }),
    );
  });

  it('signs the first call after a signed thought', () => {
    const body = {
      contents: [
        USER,
        {
          role: 'model',
          parts: [
            { text: 'think', thought: true, thoughtSignature: 'sig-t' },
            { functionCall: { id: 'a', name: 'f', args: {} } },
            { functionCall: { id: 'b', name: 'f', args: {} } },
          ],
        },
      ],
    };
    const calls = (hubOf(body, GEMINI_MODEL).request.messages[1] as { tool_calls: Record<string, unknown>[] })
      .tool_calls;
    expect(calls[0]).toHaveProperty('extra_content.google.thought_signature', 'sig-t');
    expect(calls[1]).not.toHaveProperty('extra_content');
  });
});

describe('toHubRequest: tools', () => {
  it('converts OpenAPI parameters to JSON Schema and keeps parametersJsonSchema as is', () => {
    const { request } = hubOf({
      tools: [
        {
          functionDeclarations: [
            { name: 'a', parameters: { type: 'OBJECT', properties: { n: { type: 'INTEGER' } } } },
            { name: 'b', parametersJsonSchema: { $schema: 'x', type: 'object', properties: {} } },
            { name: 'c' },
          ],
        },
      ],
    });
    expect(request.tools?.map((tool) => tool.function.parameters)).toEqual([
      { type: 'object', properties: { n: { type: 'integer' } } },
      { type: 'object', properties: {} },
      { type: 'object', properties: {} },
    ]);
  });

  it('maps nullable and nested items', () => {
    expect(
      openApiToJsonSchema({
        type: 'ARRAY',
        items: { type: 'STRING', nullable: true },
        propertyOrdering: ['x'],
      }),
    ).toEqual({ type: 'array', items: { type: ['string', 'null'] } });
  });

  it('refuses a function name other upstreams would not take', () => {
    const body = { tools: [{ functionDeclarations: [{ name: 'mcp.server:tool' }] }] };
    expect(caught(() => hubOf(body)).param).toBe('tools[0].functionDeclarations[0].name');
  });

  const tools = [{ functionDeclarations: [{ name: 'a' }, { name: 'b' }] }];
  it.each([
    [{ mode: 'AUTO' }, 'auto'],
    [{ mode: 'NONE' }, 'none'],
    [{ mode: 'ANY' }, 'required'],
    [
      { mode: 'ANY', allowedFunctionNames: ['b'] },
      { type: 'function', function: { name: 'b' } },
    ],
    [{ mode: 'ANY', allowedFunctionNames: ['a', 'b'] }, 'required'],
    [{ mode: 'VALIDATED' }, 'auto'],
  ])('functionCallingConfig %j → %j', (config, choice) => {
    expect(hubOf({ tools, toolConfig: { functionCallingConfig: config } }).request.tool_choice).toEqual(
      choice,
    );
  });

  it('refuses an allowed name that is not a tool', () => {
    const body = {
      tools,
      toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['z'] } },
    };
    expect(caught(() => hubOf(body)).param).toBe('toolConfig.functionCallingConfig.allowedFunctionNames[0]');
  });
});

describe('toHubRequest: generationConfig', () => {
  it('maps sampling, limits and formats', () => {
    const { request } = hubOf(
      {
        generationConfig: {
          temperature: 0.3,
          topP: 0.8,
          maxOutputTokens: 100,
          stopSequences: ['x'],
          candidateCount: 2,
          seed: 7,
          responseMimeType: 'application/json',
        },
      },
      DEEPSEEK_MODEL,
    );
    expect(request).toMatchObject({
      temperature: 0.3,
      top_p: 0.8,
      max_tokens: 100,
      stop: ['x'],
      n: 2,
      seed: 7,
      response_format: { type: 'json_object' },
    });
  });

  it('makes a response schema json_schema', () => {
    const { request } = hubOf({
      generationConfig: { responseMimeType: 'application/json', responseSchema: { type: 'OBJECT' } },
    });
    expect(request.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'output', schema: { type: 'object' } },
    });
  });

  it('clamps maxOutputTokens to the model limit with a warning', () => {
    const { request, warnings } = hubOf(
      { generationConfig: { maxOutputTokens: 65536 } },
      { ...DEEPSEEK_MODEL, maxOutputTokens: 8192 },
    );
    expect(request.max_tokens).toBe(8192);
    expect(warnings[0]).toMatchObject({ param: 'generationConfig.maxOutputTokens', action: 'clamped' });
  });

  it('refuses more than 4 stop sequences', () => {
    const body = { generationConfig: { stopSequences: ['a', 'b', 'c', 'd', 'e'] } };
    expect(caught(() => hubOf(body)).param).toBe('generationConfig.stopSequences');
  });

  it('forwards topK where it may be taken, drops it for OpenAI', () => {
    expect(hubOf({ generationConfig: { topK: 40 } }, DEEPSEEK_MODEL).request).toHaveProperty('top_k', 40);
    const gpt = hubOf({ generationConfig: { topK: 40 } }, GPT_MODEL);
    expect(gpt.request).not.toHaveProperty('top_k');
    expect(gpt.warnings[0]).toMatchObject({ param: 'generationConfig.topK', action: 'dropped' });
  });

  it.each([
    [{ thinkingBudget: 0 }, GPT_MODEL, 'none'],
    [{ thinkingBudget: 1024 }, GPT_MODEL, 'low'],
    [{ thinkingBudget: 24576 }, GPT_MODEL, 'high'],
    [{ thinkingBudget: 32768 }, CLAUDE_MODEL, 'high'],
    [{ thinkingLevel: 'MINIMAL' }, GPT_MODEL, 'low'],
    [{ thinkingLevel: 'medium' }, GEMINI_MODEL, 'high'],
    [{ thinkingBudget: -1 }, GPT_MODEL, undefined],
    [{ includeThoughts: true }, GPT_MODEL, undefined],
    [{ thinkingBudget: 0 }, CLAUDE_MODEL, undefined],
    [{ thinkingBudget: 8192 }, DEEPSEEK_MODEL, undefined],
    [{ thinkingBudget: 8192 }, PLAIN_MODEL, undefined],
  ])('thinkingConfig %j for %s → %s', (thinkingConfig, model, effort) => {
    const { request } = hubOf({ generationConfig: { thinkingConfig } }, model);
    expect(request.reasoning_effort).toBe(effort);
  });

  it('warns for generationConfig fields it does not translate and refuses cachedContent', () => {
    const { warnings } = hubOf({ generationConfig: { mediaResolution: 'MEDIA_RESOLUTION_LOW' } });
    expect(warnings[0]).toMatchObject({ param: 'generationConfig.mediaResolution', action: 'dropped' });
    expect(caught(() => hubOf({ cachedContent: 'cachedContents/1' })).param).toBe('cachedContent');
  });
});

describe('toHubRequest: gemini-cli', () => {
  it('asks a stream with usage', () => {
    const { request } = toHubRequest(
      parseGeminiRequest({ contents: [USER] }, STREAM_LOCATION).request,
      GPT_MODEL,
    );
    expect(request).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it.each([GPT_MODEL, CLAUDE_MODEL, DEEPSEEK_MODEL])('translates every recorded request for $id', (model) => {
    for (const { url, body } of readGeminiCliRequests()) {
      const { request } = toHubRequest(parseGeminiRequest(body, locationOf(url)).request, model);
      expect(request.stream).toBe(true);
      expect(request.messages[0]?.role).toBe('system');
      expect(request.tools?.length).toBeGreaterThan(5);
      const text = JSON.stringify(request);
      expect(text).not.toContain('thoughtSignature');
      expect(text).not.toContain('llmux-fake-reasoning-token');
    }
  });
});
