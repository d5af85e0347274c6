import type { ChatCompletion, ChatCompletionChunk } from '@llmux/contract';
import { openAIChatSimulator } from '@llmux/simulators';
import type { SseEvent } from '@llmux/sse';
import { describe, expect, it } from 'vitest';
import { isProviderError } from '../provider-error.js';
import { createConformanceContext, translateEvents } from './conformance.js';
import {
  accumulateStream,
  answerOfCompletion,
  ConformanceError,
  checkCompletion,
  checkStreamChunks,
  compareAnswers,
} from './invariants.js';
import { validateChunk, validateCompletion, validateErrorBody } from './openai-schema.js';
import { createReferenceAdapter } from './reference-adapter.js';

// The checks must be able to fail: each broken answer below breaks one invariant.

const context = createConformanceContext({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }, 'm');
const ids = { responseId: 'u1', created: 1, toolCallId: (index: number) => `t${index}` };
const request = {
  model: 'upstream',
  stream: true,
  lastUserText: 'hi',
  lastTurnIsToolResult: false,
  tools: [],
  wantsJson: false,
  choices: 1,
  hasImages: false,
  streamUsage: true,
};

function upstreamEvents(scenario: Parameters<typeof openAIChatSimulator.renderStream>[0]): SseEvent[] {
  return openAIChatSimulator
    .renderStream({ usage: { promptTokens: 3, completionTokens: 4 }, ...scenario }, request, ids)
    .map((frame) => ({ data: frame.slice('data: '.length).trimEnd() }));
}

function goodChunks(
  scenario: Parameters<typeof openAIChatSimulator.renderStream>[0] = { text: 'Hello there' },
) {
  return translateEvents(createReferenceAdapter(), upstreamEvents(scenario), context);
}

const chunk = (
  choices: ChatCompletionChunk['choices'],
  extra: Partial<ChatCompletionChunk> = {},
): ChatCompletionChunk => ({
  id: context.completionId,
  object: 'chat.completion.chunk',
  created: context.created,
  model: context.publicModel,
  choices,
  ...extra,
});

describe('checkStreamChunks', () => {
  it('accepts a correct stream', () => {
    expect(() => checkStreamChunks(goodChunks(), context)).not.toThrow();
  });

  it('fails a stream whose first chunk has no role (a broken adapter)', () => {
    const chunks = translateEvents(
      createReferenceAdapter({ omitRole: true }),
      upstreamEvents({ text: 'x' }),
      context,
    );
    expect(() => checkStreamChunks(chunks, context)).toThrow(/role "assistant"/);
  });

  it('fails a stream whose usage chunk is not last (a broken adapter)', () => {
    const chunks = translateEvents(
      createReferenceAdapter({ usageTwice: true }),
      upstreamEvents({ text: 'x' }),
      context,
    );
    expect(() => checkStreamChunks(chunks, context)).toThrow(/not the last chunk/);
  });

  it('fails two finish reasons for one choice, and a choice that never finishes', () => {
    const role = chunk([{ index: 0, delta: { role: 'assistant' }, finish_reason: null }]);
    const stop = chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]);
    expect(() => checkStreamChunks([role, stop, stop], context)).toThrow(ConformanceError);
    expect(() => checkStreamChunks([role], context)).toThrow(/never received a finish_reason/);
  });

  it('fails tool-call indices that do not start at 0 or are not dense', () => {
    const call = (index: number) =>
      chunk([
        {
          index: 0,
          delta: {
            tool_calls: [
              { index, id: `c${index}`, type: 'function', function: { name: 'f', arguments: '' } },
            ],
          },
          finish_reason: null,
        },
      ]);
    const role = chunk([{ index: 0, delta: { role: 'assistant' }, finish_reason: null }]);
    const stop = chunk([{ index: 0, delta: {}, finish_reason: 'tool_calls' }]);
    expect(() => checkStreamChunks([role, call(0), call(1), stop], context)).not.toThrow();
    expect(() => checkStreamChunks([role, call(1), stop], context)).toThrow(/indices start at 0/);
    expect(() => checkStreamChunks([role, call(0), call(2), stop], context)).toThrow(/dense/);
  });

  it('fails a changing id, a missing finish_reason key and a usage chunk with choices', () => {
    const chunks = goodChunks();
    expect(() =>
      checkStreamChunks([chunks[0]!, { ...chunks[1]!, id: 'other' }, ...chunks.slice(2)], context),
    ).toThrow(/has id other/);
    const noFinishKey = {
      ...chunks[1]!,
      choices: [{ index: 0, delta: { content: 'x' } }],
    } as unknown as ChatCompletionChunk;
    expect(() => checkStreamChunks([chunks[0]!, noFinishKey, ...chunks.slice(2)], context)).toThrow(/schema/);
    const usage = chunks.at(-1)!;
    const withChoice = {
      ...usage,
      choices: [{ index: 0, delta: {}, finish_reason: null }],
    } as ChatCompletionChunk;
    expect(() => checkStreamChunks([...chunks.slice(0, -1), withChoice], context)).toThrow(/choices: \[\]/);
  });
});

