import type { AnswerEvent } from '@llmux/provider-kit';
import { unwrapForeignSignature, wrapForeignSignature } from '@llmux/provider-kit';
import { describe, expect, it } from 'vitest';
import { encodeGeminiResponse, reasoningProof } from './encode-response.js';
import { createGeminiStreamEncoder } from './encode-stream.js';
import { CLAUDE_MODEL, DEEPSEEK_MODEL, GEMINI_MODEL, inbound } from './test-support.js';
import { toHubRequest } from './to-hub-request.js';

type Part = Record<string, unknown>;
const context = { responseId: 'resp_1', created: 1, publicModel: 'public-model', request: {} };
const CALL = { id: 'call_1', type: 'function' as const, function: { name: 'run', arguments: '{"a":1}' } };
const USER = { role: 'user', parts: [{ text: 'Run it' }] };
const RESPONSE = {
  role: 'user',
  parts: [{ functionResponse: { id: 'call_1', name: 'run', response: { output: 'ok' } } }],
};

function wholeParts(message: Record<string, unknown>): Part[] {
  const answer = {
    id: 'x',
    object: 'chat.completion' as const,
    created: 1,
    model: 'm',
    choices: [
      {
        index: 0,
        message: { role: 'assistant' as const, content: null, refusal: null, ...message },
        logprobs: null,
        finish_reason: 'tool_calls' as const,
      },
    ],
  };
  const encoded = JSON.parse(encodeGeminiResponse(answer, context)) as {
    candidates: Array<{ content: { parts: Part[] } }>;
  };
  return encoded.candidates[0]?.content.parts ?? [];
}

function streamChunks(events: AnswerEvent[]): Part[][] {
  const encoder = createGeminiStreamEncoder(context);
  const text = events.map((event) => encoder.push(event)).join('') + encoder.finish();
  return text
    .split('\r\n\r\n')
    .filter((event) => event !== '')
    .map(
      (event) =>
        (JSON.parse(event.slice('data: '.length)) as { candidates: Array<{ content: { parts: Part[] } }> })
          .candidates[0]?.content.parts ?? [],
    );
}

/** What gemini-cli keeps of a model turn: no thought parts, the rest as given. */
function asGeminiCliKeepsIt(parts: Part[]): Part[] {
  return parts.filter((part) => part.thought !== true);
}

