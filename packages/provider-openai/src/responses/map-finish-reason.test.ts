import { describe, expect, it } from 'vitest';
import { mapResponsesFinishReason } from './map-finish-reason.js';

describe('mapResponsesFinishReason', () => {
  it.each([
    ['completed', null, false, 'stop'],
    ['completed', null, true, 'tool_calls'],
    ['incomplete', 'max_output_tokens', false, 'length'],
    ['incomplete', 'max_output_tokens', true, 'length'],
    ['incomplete', 'content_filter', false, 'content_filter'],
    ['incomplete', 'some_future_reason', false, 'length'],
    [undefined, undefined, false, 'stop'],
  ] as const)('status %s, reason %s, tool calls %s → %s', (status, reason, hasToolCalls, expected) => {
    expect(mapResponsesFinishReason(status, reason, hasToolCalls)).toBe(expected);
  });
});
