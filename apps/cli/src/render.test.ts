import type { ChatCompletionChunk } from '@llmux/contract';
import { describe, expect, it } from 'vitest';
import { createStyle } from './format.js';
import { AnswerRenderer, formatToolCall } from './render.js';

function chunk(delta: ChatCompletionChunk['choices'][number]['delta']): ChatCompletionChunk {
  return {
    id: 'c',
    object: 'chat.completion.chunk',
    created: 0,
    model: 'm',
    choices: [{ index: 0, delta, finish_reason: null }],
  };
}

function collect(sameStream: boolean, color: boolean) {
  const output = { answer: '', reasoning: '' };
  const style = createStyle({ isTTY: color }, {});
  const renderer = new AnswerRenderer({
    answer: { write: (text: string) => (output.answer += text) },
    reasoning: sameStream
      ? { write: (text: string) => (output.answer += text) }
      : { write: (text: string) => (output.reasoning += text) },
    answerStyle: style,
    reasoningStyle: style,
    sameStream,
  });
  return { output, renderer };
}

describe('AnswerRenderer', () => {
  it('shows reasoning dimmed, then a blank line, then the answer, on one terminal', () => {
    const { output, renderer } = collect(true, true);
    renderer.push(chunk({ role: 'assistant', reasoning_content: 'Thinking' }));
    renderer.push(chunk({ reasoning_content: ' more.' }));
    renderer.push(chunk({ content: 'Answer' }));
    renderer.push(chunk({ content: '.' }));
    renderer.finish();
    expect(output.answer).toBe('\u001b[2mThinking\u001b[22m\u001b[2m more.\u001b[22m\n\nAnswer.\n');
    expect(renderer.text).toBe('Answer.');
  });

  it('keeps reasoning on its own stream when the answer goes to a pipe', () => {
    const { output, renderer } = collect(false, false);
    renderer.push(chunk({ reasoning_content: 'Hmm.' }));
    renderer.push(chunk({ content: 'Yes.\n' }));
    renderer.finish();
    expect(output).toEqual({ answer: 'Yes.\n', reasoning: 'Hmm.\n' });
  });

  it('assembles tool call fragments and prints each call once, with pretty arguments', () => {
    const { output, renderer } = collect(false, false);
    renderer.push(
      chunk({
        tool_calls: [
          { index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } },
        ],
      }),
    );
    renderer.push(chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }));
    renderer.push(
      chunk({
        tool_calls: [
          { index: 0, function: { arguments: '"Paris"}' } },
          { index: 1, id: 'call_2', function: { name: 'get_time', arguments: 'not json' } },
        ],
      }),
    );
    renderer.finish();
    expect(output.answer).toBe(
      '→ tool call: get_weather (call_1)\n  {\n    "city": "Paris"\n  }\n→ tool call: get_time (call_2)\n  not json\n',
    );
  });

  it('renders a whole completion the same way', () => {
    const { output, renderer } = collect(true, false);
    renderer.renderCompletion({
      id: 'c',
      object: 'chat.completion',
      created: 0,
      model: 'm',
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          logprobs: null,
          message: {
            role: 'assistant',
            content: 'Let me check.',
            refusal: null,
            tool_calls: [{ id: 'call_9', type: 'function', function: { name: 'lookup', arguments: '{}' } }],
          },
        },
      ],
    });
    renderer.finish();
    expect(output.answer).toBe('Let me check.\n\n→ tool call: lookup (call_9)\n  {}\n');
  });
});

describe('formatToolCall', () => {
  it('bolds the name on a terminal', () => {
    expect(formatToolCall({ name: 'f', arguments: '{"a":1}' }, createStyle({ isTTY: true }, {}))).toBe(
      '\u001b[1m→ tool call: f\u001b[22m\n  {\n    "a": 1\n  }\n',
    );
  });
});
