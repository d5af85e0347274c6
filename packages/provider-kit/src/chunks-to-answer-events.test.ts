import type { ChatCompletionChunk } from '@llmux/contract';
import { describe, expect, it } from 'vitest';
import type { AnswerEvent } from './answer-events.js';
import { createChunkBlockifier } from './chunks-to-answer-events.js';

function chunk(delta: Record<string, unknown>, finish: string | null = null): ChatCompletionChunk {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: 0, delta, finish_reason: finish }],
  } as ChatCompletionChunk;
}

const usageChunk = {
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'm',
  choices: [],
  usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
} as ChatCompletionChunk;

function run(chunks: ChatCompletionChunk[]): AnswerEvent[] {
  const blockifier = createChunkBlockifier();
  const events = chunks.flatMap((each) => blockifier.push(each));
  return [...events, ...blockifier.finish()];
}

describe('createChunkBlockifier', () => {
  it('opens a block per kind of delta and closes it when the next kind starts (DeepSeek-style reasoning)', () => {
    const events = run([
      chunk({ role: 'assistant', reasoning_content: 'think ' }),
      chunk({ reasoning_content: 'more' }),
      chunk({ content: 'Hel' }),
      chunk({ content: 'lo' }),
      chunk({}, 'stop'),
      usageChunk,
    ]);
    expect(events).toEqual([
      { type: 'block-start', index: 0, block: { type: 'thinking' } },
      { type: 'thinking-delta', index: 0, text: 'think ' },
      { type: 'thinking-delta', index: 0, text: 'more' },
      { type: 'block-stop', index: 0 },
      { type: 'block-start', index: 1, block: { type: 'text' } },
      { type: 'text-delta', index: 1, text: 'Hel' },
      { type: 'text-delta', index: 1, text: 'lo' },
      { type: 'block-stop', index: 1 },
      { type: 'finish', reason: 'stop', usage: usageChunk.usage },
    ]);
  });

  it('gives each tool call its own block, arguments as deltas, a Gemini signature under its vendor', () => {
    const events = run([
      chunk({
        role: 'assistant',
        tool_calls: [
          {
            index: 0,
            id: 'call_a',
            type: 'function',
            function: { name: 'Bash', arguments: '' },
            extra_content: { google: { thought_signature: 'c2ln' } },
          },
        ],
      }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"command":' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '"ls"}' } }] }),
      chunk({ tool_calls: [{ index: 1, id: 'call_b', function: { name: 'Read', arguments: '{}' } }] }),
      chunk({}, 'tool_calls'),
    ]);
    expect(events).toEqual([
      { type: 'block-start', index: 0, block: { type: 'tool-call', id: 'call_a', name: 'Bash' } },
      { type: 'signature', index: 0, vendor: 'gemini', signature: 'c2ln' },
      { type: 'arguments-delta', index: 0, json: '{"command":' },
      { type: 'arguments-delta', index: 0, json: '"ls"}' },
      { type: 'block-stop', index: 0 },
      { type: 'block-start', index: 1, block: { type: 'tool-call', id: 'call_b', name: 'Read' } },
      { type: 'arguments-delta', index: 1, json: '{}' },
      { type: 'block-stop', index: 1 },
      { type: 'finish', reason: 'tool_calls', usage: undefined },
    ]);
  });

  it('puts an Anthropic signature (sent whole in reasoning_details) on the thinking block it closes', () => {
    const events = run([
      chunk({ role: 'assistant', reasoning_content: 'plan' }),
      chunk({
        reasoning_details: [
          {
            type: 'reasoning.text',
            text: 'plan',
            signature: 'EqQB',
            format: 'anthropic-claude-v1',
            index: 0,
          },
        ],
      }),
      chunk({ content: 'ok' }, 'stop'),
    ]);
    expect(events.slice(0, 4)).toEqual([
      { type: 'block-start', index: 0, block: { type: 'thinking' } },
      { type: 'thinking-delta', index: 0, text: 'plan' },
      { type: 'signature', index: 0, vendor: 'anthropic', signature: 'EqQB' },
      { type: 'block-stop', index: 0 },
    ]);
    expect(events[4]).toEqual({ type: 'block-start', index: 1, block: { type: 'text' } });
  });

  it('gives a signature without streamed thinking, and redacted thinking, blocks of their own', () => {
    const events = run([
      chunk({
        role: 'assistant',
        reasoning_details: [
          { type: 'reasoning.text', text: 'hidden', signature: 'S1', format: 'anthropic-claude-v1' },
          { type: 'reasoning.encrypted', data: 'ENC', format: 'anthropic-claude-v1' },
        ],
      }),
      chunk({ content: 'x' }, 'stop'),
    ]);
    expect(events.slice(0, 7)).toEqual([
      { type: 'block-start', index: 0, block: { type: 'thinking' } },
      { type: 'thinking-delta', index: 0, text: 'hidden' },
      { type: 'signature', index: 0, vendor: 'anthropic', signature: 'S1' },
      { type: 'block-stop', index: 0 },
      {
        type: 'block-start',
        index: 1,
        block: { type: 'redacted-thinking', data: 'ENC', vendor: 'anthropic' },
      },
      { type: 'block-stop', index: 1 },
      { type: 'block-start', index: 2, block: { type: 'text' } },
    ]);
  });

  it('ignores other choices and reports whether a finish reason came', () => {
    const blockifier = createChunkBlockifier();
    const other = chunk({ content: 'second choice' });
    other.choices[0]!.index = 1;
    expect(blockifier.push(other)).toEqual([]);
    expect(blockifier.finished).toBe(false);
    blockifier.push(chunk({ content: 'a' }, 'length'));
    expect(blockifier.finished).toBe(true);
    expect(blockifier.finish()).toEqual([{ type: 'finish', reason: 'length', usage: undefined }]);
  });
});