describe('reasoning proof on the first functionCall', () => {
  it('carries unsigned reasoning (DeepSeek) as its text, and brings it back as reasoning_content', () => {
    const parts = wholeParts({
      reasoning_content: 'Think first.',
      tool_calls: [CALL, { ...CALL, id: 'call_2' }],
    });
    const calls = parts.filter((part) => part.functionCall !== undefined);
    expect(calls[0]?.thoughtSignature).toBe(wrapForeignSignature('none', 'Think first.'));
    expect(calls[1]?.thoughtSignature).toBeUndefined();
    expect(parts[0]).toMatchObject({ text: 'Think first.', thought: true });

    const body = { contents: [USER, { role: 'model', parts: asGeminiCliKeepsIt(parts) }, RESPONSE] };
    const assistant = toHubRequest(inbound(body), DEEPSEEK_MODEL).request.messages[1] as Record<
      string,
      unknown
    >;
    expect(assistant.reasoning_content).toBe('Think first.');
    expect(assistant.tool_calls).toHaveLength(2);
  });

  it("carries Claude's thinking and signature as JSON, and brings them back as reasoning_details", () => {
    const details = [
      { type: 'reasoning.text', text: 'Hmm.', signature: 'SIG1', format: 'anthropic-claude-v1' },
      { type: 'reasoning.encrypted', data: 'REDACTED', format: 'anthropic-claude-v1' },
    ];
    const parts = wholeParts({ reasoning_content: 'Hmm.', reasoning_details: details, tool_calls: [CALL] });
    const proof = unwrapForeignSignature(String(parts.find((part) => part.functionCall)?.thoughtSignature));
    expect(proof?.vendor).toBe('anthropic');
    expect(JSON.parse(proof?.signature ?? '')).toEqual([
      { thinking: 'Hmm.', signature: 'SIG1' },
      { data: 'REDACTED' },
    ]);

    const body = { contents: [USER, { role: 'model', parts: asGeminiCliKeepsIt(parts) }, RESPONSE] };
    const assistant = toHubRequest(inbound(body), CLAUDE_MODEL).request.messages[1] as Record<
      string,
      unknown
    >;
    expect(assistant.reasoning_details).toEqual(details);
  });

  it("leaves a call Gemini signed as it is, and makes no proof for OpenAI's encrypted reasoning", () => {
    const signed = { ...CALL, extra_content: { google: { thought_signature: 'GSIG' } } };
    const parts = wholeParts({ reasoning_content: 'x', tool_calls: [signed] });
    expect(parts.find((part) => part.functionCall)?.thoughtSignature).toBe('GSIG');
    expect(reasoningProof([{ kind: 'redacted', vendor: 'openai', data: 'ENC' }])).toBeUndefined();
  });

  it('streams the calls last, the first with the proof, even when the signature comes after them', () => {
    // The Anthropic adapter streams its thinking unsigned, then again whole with the signature at the end.
    const chunks = streamChunks([
      { type: 'block-start', index: 0, block: { type: 'thinking' } },
      { type: 'thinking-delta', index: 0, text: 'Hm' },
      { type: 'thinking-delta', index: 0, text: 'm.' },
      { type: 'block-stop', index: 0 },
      { type: 'block-start', index: 1, block: { type: 'tool-call', id: 'call_1', name: 'run' } },
      { type: 'arguments-delta', index: 1, json: '{"a":1}' },
      { type: 'block-stop', index: 1 },
      { type: 'block-start', index: 2, block: { type: 'thinking' } },
      { type: 'thinking-delta', index: 2, text: 'Hmm.' },
      { type: 'signature', index: 2, vendor: 'anthropic', signature: 'SIG1' },
      { type: 'block-stop', index: 2 },
      { type: 'finish', reason: 'tool_calls', usage: undefined },
    ]);
    const parts = chunks.flat();
    const thoughts = parts.filter((part) => part.thought === true);
    expect(thoughts.map((part) => part.text).join('')).toBe('Hmm.');
    expect(chunks.at(-1)?.map((part) => Object.keys(part)[0])).toEqual(['functionCall']);
    const proof = unwrapForeignSignature(String(chunks.at(-1)?.[0]?.thoughtSignature));
    expect(JSON.parse(proof?.signature ?? '')).toEqual([{ thinking: 'Hmm.', signature: 'SIG1' }]);
  });

  it('streams a new thought after an unsigned one as it is, once', () => {
    const parts = streamChunks([
      { type: 'block-start', index: 0, block: { type: 'thinking' } },
      { type: 'thinking-delta', index: 0, text: 'One.' },
      { type: 'block-stop', index: 0 },
      { type: 'block-start', index: 1, block: { type: 'thinking' } },
      { type: 'thinking-delta', index: 1, text: 'Two.' },
      { type: 'block-stop', index: 1 },
      { type: 'block-start', index: 2, block: { type: 'tool-call', id: 'call_1', name: 'run' } },
      { type: 'finish', reason: 'tool_calls', usage: undefined },
    ]).flat();
    expect(
      parts
        .filter((part) => part.thought === true)
        .map((part) => part.text)
        .join(''),
    ).toBe('One.Two.');
    expect(parts.find((part) => part.functionCall)?.thoughtSignature).toBe(
      wrapForeignSignature('none', 'One.Two.'),
    );
  });
});

describe('toHubRequest: a chat history of streamed chunks', () => {
  it('merges consecutive model contents into one assistant message, parts in order', () => {
    const body = {
      contents: [
        USER,
        { role: 'model', parts: [{ text: 'Let me ', thought: true }] },
        { role: 'model', parts: [{ text: 'see.', thought: true }] },
        {
          role: 'model',
          parts: [{ text: '', thought: true, thoughtSignature: wrapForeignSignature('none', '') }],
        },
        { role: 'model', parts: [{ text: 'Running.' }] },
        { role: 'model', parts: [{ functionCall: { name: 'run', args: {} } }] },
        { role: 'model', parts: [{ text: '' }] },
        { role: 'user', parts: [{ functionResponse: { name: 'run', response: { output: 'ok' } } }] },
      ],
    };
    const { messages } = toHubRequest(inbound(body), DEEPSEEK_MODEL).request;
    expect(messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool']);
    const assistant = messages[1] as Record<string, unknown>;
    expect(assistant.content).toBe('Running.');
    expect(assistant.reasoning_content).toBe('Let me \n\nsee.');
    // The call's id is where it stood in the request, as before the merge.
    expect((assistant.tool_calls as Array<{ id: string }>)[0]?.id).toBe('call_5_0');
    expect((messages[2] as { tool_call_id: string }).tool_call_id).toBe('call_5_0');
  });

  it('keeps a Gemini signature for Gemini across merged chunks', () => {
    const body = {
      contents: [
        USER,
        { role: 'model', parts: [{ text: 'x', thought: true }] },
        {
          role: 'model',
          parts: [{ functionCall: { id: 'c', name: 'run', args: {} }, thoughtSignature: 'GSIG' }],
        },
      ],
    };
    const assistant = toHubRequest(inbound(body), GEMINI_MODEL).request.messages[1] as Record<
      string,
      unknown
    >;
    expect(assistant.tool_calls).toMatchObject([
      { extra_content: { google: { thought_signature: 'GSIG' } } },
    ]);
  });
});
