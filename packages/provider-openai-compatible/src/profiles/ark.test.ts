import { chatCompletionChunkSchema, chatCompletionSchema } from '@llmux/contract';
import { describe, expect, it } from 'vitest';
import { createOpenAICompatibleAdapter } from '../openai-compatible-adapter.js';
import {
  createContext,
  createRequest,
  createTarget,
  readChunkEvents,
  readJsonFixture,
  replayStream,
} from '../test-support.js';
import { arkProfile } from './ark.js';

const adapter = createOpenAICompatibleAdapter(arkProfile);
const doubao = createTarget({
  publicModel: 'doubao-seed-1-6-251015',
  upstreamModel: 'doubao-seed-1-6-251015',
  baseUrl: arkProfile.defaultBaseUrl,
  capabilities: { reasoning: true, vision: true, reasoningEffort: ['minimal', 'low', 'medium', 'high'] },
});

describe('Ark profile: request', () => {
  it('posts to /api/v3/chat/completions with thinking and reasoning_effort passed through', () => {
    const { request } = adapter.toUpstream(
      createRequest({ reasoning_effort: 'low', thinking: { type: 'enabled' } } as never),
      doubao,
    );
    expect(request.url).toBe('https://ark.cn-beijing.volces.com/api/v3/chat/completions');
    expect(request.body).toMatchObject({ reasoning_effort: 'low', thinking: { type: 'enabled' } });
  });

  it('sends bot ids to the bots path', () => {
    const bot = { ...doubao, upstreamModel: 'bot-20260101-abcde' };
    expect(adapter.toUpstream(createRequest(), bot).request.url).toBe(
      'https://ark.cn-beijing.volces.com/api/v3/bots/chat/completions',
    );
  });

  it('applies a thinking switch pinned by the catalog, unless the client sent one', () => {
    const pinned = { ...doubao, options: { thinking: 'disabled' } };
    expect(adapter.toUpstream(createRequest(), pinned).request.body.thinking).toEqual({ type: 'disabled' });
    expect(
      adapter.toUpstream(createRequest({ thinking: { type: 'enabled' } } as never), pinned).request.body
        .thinking,
    ).toEqual({ type: 'enabled' });
  });
});

describe('Ark profile: responses, streams and errors (hand-written from the docs)', () => {
  it('normalises a reasoning answer', () => {
    const completion = adapter.fromResponse(
      readJsonFixture('ark/handmade-ark-reasoning.json'),
      createContext(),
    );
    expect(chatCompletionSchema.safeParse(completion).success).toBe(true);
    expect(completion.choices[0]?.message).toMatchObject({
      refusal: null,
      reasoning_content: expect.stringContaining('s-t-r-a-w'),
    });
    expect(completion.usage?.completion_tokens_details?.reasoning_tokens).toBe(46);
  });

  it('sends role only on the first delta although Ark repeats it on every one', () => {
    const chunks = replayStream(adapter, readChunkEvents('ark/handmade-ark-tool-call.chunks.txt'));
    for (const chunk of chunks) expect(chatCompletionChunkSchema.safeParse(chunk).success).toBe(true);
    const withRole = chunks.filter((chunk) => chunk.choices[0]?.delta.role);
    expect(withRole).toHaveLength(1);
    const calls = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(calls).toEqual([
      { index: 0, id: 'call_ark_1', type: 'function', function: { name: 'get_weather', arguments: '' } },
      { index: 0, function: { arguments: '{"city": "Beijing"}' } },
    ]);
    expect(chunks.at(-1)?.usage?.prompt_tokens_details?.cached_tokens).toBe(96);
  });

  it('retries the dotted rate-limit code and fails over on an overdue account', () => {
    const limited = adapter.fromError(429, readJsonFixture('ark/handmade-ark-429.json'), {
      'retry-after': '1',
    });
    expect(limited).toMatchObject({
      status: 429,
      type: 'rate_limit_error',
      retryable: true,
      retryAfterMs: 1000,
      vendorCode: 'RateLimitExceeded.EndpointRPMExceeded',
    });
    const overdue = adapter.fromError(
      403,
      { error: { code: 'AccountOverdueError', message: 'overdue' } },
      {},
    );
    expect(overdue).toMatchObject({ type: 'insufficient_quota', retryable: false, failover: true });
  });
});
