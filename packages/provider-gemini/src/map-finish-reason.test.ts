import { describe, expect, it } from 'vitest';
import { convertUsage } from './convert-usage.js';
import { mapFinishReason } from './map-finish-reason.js';

describe('mapFinishReason', () => {
  it.each([
    ['STOP', false, 'stop'],
    ['STOP', true, 'tool_calls'],
    ['MAX_TOKENS', false, 'length'],
    ['MAX_TOKENS', true, 'length'],
    ['SAFETY', false, 'content_filter'],
    ['RECITATION', false, 'content_filter'],
    ['BLOCKLIST', false, 'content_filter'],
    ['PROHIBITED_CONTENT', false, 'content_filter'],
    ['SPII', false, 'content_filter'],
    ['IMAGE_SAFETY', false, 'content_filter'],
    ['SAFETY', true, 'content_filter'],
    ['MALFORMED_FUNCTION_CALL', false, 'stop'],
    ['OTHER', false, 'stop'],
    ['FINISH_REASON_UNSPECIFIED', false, 'stop'],
    ['SOMETHING_NEW', true, 'tool_calls'],
    [undefined, false, 'stop'],
  ] as const)('maps %s (tool calls: %s) to %s', (finishReason, hasToolCalls, expected) => {
    expect(mapFinishReason(finishReason, hasToolCalls)).toBe(expected);
  });
});

describe('convertUsage', () => {
  it('counts thoughts as completion and reasoning tokens, cached content as cached prompt tokens', () => {
    expect(
      convertUsage({
        promptTokenCount: 2100,
        candidatesTokenCount: 2,
        thoughtsTokenCount: 50,
        cachedContentTokenCount: 2048,
        totalTokenCount: 2152,
      }),
    ).toEqual({
      prompt_tokens: 2100,
      completion_tokens: 52,
      total_tokens: 2152,
      prompt_tokens_details: { cached_tokens: 2048 },
      completion_tokens_details: { reasoning_tokens: 50 },
    });
  });

  it('gives zeros for the counts Gemini leaves out, and nothing without a prompt count', () => {
    expect(convertUsage({ promptTokenCount: 7 })).toEqual({
      prompt_tokens: 7,
      completion_tokens: 0,
      total_tokens: 7,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    });
    expect(convertUsage(undefined)).toBeUndefined();
    expect(convertUsage({ candidatesTokenCount: 3 })).toBeUndefined();
  });
});
