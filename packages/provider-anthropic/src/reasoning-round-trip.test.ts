import type { ChatCompletionRequest, CompletionMessage } from '@llmux/contract';
import type { SseEvent } from '@llmux/sse';
import { accumulateChunks } from '@llmux/sse';
import { ChatCompletionStream } from 'openai/lib/ChatCompletionStream';
import { describe, expect, it } from 'vitest';
import {
  createContext,
  createRequest,
  createTarget,
  readFixtureEvents,
  readFixtureJson,
} from './__fixtures__/fixtures.js';
import { convertRequest } from './convert-request.js';
import { convertResponse } from './convert-response.js';
import { createStreamTranslator } from './convert-stream.js';

/**
 * A thinking block's signature must reach Anthropic again byte for byte. These tests take an answer
 * through the OpenAI shape the way a client does (a whole completion, or a stream assembled by
 * @llmux/sse accumulateChunks), send the assistant message back, and compare the blocks Anthropic gets.
 */

function event(data: unknown): SseEvent {
  return { event: (data as { type: string }).type, data: JSON.stringify(data) };
}

function stream(events: SseEvent[]): CompletionMessage {
  const translator = createStreamTranslator(createContext());
  const chunks = [...events.flatMap((item) => translator.push(item)), ...translator.finish()];
  return accumulateChunks(chunks).choices[0]!.message;
}

/**
 * The same stream read by the official openai SDK's `ChatCompletionStream` (what `client.chat.completions
 * .stream()` uses): it assigns every non-standard delta field over the previous one instead of merging.
 */
async function streamThroughOpenAiSdk(events: SseEvent[]): Promise<CompletionMessage> {
  const translator = createStreamTranslator(createContext());
  const chunks = [...events.flatMap((item) => translator.push(item)), ...translator.finish()];
  const lines = new TextEncoder().encode(chunks.map((chunk) => `${JSON.stringify(chunk)}\n`).join(''));
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(lines);
      controller.close();
    },
  });
  const completion = await ChatCompletionStream.fromReadableStream(body).finalChatCompletion();
  return completion.choices[0]!.message as unknown as CompletionMessage;
}

function sendBack(message: CompletionMessage, extra: Partial<ChatCompletionRequest> = {}) {
  const messages: ChatCompletionRequest['messages'] = [
    { role: 'user', content: 'What is 925 / 5?' },
    message as ChatCompletionRequest['messages'][number],
  ];
  for (const call of message.tool_calls ?? [])
    messages.push({ role: 'tool', tool_call_id: call.id, content: '185' });
  if (!message.tool_calls) messages.push({ role: 'user', content: 'And times 2?' });
  return convertRequest(createRequest({ messages, ...extra }), createTarget());
}

/** The recorded thinking block, as Anthropic sent it. */
function recordedThinking(): { thinking: string; signature: string } {
  const body = readFixtureJson('anthropic-clear-thinking.1.json') as {
    content: Array<{ type: string; thinking?: string; signature?: string }>;
  };
  const block = body.content.find((item) => item.type === 'thinking')!;
  return { thinking: block.thinking!, signature: block.signature! };
}

function streamedThinking(events: SseEvent[]): { thinking: string; signature: string } {
  let thinking = '';
  let signature = '';
  for (const item of events) {
    const data = JSON.parse(item.data);
    if (data.delta?.type === 'thinking_delta') thinking += data.delta.thinking;
    if (data.delta?.type === 'signature_delta') signature += data.delta.signature;
  }
  return { thinking, signature };
}

describe('thinking signatures round-trip through the OpenAI shape', () => {
  it('from a whole recorded answer', () => {
    const completion = convertResponse(readFixtureJson('anthropic-clear-thinking.1.json'), createContext());
    const { body } = sendBack(completion.choices[0]!.message);
    expect(body.messages[1]?.content[0]).toEqual({ type: 'thinking', ...recordedThinking() });
  });

  it('from a recorded stream assembled by accumulateChunks', () => {
    const events = readFixtureEvents('anthropic-clear-thinking.1.chunks.txt');
    const expected = streamedThinking(events);
    expect(expected.signature.length).toBeGreaterThan(20);
    const { body } = sendBack(stream(events));
    expect(body.messages[1]?.content[0]).toEqual({ type: 'thinking', ...expected });
    expect(body.messages[1]?.content[1]).toEqual({ type: 'text', text: '925 ÷ 5 = 185' });
  });

  it('from a recorded stream assembled by the official openai SDK (ChatCompletionStream)', async () => {
    const events = readFixtureEvents('anthropic-clear-thinking.1.chunks.txt');
    const { body } = sendBack(await streamThroughOpenAiSdk(events));
    expect(body.messages[1]?.content[0]).toEqual({ type: 'thinking', ...streamedThinking(events) });
  });

  it('in a streamed tool loop with thinking kept on, redacted thinking included', () => {
    const message = stream([
      event({ type: 'message_start', message: { id: 'msg_t', usage: { input_tokens: 5 } } }),
      event({ type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '' } }),
      event({ type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Use ' } }),
      event({
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'thinking_delta', thinking: 'the tool.' },
      }),
      event({
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'signature_delta', signature: 'SIG+/=1' },
      }),
      event({ type: 'content_block_stop', index: 0 }),
      event({
        type: 'content_block_start',
        index: 1,
        content_block: { type: 'redacted_thinking', data: 'ENC==' },
      }),
      event({ type: 'content_block_stop', index: 1 }),
      event({
        type: 'content_block_start',
        index: 2,
        content_block: { type: 'tool_use', id: 'toolu_9', name: 'divide', input: {} },
      }),
      event({
        type: 'content_block_delta',
        index: 2,
        delta: { type: 'input_json_delta', partial_json: '{"a":925,"b":5}' },
      }),
      event({ type: 'content_block_stop', index: 2 }),
      event({ type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 20 } }),
      event({ type: 'message_stop' }),
    ]);
    const { body, warnings } = sendBack(message, {
      reasoning_effort: 'low',
      tools: [{ type: 'function', function: { name: 'divide', parameters: { type: 'object' } } }],
    });
    expect(body.messages[1]?.content).toEqual([
      { type: 'thinking', thinking: 'Use the tool.', signature: 'SIG+/=1' },
      { type: 'redacted_thinking', data: 'ENC==' },
      { type: 'tool_use', id: 'toolu_9', name: 'divide', input: { a: 925, b: 5 } },
    ]);
    expect(body.messages[2]?.content).toEqual([
      { type: 'tool_result', tool_use_id: 'toolu_9', content: '185' },
    ]);
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
    expect(warnings).toEqual([]);
  });
});
