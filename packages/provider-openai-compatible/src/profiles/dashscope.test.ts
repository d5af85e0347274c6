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
import { dashscopeProfile } from './dashscope.js';

const adapter = createOpenAICompatibleAdapter(dashscopeProfile);
const hybrid = createTarget({
  publicModel: 'qwen3-235b-a22b',
  upstreamModel: 'qwen3-235b-a22b',
  baseUrl: dashscopeProfile.defaultBaseUrl,
  capabilities: { reasoning: true, temperature: { min: 0, max: 1.99 } },
});

describe('DashScope profile: request', () => {
  it('turns thinking off for a non-streaming call to a hybrid Qwen3 model, with a warning', () => {
    const { request, warnings } = adapter.toUpstream(createRequest(), hybrid);
    expect(request.url).toBe('https://dashscope-intl.aliyuncs.com/compatible-mode/v1/chat/completions');
    expect(request.body.enable_thinking).toBe(false);
    expect(warnings).toEqual([expect.objectContaining({ param: 'enable_thinking', action: 'translated' })]);
  });

  it('leaves thinking alone when streaming, and refuses enable_thinking: true without streaming', () => {
    expect(adapter.toUpstream(createRequest({ stream: true }), hybrid).request.body).not.toHaveProperty(
      'enable_thinking',
    );
    expect(
      adapter.toUpstream(createRequest({ stream: true, enable_thinking: true } as never), hybrid).request.body
        .enable_thinking,
    ).toBe(true);
    expect(
      catchProviderError(() => adapter.toUpstream(createRequest({ enable_thinking: true } as never), hybrid)),
    ).toMatchObject({ status: 400, param: 'enable_thinking' });
  });

  it('turns thinking off for JSON output (no JSON mode while thinking), even when streaming', () => {
    const { request, warnings } = adapter.toUpstream(
      createRequest({ stream: true, response_format: { type: 'json_object' } }),
      hybrid,
    );
    expect(request.body).toMatchObject({ enable_thinking: false, response_format: { type: 'json_object' } });
    expect(warnings[0]).toMatchObject({ param: 'enable_thinking', action: 'translated' });
    expect(
      catchProviderError(() =>
        adapter.toUpstream(
          createRequest({
            stream: true,
            enable_thinking: true,
            response_format: { type: 'json_object' },
          } as never),
          hybrid,
        ),
      ),
    ).toMatchObject({ status: 400, param: 'response_format' });
  });

  it('does not touch enable_thinking for non-thinking models', () => {
    const coder = createTarget({ upstreamModel: 'qwen3-coder-plus' });
    expect(adapter.toUpstream(createRequest(), coder).request.body).not.toHaveProperty('enable_thinking');
  });

  it('refuses frequency_penalty (DashScope has none) but passes presence_penalty', () => {
    expect(
      catchProviderError(() => adapter.toUpstream(createRequest({ frequency_penalty: 0.5 }), hybrid)),
    ).toMatchObject({ status: 400, param: 'frequency_penalty' });
    expect(
      adapter.toUpstream(createRequest({ presence_penalty: 0.5, stream: true }), hybrid).request.body
        .presence_penalty,
    ).toBe(0.5);
    expect(adapter.parameterSupport(hybrid.capabilities).frequency_penalty.mode).toBe('reject');
  });

  it('refuses a temperature of 2 (DashScope takes 0 ≤ t < 2)', () => {
    expect(
      catchProviderError(() => adapter.toUpstream(createRequest({ temperature: 2 }), hybrid)),
    ).toMatchObject({
      status: 400,
      param: 'temperature',
      code: 'unsupported_value',
    });
  });
});

describe('DashScope profile: responses and streams', () => {
  it.each(['alibaba-text.json', 'alibaba-reasoning.json', 'alibaba-tool-call.json'])(
    'adds the refusal Qwen leaves out (%s)',
    (file) => {
      const completion = adapter.fromResponse(readJsonFixture(`alibaba/${file}`), createContext());
      expect(chatCompletionSchema.safeParse(completion).success).toBe(true);
      expect(completion.choices[0]?.message.refusal).toBeNull();
    },
  );

  it.each(['alibaba-text.chunks.txt', 'alibaba-reasoning.chunks.txt', 'alibaba-tool-call.chunks.txt'])(
    'replays %s into strict chunks with usage last',
    (file) => {
      const chunks = replayStream(adapter, readChunkEvents(`alibaba/${file}`));
      for (const chunk of chunks) expect(chatCompletionChunkSchema.safeParse(chunk).success).toBe(true);
      expect(chunks.at(-1)?.choices).toEqual([]);
      expect(chunks.at(-1)?.usage?.total_tokens).toBeGreaterThan(0);
    },
  );

  it('does not repeat the empty id Qwen sends on every tool-call fragment', () => {
    const chunks = replayStream(adapter, readChunkEvents('alibaba/alibaba-tool-call.chunks.txt'));
    const calls = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(calls[0]).toMatchObject({
      index: 0,
      id: 'call_eee11723464a4b9eb8cee71d',
      function: { name: 'weather' },
    });
    for (const later of calls.slice(1)) expect(later).not.toHaveProperty('id');
    expect(JSON.parse(calls.map((call) => call.function?.arguments ?? '').join(''))).toEqual({
      location: 'San Francisco',
    });
  });

  it('maps content moderation and arrears', () => {
    expect(
      adapter.fromError(
        400,
        {
          error: { code: 'data_inspection_failed', message: 'Input data may contain inappropriate content.' },
        },
        {},
      ),
    ).toMatchObject({
      status: 400,
      code: 'content_filter',
      retryable: false,
    });
    expect(
      adapter.fromError(
        400,
        {
          error: {
            code: 'Arrearage',
            message: 'Access denied, please make sure your account is in good standing.',
          },
        },
        {},
      ),
    ).toMatchObject({
      type: 'insufficient_quota',
      failover: true,
    });
  });
});
