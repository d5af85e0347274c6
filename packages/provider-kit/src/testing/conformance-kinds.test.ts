import { describe, expect, it } from 'vitest';
import { expectKindShown } from './conformance.js';

// The suite files each response fixture under a kind; a fixture that does not show its kind would let an
// adapter pass without the behaviour being tested at all.
describe('expectKindShown', () => {
  it.each([
    ['finishLength', { content: 'Hi', finishReason: 'stop' as const }],
    ['finishContentFilter', { content: '', finishReason: 'stop' as const }],
    ['reasoning', { content: 'Paris.', finishReason: 'stop' as const }],
    ['toolCall', { finishReason: 'stop' as const }],
    [
      'parallelToolCalls',
      { toolCalls: [{ name: 'a', arguments: '{}' }], finishReason: 'tool_calls' as const },
    ],
    [
      'toolCallNoArguments',
      { toolCalls: [{ name: 'a', arguments: '{"x":1}' }], finishReason: 'tool_calls' as const },
    ],
    ['usageDetails', { content: 'Hi', finishReason: 'stop' as const }],
    ['text', { toolCalls: [{ name: 'a', arguments: '{}' }], finishReason: 'tool_calls' as const }],
  ])('fails a %s fixture that does not show it', (kind, expected) => {
    expect(() => expectKindShown(kind, expected)).toThrow();
  });

  it.each([
    ['finishLength', { content: 'Once upon a', finishReason: 'length' as const }],
    ['finishContentFilter', { content: '', finishReason: 'content_filter' as const }],
    ['reasoning', { reasoning: 'Let me think.', content: 'Paris.', finishReason: 'stop' as const }],
    ['toolCall', { toolCalls: [{ name: 'a', arguments: '{}' }], finishReason: 'tool_calls' as const }],
    [
      'toolCallNoArguments',
      { toolCalls: [{ name: 'a', arguments: '' }], finishReason: 'tool_calls' as const },
    ],
    ['usageDetails', { content: 'Hi', finishReason: 'stop' as const, usage: { prompt_tokens: 3 } }],
    ['text', { content: 'Hi', finishReason: 'length' as const }],
    ['twoChoices', { content: 'Same', finishReason: 'stop' as const, choices: 2 }],
  ])('passes a %s fixture that shows it (extra kinds are not constrained)', (kind, expected) => {
    expect(() => expectKindShown(kind, expected)).not.toThrow();
  });
});
