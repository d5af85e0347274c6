import { chatCompletionSchema } from '@llmux/contract';
import { ProviderError } from '@llmux/provider-kit';
import { describe, expect, it } from 'vitest';
import { convertResponse } from './convert-response.js';
import { createContext, readJsonFixture } from './test-support/fixtures.js';

describe('convertResponse', () => {
  it('translates a recorded text answer, with usage counting thoughts as completion', () => {
    const completion = convertResponse(readJsonFixture('google-text.json'), createContext());
    expect(chatCompletionSchema.parse(completion)).toEqual(completion);
    expect(completion).toEqual({
      id: 'chatcmpl-llmux-1',
      object: 'chat.completion',
      created: 1_780_000_000,
      model: 'gemini-3-pro-preview',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: "There are **3** r's in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.",
            refusal: null,
          },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: {
        prompt_tokens: 9,
        completion_tokens: 28 + 244,
        total_tokens: 9 + 28 + 244,
        prompt_tokens_details: { cached_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 244 },
      },
    });
  });

  it('translates a recorded Gemini 3 function call, keeping its thought signature on the tool call', () => {
    const fixture = readJsonFixture('google-tool-call-gemini3.json') as {
      candidates: Array<{ content: { parts: Array<{ thoughtSignature: string }> } }>;
    };
    const completion = convertResponse(fixture, createContext());
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    expect(choice.message.tool_calls).toEqual([
      {
        id: 'call_llmux_1',
        type: 'function',
        function: { name: 'weather', arguments: '{"location":"San Francisco"}' },
        extra_content: {
          google: { thought_signature: fixture.candidates[0]!.content.parts[0]!.thoughtSignature },
        },
      },
    ]);
    expect(chatCompletionSchema.safeParse(completion).success).toBe(true);
  });

  it('puts thought parts in reasoning_content and orders candidates by index', () => {
    const completion = convertResponse(
      {
        candidates: [
          { index: 1, content: { parts: [{ text: 'B' }] }, finishReason: 'MAX_TOKENS' },
          {
            index: 0,
            content: { parts: [{ text: 'thinking…', thought: true }, { text: 'A' }] },
            finishReason: 'SAFETY',
          },
        ],
        usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 2, cachedContentTokenCount: 3 },
      },
      createContext(),
    );
    expect(
      completion.choices.map((choice) => [choice.index, choice.message.content, choice.finish_reason]),
    ).toEqual([
      [0, 'A', 'content_filter'],
      [1, 'B', 'length'],
    ]);
    expect(completion.choices[0]!.message.reasoning_content).toBe('thinking…');
    expect(completion.usage).toMatchObject({
      prompt_tokens: 5,
      completion_tokens: 2,
      prompt_tokens_details: { cached_tokens: 3 },
    });
  });

  it('renders generated images (inlineData parts) as markdown data: URLs in the content', () => {
    const completion = convertResponse(
      {
        candidates: [
          {
            index: 0,
            content: {
              parts: [{ text: 'Here: ' }, { inlineData: { mimeType: 'image/png', data: 'iVBORw0K' } }],
            },
            finishReason: 'STOP',
          },
        ],
      },
      createContext(),
    );
    expect(completion.choices[0]!.message.content).toBe('Here: ![image](data:image/png;base64,iVBORw0K)');
  });

  it('answers a blocked prompt with a 400 content_filter error', () => {
    let caught: unknown;
    try {
      convertResponse(
        { promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 4 } },
        createContext(),
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ProviderError);
    expect(caught).toMatchObject({
      status: 400,
      code: 'content_filter',
      param: 'messages',
      retryable: false,
    });
  });

  it('refuses a body that is not a Gemini answer', () => {
    expect(() => convertResponse({ candidates: 'nope' }, createContext())).toThrow(ProviderError);
    expect(() => convertResponse({}, createContext())).toThrow(/no candidates/);
  });
});