describe('checkCompletion and compareAnswers', () => {
  const whole = createReferenceAdapter().fromResponse(
    openAIChatSimulator.renderResponse(
      { text: 'Hello there', usage: { promptTokens: 3, completionTokens: 4 } },
      request,
      ids,
    ),
    context,
  );

  it('accepts a correct completion and its matching stream', () => {
    expect(() => checkCompletion(whole, context)).not.toThrow();
    expect(() => compareAnswers(answerOfCompletion(whole), accumulateStream(goodChunks()))).not.toThrow();
  });

  it('fails a message without refusal, a wrong model and usage that does not add up', () => {
    const { refusal: _, ...message } = whole.choices[0]!.message;
    const noRefusal = { ...whole, choices: [{ ...whole.choices[0]!, message }] } as ChatCompletion;
    expect(() => checkCompletion(noRefusal, context)).toThrow(/refusal/);
    expect(() => checkCompletion({ ...whole, model: 'gpt-4.1' }, context)).toThrow(/model/);
    expect(() =>
      checkCompletion({ ...whole, usage: { ...whole.usage!, total_tokens: 99 } }, context),
    ).toThrow(/total_tokens/);
  });

  it('fails a stream that says something else than the whole answer', () => {
    expect(() =>
      compareAnswers(answerOfCompletion(whole), accumulateStream(goodChunks({ text: 'Other' }))),
    ).toThrow(/content/);
  });
});

describe('the reference adapter on broken upstream streams', () => {
  it('refuses a stream cut before [DONE] unless it is broken', () => {
    const events = upstreamEvents({ text: 'x' }).slice(0, 2);
    let error: unknown;
    try {
      translateEvents(createReferenceAdapter(), events, context);
    } catch (caught) {
      error = caught;
    }
    expect(isProviderError(error)).toBe(true);
    expect(() =>
      translateEvents(createReferenceAdapter({ acceptTruncated: true }), events, context),
    ).not.toThrow();
  });
});

describe('OpenAI schema validators', () => {
  it('name the broken field', () => {
    expect(
      validateCompletion({ id: 'x', object: 'chat.completion', created: 1, model: 'm', choices: [] }),
    ).toEqual([]);
    expect(
      validateCompletion({ id: 'x', object: 'chat.completion', created: 1.5, model: 'm', choices: [] }),
    ).toEqual(['/created: must be integer']);
    expect(
      validateChunk({
        id: 'x',
        object: 'chat.completion.chunk',
        created: 1,
        model: 'm',
        choices: [],
        usage: null,
      }),
    ).toEqual([]);
    expect(validateErrorBody({ error: { message: 'm', type: 't', param: null, code: 400 } })).not.toEqual([]);
  });
});
