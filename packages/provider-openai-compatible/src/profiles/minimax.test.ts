import { chatCompletionChunkSchema, chatCompletionSchema } from '@llmux/contract';
import { describe, expect, it } from 'vitest';
import { createOpenAICompatibleAdapter } from '../openai-compatible-adapter.js';
import {
  catchProviderError,
  createContext,
  createRequest,
  createTarget,
  readChunkEvents,
  readJsonFixture,
  replayStream,
} from '../test-support.js';
import { minimaxProfile } from './minimax.js';

const adapter = createOpenAICompatibleAdapter(minimaxProfile);
const m2 = createTarget({
  publicModel: 'minimax-m2.1',
  upstreamModel: 'MiniMax-M2.1',
  baseUrl: minimaxProfile.defaultBaseUrl,
  capabilities: {
    reasoning: true,
    temperature: { min: 0, max: 1 },
    penalties: false,
    jsonMode: false,
    toolChoiceRequired: false,
  },
});
const tools = [{ type: 'function' as const, function: { name: 'f', parameters: { type: 'object' } } }];

describe('MiniMax profile: request', () => {
  it('asks for split reasoning, sends max_completion_tokens and reasoning back as reasoning_details', () => {
    const { request } = adapter.toUpstream(
      createRequest({
        messages: [
          { role: 'user', content: 'hi' },
          {
            role: 'assistant',
            content: null,
            reasoning_content: 'call f',
            tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }],
          },
          { role: 'tool', tool_call_id: 'c1', content: 'ok' },
        ],
        max_tokens: 256,
        tools,
      }),
      m2,
    );
    expect(request.url).toBe('https://api.minimax.io/v1/chat/completions');
    expect(request.body).toEqual({
      model: 'MiniMax-M2.1',
      messages: [
        { role: 'user', content: 'hi' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }],
          reasoning_details: [{ type: 'reasoning.text', text: 'call f' }],
        },
        { role: 'tool', tool_call_id: 'c1', content: 'ok' },
      ],
      max_completion_tokens: 256,
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
      reasoning_split: true,
    });
  });

  it.each([
    [0, 0.01],
    [1.5, 1],
  ])('clamps temperature %s into (0, 1] as %s, with a warning', (given, sent) => {
    const { request, warnings } = adapter.toUpstream(createRequest({ temperature: given }), m2);
    expect(request.body.temperature).toBe(sent);
    expect(warnings).toEqual([expect.objectContaining({ param: 'temperature', action: 'clamped' })]);
  });

  it('honours tool_choice "none" by leaving the tools out and refuses named and required choices', () => {
    const none = adapter.toUpstream(createRequest({ tools, tool_choice: 'none' }), m2);
    expect(none.request.body).not.toHaveProperty('tools');
    expect(none.request.body).not.toHaveProperty('tool_choice');
    expect(none.warnings[0]).toMatchObject({ param: 'tool_choice', action: 'translated' });
    expect(
      catchProviderError(() =>
        adapter.toUpstream(
          createRequest({ tools, tool_choice: { type: 'function', function: { name: 'f' } } }),
          m2,
        ),
      ),
    ).toMatchObject({ status: 400, param: 'tool_choice' });
    expect(
      catchProviderError(() => adapter.toUpstream(createRequest({ tools, tool_choice: 'required' }), m2)),
    ).toMatchObject({
      status: 400,
      param: 'tool_choice',
    });
  });

  it('emulates json_object with a system message (no JSON mode)', () => {
    const { request, warnings } = adapter.toUpstream(
      createRequest({ response_format: { type: 'json_object' } }),
      m2,
    );
    expect(request.body).not.toHaveProperty('response_format');
    expect((request.body.messages as { role: string }[])[0]?.role).toBe('system');
    expect(warnings[0]).toMatchObject({ action: 'emulated' });
  });
});

describe('MiniMax profile: responses and streams (hand-written from the docs)', () => {
  it('turns reasoning_details into reasoning_content', () => {
    const completion = adapter.fromResponse(
      readJsonFixture('minimax/handmade-minimax-reasoning-split.json'),
      createContext(),
    );
    expect(chatCompletionSchema.safeParse(completion).success).toBe(true);
    expect(completion.choices[0]?.message).toMatchObject({
      content: "Hello! I'm doing well, thank you.",
      reasoning_content: 'The user greets me; answer briefly and warmly.',
      refusal: null,
    });
    expect(completion.choices[0]).toMatchObject({ logprobs: null });
  });

  it.each([
    ['handmade-minimax-cumulative-reasoning.chunks.txt', 'The user says hi.'],
    ['handmade-minimax-incremental-reasoning.chunks.txt', 'The user is asking how I am.'],
  ])(
    'streams reasoning_details as increments whether MiniMax sends them cumulative or not (%s)',
    (file, expected) => {
      const chunks = replayStream(adapter, readChunkEvents(`minimax/${file}`));
      for (const chunk of chunks) expect(chatCompletionChunkSchema.safeParse(chunk).success).toBe(true);
      expect(chunks.map((chunk) => chunk.choices[0]?.delta.reasoning_content ?? '').join('')).toBe(expected);
      expect(chunks.at(-1)?.choices).toEqual([]);
    },
  );

  it('reads an error reported in base_resp inside an HTTP 200', () => {
    const error = catchProviderError(() =>
      adapter.fromResponse(readJsonFixture('minimax/handmade-minimax-base-resp-error.json'), createContext()),
    );
    expect(error).toMatchObject({
      type: 'insufficient_quota',
      retryable: false,
      vendorCode: '1008',
      vendorMessage: 'insufficient balance',
    });
  });
});
