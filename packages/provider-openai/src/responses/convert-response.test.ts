import { isProviderError, type ProviderError } from '@llmux/provider-kit';
import { validateCompletion } from '@llmux/provider-kit/testing';
import { describe, expect, it } from 'vitest';
import { convertResponsesResponse } from './convert-response.js';
import { createContext, readFixtureJson } from './fixture-helpers.js';

function convert(body: unknown) {
  const completion = convertResponsesResponse(body, createContext());
  expect(validateCompletion(completion)).toEqual([]);
  return completion;
}

function failure(body: unknown): ProviderError {
  try {
    convertResponsesResponse(body, createContext());
  } catch (error) {
    if (isProviderError(error)) return error;
    throw error;
  }
  throw new Error('expected a ProviderError');
}

const base = { id: 'resp_1', object: 'response', status: 'completed', model: 'gpt-5.3-codex' };

describe('convertResponsesResponse', () => {
  it('translates the recorded reasoning answer: summary, text, usage with reasoning tokens', () => {
    const completion = convert(readFixtureJson('openai-reasoning-encrypted-content.1.json'));
    expect(completion).toMatchObject({
      id: 'chatcmpl-llmux-1',
      object: 'chat.completion',
      created: 1_780_000_000,
      model: 'gpt-5-3-codex',
      service_tier: 'default',
      choices: [
        {
          index: 0,
          finish_reason: 'stop',
          logprobs: null,
          message: {
            role: 'assistant',
            content: '12 + 7 = 19\n19 × 3 = 57\n57 × 10 = 570\n\nFinal result: 570',
            refusal: null,
            reasoning_content: expect.stringMatching(/^\*\*Reporting final result\*\*/),
          },
        },
      ],
      usage: {
        prompt_tokens: 865,
        completion_tokens: 163,
        total_tokens: 1028,
        prompt_tokens_details: { cached_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 128 },
      },
    });
    expect(JSON.stringify(completion)).not.toContain('encrypted');
  });

  it('uses call_id, not the item id, as the tool call id', () => {
    const completion = convert(readFixtureJson('parallel-tool-call-wrapper.1.json'));
    expect(completion.choices[0]?.message.tool_calls?.[0]).toMatchObject({
      id: 'call_parallel',
      type: 'function',
      function: { name: 'parallel' },
    });
    expect(completion.choices[0]?.message.content).toBeNull();
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('keeps the order of several calls and joins several summaries with a blank line', () => {
    const completion = convert({
      ...base,
      output: [
        {
          type: 'reasoning',
          id: 'rs_1',
          summary: [
            { type: 'summary_text', text: 'First.' },
            { type: 'summary_text', text: 'Second.' },
          ],
        },
        { type: 'function_call', id: 'fc_1', call_id: 'call_a', name: 'a', arguments: '{}' },
        { type: 'function_call', id: 'fc_2', call_id: 'call_b', name: 'b', arguments: '{"x":1}' },
      ],
    });
    const message = completion.choices[0]!.message;
    expect(message.reasoning_content).toBe('First.\n\nSecond.');
    expect(message.tool_calls?.map((call) => [call.id, call.function.name, call.function.arguments])).toEqual(
      [
        ['call_a', 'a', '{}'],
        ['call_b', 'b', '{"x":1}'],
      ],
    );
  });

  it('concatenates output_text parts across messages and puts refusals in refusal', () => {
    const text = convert({
      ...base,
      output: [
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Hello ' }] },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'world' }] },
      ],
    });
    expect(text.choices[0]!.message.content).toBe('Hello world');
    const refused = convert(readFixtureJson('handmade-refusal.json'));
    expect(refused.choices[0]!.message).toMatchObject({ content: null, refusal: "I can't help with that." });
    expect(refused.choices[0]!.finish_reason).toBe('stop');
  });

  it.each([
    ['handmade-max-output-tokens.json', 'length'],
    ['handmade-content-filter.json', 'content_filter'],
  ])('maps the incomplete %s to %s', (name, reason) => {
    expect(convert(readFixtureJson(name)).choices[0]!.finish_reason).toBe(reason);
  });

  it('answers an empty completed output with empty content', () => {
    const completion = convert({ ...base, output: [] });
    expect(completion.choices[0]!.message.content).toBe('');
  });

  it('ignores output items it does not translate (web search calls)', () => {
    const completion = convert({
      ...base,
      output: [
        { type: 'web_search_call', id: 'ws_1', status: 'completed' },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Found.' }] },
      ],
    });
    expect(completion.choices[0]!.message.content).toBe('Found.');
  });

  it('throws the mapped error of a failed response', () => {
    const error = failure({
      ...base,
      status: 'failed',
      output: [],
      error: { code: 'rate_limit_exceeded', message: 'slow down' },
    });
    expect(error).toMatchObject({ status: 429, type: 'rate_limit_error', retryable: true });
    expect(
      failure({ ...base, status: 'failed', output: [], error: { code: 'server_error', message: 'boom' } }),
    ).toMatchObject({
      status: 502,
      retryable: true,
    });
  });

  it('throws a 502 (not retryable) for a body that is not a response', () => {
    expect(failure({ choices: [] })).toMatchObject({
      status: 502,
      code: 'upstream_malformed_response',
      retryable: false,
    });
    expect(failure('nonsense')).toMatchObject({ status: 502 });
  });
});
