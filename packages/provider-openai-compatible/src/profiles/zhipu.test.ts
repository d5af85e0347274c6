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
import { zhipuProfile } from './zhipu.js';

const adapter = createOpenAICompatibleAdapter(zhipuProfile);
const glm = createTarget({
  publicModel: 'glm-4.7',
  upstreamModel: 'glm-4.7',
  baseUrl: zhipuProfile.defaultBaseUrl,
  capabilities: {
    reasoning: true,
    temperature: { min: 0, max: 1 },
    penalties: false,
    toolChoiceRequired: false,
  },
});
const tools = [{ type: 'function' as const, function: { name: 'f' } }];

describe('Zhipu profile: request', () => {
  it('sends user as user_id, no stream_options, and a clamped temperature', () => {
    const { request, warnings } = adapter.toUpstream(
      createRequest({
        user: 'user-123456',
        stream: true,
        temperature: 1.4,
        thinking: { type: 'disabled' },
      } as never),
      glm,
    );
    expect(request.url).toBe('https://open.bigmodel.cn/api/paas/v4/chat/completions');
    expect(request.body).toEqual({
      model: 'glm-4.7',
      messages: [{ role: 'user', content: 'Hello' }],
      temperature: 1,
      user_id: 'user-123456',
      stream: true,
      thinking: { type: 'disabled' },
    });
    expect(warnings).toEqual([expect.objectContaining({ param: 'temperature', action: 'clamped' })]);
  });

  it('drops a user id Zhipu would refuse (fewer than 6 characters), with a warning', () => {
    const { request, warnings } = adapter.toUpstream(createRequest({ user: 'abc' }), glm);
    expect(request.body).not.toHaveProperty('user_id');
    expect(warnings[0]).toMatchObject({ param: 'user', action: 'dropped' });
  });

  it('refuses several stop sequences and penalties', () => {
    expect(
      catchProviderError(() => adapter.toUpstream(createRequest({ stop: ['a', 'b'] }), glm)),
    ).toMatchObject({
      status: 400,
      param: 'stop',
    });
    expect(adapter.toUpstream(createRequest({ stop: 'a' }), glm).request.body.stop).toBe('a');
    expect(
      catchProviderError(() => adapter.toUpstream(createRequest({ presence_penalty: 1 }), glm)),
    ).toMatchObject({
      param: 'presence_penalty',
    });
  });

  it('honours tool_choice "none" by not sending tools and sends "auto" as is', () => {
    expect(
      adapter.toUpstream(createRequest({ tools, tool_choice: 'none' }), glm).request.body,
    ).not.toHaveProperty('tools');
    expect(
      adapter.toUpstream(createRequest({ tools, tool_choice: 'auto' }), glm).request.body.tool_choice,
    ).toBe('auto');
  });
});

describe('Zhipu profile: responses, streams and errors (hand-written from the docs)', () => {
  it('adds object, refusal and logprobs to a GLM answer', () => {
    const completion = adapter.fromResponse(
      readJsonFixture('zhipu/handmade-zhipu-reasoning.json'),
      createContext(),
    );
    expect(chatCompletionSchema.safeParse(completion).success).toBe(true);
    expect(completion).toMatchObject({
      object: 'chat.completion',
      choices: [{ logprobs: null, message: { refusal: null, reasoning_content: expect.any(String) } }],
      usage: { prompt_tokens_details: { cached_tokens: 8 } },
    });
  });

  it('maps finish_reason "sensitive" to content_filter in a stream without [DONE]', () => {
    const chunks = replayStream(
      adapter,
      readChunkEvents('zhipu/handmade-zhipu-sensitive.chunks.txt', { done: false }),
    );
    for (const chunk of chunks) expect(chatCompletionChunkSchema.safeParse(chunk).success).toBe(true);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('content_filter');
    expect(chunks.at(-1)?.usage?.total_tokens).toBe(13);
  });

  it('turns network_error into a retryable error and maps model_context_window_exceeded to length', () => {
    const translator = adapter.createStreamTranslator(createContext());
    translator.push({ data: JSON.stringify({ choices: [{ index: 0, delta: { content: 'a' } }] }) });
    expect(() =>
      translator.push({
        data: JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'network_error' }] }),
      }),
    ).toThrow(expect.objectContaining({ retryable: true, status: 502 }));
    const completion = adapter.fromResponse(
      { choices: [{ message: { content: 'a' }, finish_reason: 'model_context_window_exceeded' }] },
      createContext(),
    );
    expect(completion.choices[0]?.finish_reason).toBe('length');
  });

  it('does not retry business code 1113 (balance) but retries 1302 (rate limit)', () => {
    expect(adapter.fromError(429, readJsonFixture('zhipu/handmade-zhipu-1113.json'), {})).toMatchObject({
      type: 'insufficient_quota',
      retryable: false,
      vendorCode: '1113',
    });
    expect(adapter.fromError(429, { error: { code: '1302', message: '并发数过高' } }, {})).toMatchObject({
      type: 'rate_limit_error',
      retryable: true,
    });
  });
});
