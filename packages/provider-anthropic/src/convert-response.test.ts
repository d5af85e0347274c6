import { validateCompletion } from '@llmux/provider-kit/testing';
import { describe, expect, it } from 'vitest';
import {
  createContext,
  createRequest,
  readFixtureJson,
  readFixtureText,
  renameJsonTool,
} from './__fixtures__/fixtures.js';
import { convertResponse } from './convert-response.js';

function expectValid(completion: unknown) {
  expect(validateCompletion(completion)).toEqual([]);
}

describe('convertResponse', () => {
  it('translates a recorded text answer, with usage and OpenAI-strict fields', () => {
    const completion = convertResponse(readFixtureJson('anthropic-text.json'), createContext());
    expectValid(completion);
    expect(completion).toEqual({
      id: 'chatcmpl-llmux-1',
      object: 'chat.completion',
      created: 1_780_000_000,
      model: 'claude-sonnet-4-5-20250929',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content:
              "Hello! I'm doing well, thanks for asking. How are you doing today? Is there anything I can help you with?",
            refusal: null,
          },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: {
        prompt_tokens: 12,
        completion_tokens: 29,
        total_tokens: 41,
        prompt_tokens_details: { cached_tokens: 0 },
      },
      system_fingerprint: null,
    });
  });

  it('returns thinking as reasoning_content and keeps its signature in reasoning_details', () => {
    const body = readFixtureJson('anthropic-clear-thinking.1.json') as {
      content: Array<{ signature?: string }>;
    };
    const completion = convertResponse(body, createContext());
    expectValid(completion);
    const message = completion.choices[0]?.message as Record<string, unknown>;
    expect(message.content).toBe('925 ÷ 5 = 185');
    expect(message.reasoning_content).toBe('925 divided by 5 = 185');
    expect(message.reasoning_details).toEqual([
      {
        type: 'reasoning.text',
        text: '925 divided by 5 = 185',
        signature: body.content[0]?.signature,
        format: 'anthropic-claude-v1',
        index: 0,
      },
    ]);
  });

  it('translates a tool call with no arguments, content and tool_calls together', () => {
    const completion = convertResponse(readFixtureJson('anthropic-tool-no-args.json'), createContext());
    expectValid(completion);
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(completion.choices[0]?.message.tool_calls).toEqual([
      {
        id: 'toolu_01LRmxn9vGM1d2DZSDBowdZ1',
        type: 'function',
        function: { name: 'updateIssueList', arguments: '{}' },
      },
    ]);
  });

  it('turns the JSON-answer tool back into content with finish_reason stop', () => {
    const body = JSON.parse(renameJsonTool(JSON.stringify(readFixtureJson('anthropic-json-tool.1.json'))));
    const request = createRequest({ response_format: { type: 'json_object' } });
    const completion = convertResponse(body, createContext(request));
    expectValid(completion);
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.choices[0]?.message.tool_calls).toBeUndefined();
    expect(JSON.parse(completion.choices[0]?.message.content ?? '')).toEqual(body.content[0].input);
  });

  it('answers with the JSON alone when Claude writes text before calling the answer tool', () => {
    // The recorded stream anthropic-json-tool.2 shows Claude does this ("I'll invoke the JSON response tool.").
    const body = JSON.parse(renameJsonTool(JSON.stringify(readFixtureJson('anthropic-json-tool.1.json'))));
    body.content.unshift({ type: 'text', text: "I'll invoke the JSON response tool." });
    const request = createRequest({ response_format: { type: 'json_object' } });
    const completion = convertResponse(body, createContext(request));
    expectValid(completion);
    expect(JSON.parse(completion.choices[0]?.message.content ?? '')).toEqual(body.content[1].input);
    expect(completion.choices[0]?.finish_reason).toBe('stop');
  });

  it('keeps the text when, asked for JSON, Claude calls one of the client tools instead', () => {
    const request = createRequest({
      response_format: { type: 'json_object' },
      tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } }],
    });
    const completion = convertResponse(
      {
        id: 'msg_t',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5-20250929',
        content: [
          { type: 'text', text: 'Let me look that up.' },
          { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { q: 'x' } },
        ],
        stop_reason: 'tool_use',
        stop_sequence: null,
        usage: { input_tokens: 10, output_tokens: 5 },
      },
      createContext(request),
    );
    expectValid(completion);
    expect(completion.choices[0]?.message.content).toBe('Let me look that up.');
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('reads a tool named like the JSON tool as a tool call when the client asked for no JSON', () => {
    const body = JSON.parse(renameJsonTool(readFixtureText('anthropic-json-tool.1.json')));
    const completion = convertResponse(body, createContext());
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(completion.choices[0]?.message.content).toBeNull();
  });

  it('maps a refusal to content_filter with the explanation in refusal', () => {
    const completion = convertResponse(readFixtureJson('anthropic-refusal.json'), createContext());
    expectValid(completion);
    expect(completion.choices[0]).toMatchObject({
      finish_reason: 'content_filter',
      message: { content: '', refusal: expect.stringContaining('Usage Policy') },
    });
    const bare = convertResponse(readFixtureJson('anthropic-refusal-no-details.json'), createContext());
    expectValid(bare);
    expect(bare.choices[0]).toMatchObject({ finish_reason: 'content_filter', message: { refusal: null } });
  });

  it('counts cache reads and writes as prompt tokens', () => {
    const completion = convertResponse(
      {
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        content: [{ type: 'text', text: 'ok' }],
        stop_reason: 'max_tokens',
        usage: {
          input_tokens: 10,
          cache_creation_input_tokens: 200,
          cache_read_input_tokens: 3000,
          output_tokens: 5,
        },
      },
      createContext(),
    );
    expect(completion.choices[0]?.finish_reason).toBe('length');
    expect(completion.usage).toEqual({
      prompt_tokens: 3210,
      completion_tokens: 5,
      total_tokens: 3215,
      prompt_tokens_details: { cached_tokens: 3000 },
    });
  });

  it('keeps redacted thinking as an encrypted reasoning detail and skips server-tool blocks', () => {
    const completion = convertResponse(
      {
        id: 'msg_2',
        content: [
          { type: 'redacted_thinking', data: 'EmwKAhgB' },
          { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'x' } },
          { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] },
          { type: 'text', text: 'Found it.' },
        ],
        stop_reason: 'end_turn',
      },
      createContext(),
    );
    expectValid(completion);
    const message = completion.choices[0]?.message as Record<string, unknown>;
    expect(message.content).toBe('Found it.');
    expect(message.reasoning_details).toEqual([
      { type: 'reasoning.encrypted', data: 'EmwKAhgB', format: 'anthropic-claude-v1', index: 0 },
    ]);
  });

  it('translates a real high-effort reasoning answer', () => {
    const completion = convertResponse(
      readFixtureJson('anthropic-claude-opus-5-reasoning-high.1.json'),
      createContext(),
    );
    expectValid(completion);
    expect(completion.choices[0]?.message.reasoning_content).toMatch(/^I need to find all roots/);
  });

  it('throws a 502 upstream_malformed_response, not retryable, for a body that is not a message', () => {
    expect(() => convertResponse({ hello: 'world' }, createContext())).toThrow(
      expect.objectContaining({ status: 502, code: 'upstream_malformed_response', retryable: false }),
    );
  });
});
