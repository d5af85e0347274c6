import { chatCompletionSchema } from '@llmux/contract';
import { ProviderError } from '@llmux/provider-kit';
import { describe, expect, it } from 'vitest';
import { convertChatResponse } from './convert-response.js';
import type { ChatDialect } from './dialect.js';
import { createContext, readJsonFixture } from './fixture-helpers.js';
import { openAIChatDialect } from './openai-chat-dialect.js';

const fixture = (name: string) => readJsonFixture(new URL(`./__fixtures__/${name}`, import.meta.url));

describe('convertChatResponse (OpenAI)', () => {
  it('normalises the recorded text answer to the strict contract, with the gateway id and public model', () => {
    const completion = convertChatResponse(
      fixture('openai-text.json'),
      createContext({ publicModel: 'gpt-4-1-nano' }),
      openAIChatDialect,
    );
    expect(chatCompletionSchema.safeParse(completion).success).toBe(true);
    expect(completion).toMatchObject({
      id: 'chatcmpl-llmux-1',
      object: 'chat.completion',
      created: 1_780_000_000,
      model: 'gpt-4-1-nano',
      choices: [
        { index: 0, logprobs: null, finish_reason: 'stop', message: { role: 'assistant', refusal: null } },
      ],
      usage: {
        prompt_tokens: 16,
        completion_tokens: 363,
        total_tokens: 379,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0 },
      },
    });
    expect(completion.choices[0]?.message.content).toMatch(/^\*\*Holiday Name:\*\* Galaxy Day/);
  });

  it('fills in refusal and logprobs, sets null content for tool-only messages and makes missing tool-call ids', () => {
    const completion = convertChatResponse(
      {
        id: 'x',
        model: 'm',
        choices: [
          {
            message: {
              role: 'assistant',
              content: '',
              tool_calls: [
                { id: '', type: 'function', function: { name: 'w', arguments: { city: 'Paris' } } },
                { id: 'call_2', type: 'function', function: { name: 'v', arguments: '{}' } },
              ],
            },
            finish_reason: 'tool_calls',
          },
        ],
      },
      createContext(),
      openAIChatDialect,
    );
    expect(chatCompletionSchema.safeParse(completion).success).toBe(true);
    expect(completion.choices[0]).toEqual({
      index: 0,
      message: {
        role: 'assistant',
        content: null,
        refusal: null,
        tool_calls: [
          { id: 'call_llmux_1', type: 'function', function: { name: 'w', arguments: '{"city":"Paris"}' } },
          { id: 'call_2', type: 'function', function: { name: 'v', arguments: '{}' } },
        ],
      },
      logprobs: null,
      finish_reason: 'tool_calls',
    });
    expect(completion).not.toHaveProperty('usage');
  });

  it('maps function_call to tool_calls, unknown reasons to stop, and a missing reason from the message', () => {
    const reasons = (finish: unknown, toolCalls = false) =>
      convertChatResponse(
        {
          choices: [
            {
              message: {
                content: 'x',
                ...(toolCalls ? { tool_calls: [{ id: 'c', function: { name: 'f', arguments: '{}' } }] } : {}),
              },
              finish_reason: finish,
            },
          ],
        },
        createContext(),
        openAIChatDialect,
      ).choices[0]?.finish_reason;
    expect(reasons('function_call')).toBe('tool_calls');
    expect(reasons('something_new')).toBe('stop');
    expect(reasons(null)).toBe('stop');
    expect(reasons(undefined, true)).toBe('tool_calls');
  });

  it('throws the error kind a dialect maps a finish reason to', () => {
    const dialect: ChatDialect = {
      ...openAIChatDialect,
      finishReasons: { network_error: { error: 'server' } },
    };
    expect(() =>
      convertChatResponse(
        { choices: [{ message: { content: '' }, finish_reason: 'network_error' }] },
        createContext(),
        dialect,
      ),
    ).toThrow(expect.objectContaining({ status: 502, retryable: true }));
  });

  it('throws a 502 (not retryable) for a body that is not a completion, and the error for an error body', () => {
    expect(() => convertChatResponse({ nope: true }, createContext(), openAIChatDialect)).toThrow(
      ProviderError,
    );
    expect(() => convertChatResponse('<html>', createContext(), openAIChatDialect)).toThrow(
      expect.objectContaining({ status: 502, code: 'upstream_malformed_response', retryable: false }),
    );
    expect(() =>
      convertChatResponse(
        { error: { message: 'bad', type: 'invalid_request_error' } },
        createContext(),
        openAIChatDialect,
      ),
    ).toThrow(expect.objectContaining({ vendorMessage: 'bad' }));
  });

  it('keeps url citations (annotations) and leaves out an empty list', () => {
    const citation = {
      type: 'url_citation',
      url_citation: { url: 'https://example.com', title: 'x', start_index: 0, end_index: 3 },
    };
    const message = (annotations: unknown[]) =>
      convertChatResponse(
        { choices: [{ message: { content: 'abc', annotations }, finish_reason: 'stop' }] },
        createContext(),
        openAIChatDialect,
      ).choices[0]?.message;
    expect(message([citation])).toMatchObject({ annotations: [citation] });
    expect(message([])).not.toHaveProperty('annotations');
  });

  it('passes reasoning text through as reasoning_content, from any field a vendor uses', () => {
    const reasoning = (message: Record<string, unknown>) =>
      convertChatResponse(
        { choices: [{ message: { content: 'a', ...message }, finish_reason: 'stop' }] },
        createContext(),
        openAIChatDialect,
      ).choices[0]?.message.reasoning_content;
    expect(reasoning({ reasoning_content: 'r1' })).toBe('r1');
    expect(reasoning({ reasoning: 'r2' })).toBe('r2');
    expect(reasoning({ reasoning_details: [{ type: 'reasoning.text', text: 'r3' }, { text: 'r4' }] })).toBe(
      'r3r4',
    );
    expect(reasoning({})).toBeUndefined();
  });
});
