import { SUPPORT_FIELDS } from '@llmux/provider-kit';
import { describe, expect, it } from 'vitest';
import {
  BASE_CAPABILITIES,
  createContext,
  createRequest,
  createTarget,
  readFixtureEvents,
} from './__fixtures__/fixtures.js';
import { createAnthropicAdapter } from './anthropic-adapter.js';

describe('createAnthropicAdapter', () => {
  it('addresses <baseUrl>/v1/messages with x-api-key and anthropic-version', () => {
    const adapter = createAnthropicAdapter();
    const { request } = adapter.toUpstream(
      createRequest({ stream: true }),
      createTarget({ baseUrl: 'https://api.anthropic.com/' }),
    );
    expect(request).toMatchObject({
      url: 'https://api.anthropic.com/v1/messages',
      method: 'POST',
      stream: true,
      headers: {
        'content-type': 'application/json',
        'x-api-key': 'sk-ant-test',
        'anthropic-version': '2023-06-01',
        accept: 'text/event-stream',
      },
    });
    expect(request.body).toMatchObject({
      model: 'claude-sonnet-4-5-20250929',
      stream: true,
      max_tokens: 64_000,
    });
    expect(request.headers['anthropic-beta']).toBeUndefined();
  });

  it('sends the betas an operator opts into', () => {
    const adapter = createAnthropicAdapter({ betas: ['a-2025-01-01', 'b-2025-02-02'] });
    const { request } = adapter.toUpstream(createRequest(), createTarget());
    expect(request.headers['anthropic-beta']).toBe('a-2025-01-01,b-2025-02-02');
    expect(request.stream).toBe(false);
  });

  it('refuses on its own what the support table rejects for the model', () => {
    const adapter = createAnthropicAdapter();
    const blind = createTarget({ capabilities: { ...BASE_CAPABILITIES, vision: false } });
    const image = createRequest({
      messages: [
        { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] },
      ],
    });
    expect(() => adapter.toUpstream(image, blind)).toThrow(
      expect.objectContaining({ status: 400, param: 'messages' }),
    );
    expect(() => adapter.toUpstream(createRequest({ seed: 1 }), createTarget())).toThrow(
      expect.objectContaining({ status: 400, param: 'seed' }),
    );
  });

  it('declares every support field, with n emulated and the unsupported knobs rejected', () => {
    const adapter = createAnthropicAdapter();
    const table = adapter.parameterSupport(BASE_CAPABILITIES);
    expect(Object.keys(table).sort()).toEqual([...SUPPORT_FIELDS].sort());
    expect(table.n.mode).toBe('emulate');
    expect(table['response_format.json_object'].mode).toBe('emulate');
    for (const field of ['frequency_penalty', 'presence_penalty', 'seed', 'logprobs', 'logit_bias'] as const)
      expect(table[field].mode).toBe('reject');
    const plain = adapter.parameterSupport({
      ...BASE_CAPABILITIES,
      reasoning: false,
      reasoningEffort: null,
      vision: false,
    });
    expect(plain.reasoning_effort.mode).toBe('reject');
    expect(plain.image_url.mode).toBe('reject');
  });

  it('answers a spliced stream with the retried message when built with wholeToolCalls', async () => {
    const run = async (adapter: ReturnType<typeof createAnthropicAdapter>) => {
      async function* events() {
        yield* readFixtureEvents('spliced-message-start.chunks.txt');
      }
      const calls: unknown[] = [];
      for await (const chunk of adapter.fromStream(events(), createContext()))
        calls.push(...(chunk.choices[0]?.delta.tool_calls ?? []));
      return calls;
    };
    await expect(run(createAnthropicAdapter({ wholeToolCalls: true }))).resolves.toEqual([
      expect.objectContaining({
        id: 'toolu_second',
        function: expect.objectContaining({ name: 'test-tool' }),
      }),
    ]);
    await expect(run(createAnthropicAdapter())).rejects.toMatchObject({ status: 502, retryable: true });
  });
});
