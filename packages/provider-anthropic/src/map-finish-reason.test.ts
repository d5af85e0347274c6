import { describe, expect, it } from 'vitest';
import { mapFinishReason } from './map-finish-reason.js';

describe('mapFinishReason', () => {
  it.each([
    ['end_turn', false, 'stop'],
    ['stop_sequence', false, 'stop'],
    ['pause_turn', false, 'stop'],
    ['max_tokens', false, 'length'],
    ['max_tokens', true, 'length'],
    ['model_context_window_exceeded', false, 'length'],
    ['tool_use', true, 'tool_calls'],
    // The only tool called was the JSON-answer emulation.
    ['tool_use', false, 'stop'],
    ['refusal', false, 'content_filter'],
    ['a_future_reason', false, 'stop'],
    [null, false, 'stop'],
  ] as const)('%s (client tools called: %s) → %s', (stopReason, calledClientTools, expected) => {
    expect(mapFinishReason(stopReason, { calledClientTools })).toBe(expected);
  });
});
