import type { ChatCompletionRequest, CompletionMessage } from '@llmux/contract';
import { accumulateChunks } from '@llmux/sse';
import { ChatCompletionStream } from 'openai/lib/ChatCompletionStream';
import { describe, expect, it } from 'vitest';
import { convertRequest } from './convert-request.js';
import { convertResponse } from './convert-response.js';
import { createStreamTranslator } from './convert-stream.js';
import { createContext, createTarget, readChunksFixture, readJsonFixture } from './test-support/fixtures.js';

const target = createTarget({ publicModel: 'gemini-3-pro-preview', upstreamModel: 'gemini-3-pro-preview' });

/** The next request of an OpenAI SDK tool loop: the assistant message sent back as received, plus the result. */
function sendBack(message: CompletionMessage): ChatCompletionRequest {
  const call = message.tool_calls?.[0];
  if (!call) throw new Error('the answer has no tool call');
  return {
    model: 'gemini-3-pro-preview',
    messages: [
      { role: 'user', content: 'Weather in San Francisco?' },
      message as ChatCompletionRequest['messages'][number],
      { role: 'tool', tool_call_id: call.id, content: '{"temperature":18}' },
    ],
  };
}

function firstFunctionCallPart(request: ChatCompletionRequest) {
  const { body, warnings } = convertRequest(request, target);
  const part = body.contents[1]?.parts.find((candidate) => candidate.functionCall);
  return { part, warnings };
}

describe('the Gemini 3 thought signature survives the round trip through the OpenAI shape', () => {
  it('from a whole answer', () => {
    const body = readJsonFixture('google-tool-call-gemini3.json') as {
      candidates: Array<{ content: { parts: Array<{ thoughtSignature?: string }> } }>;
    };
    const signature = body.candidates[0]?.content.parts.find(
      (part) => part.thoughtSignature,
    )?.thoughtSignature;
    expect(signature).toBeTruthy();
    const completion = convertResponse(body, createContext());
    const { part, warnings } = firstFunctionCallPart(sendBack(completion.choices[0]!.message));
    expect(part?.thoughtSignature).toBe(signature);
    expect(warnings).toEqual([]);
  });

  it('from a stream assembled by @llmux/sse accumulateChunks', () => {
    const events = readChunksFixture('google-tool-call-gemini3.chunks.txt');
    const signature = JSON.parse(events[0]!.data).candidates[0].content.parts[0].thoughtSignature;
    expect(signature).toBeTruthy();
    const translator = createStreamTranslator(createContext());
    const chunks = [...events.flatMap((event) => translator.push(event)), ...translator.finish()];
    const completion = accumulateChunks(chunks);
    const { part, warnings } = firstFunctionCallPart(sendBack(completion.choices[0]!.message));
    expect(part?.thoughtSignature).toBe(signature);
    expect(warnings).toEqual([]);
  });

  it('from a stream assembled by the official openai SDK (ChatCompletionStream)', async () => {
    const events = readChunksFixture('google-tool-call-gemini3.chunks.txt');
    const signature = JSON.parse(events[0]!.data).candidates[0].content.parts[0].thoughtSignature;
    const translator = createStreamTranslator(createContext());
    const chunks = [...events.flatMap((event) => translator.push(event)), ...translator.finish()];
    const lines = new TextEncoder().encode(chunks.map((chunk) => `${JSON.stringify(chunk)}\n`).join(''));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(lines);
        controller.close();
      },
    });
    const completion = await ChatCompletionStream.fromReadableStream(body).finalChatCompletion();
    const message = completion.choices[0]!.message as unknown as CompletionMessage;
    const { part, warnings } = firstFunctionCallPart(sendBack(message));
    expect(part?.thoughtSignature).toBe(signature);
    expect(warnings).toEqual([]);
  });
});
