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
import { xaiProfile } from './xai.js';

const adapter = createOpenAICompatibleAdapter(xaiProfile);

describe('xAI profile', () => {
  it('sends user and n natively and leaves reasoning_content out of assistant turns', () => {
    const { request, warnings } = adapter.toUpstream(
      createRequest({
        messages: [
          { role: 'user', content: 'a' },
          { role: 'assistant', content: 'b', reasoning_content: 'thought' },
          { role: 'user', content: 'c' },
        ],
        user: 'u-1',
        n: 2,
      }),
      createTarget({
        baseUrl: xaiProfile.defaultBaseUrl,
        upstreamModel: 'grok-3',
        capabilities: { nativeN: true },
      }),
    );
    expect(warnings).toEqual([]);
    expect(request.url).toBe('https://api.x.ai/v1/chat/completions');
    expect(request.body).toEqual({
      model: 'grok-3',
      messages: [
        { role: 'user', content: 'a' },
        { role: 'assistant', content: 'b' },
        { role: 'user', content: 'c' },
      ],
      n: 2,
      user: 'u-1',
    });
  });

  it.each(['xai', 'xai-via-openai-compatible'])(
    'counts reasoning inside completion_tokens (%s recording)',
    (folder) => {
      const completion = adapter.fromResponse(readJsonFixture(`${folder}/xai-text.json`), createContext());
      expect(chatCompletionSchema.safeParse(completion).success).toBe(true);
      const usage = completion.usage;
      const reasoning = usage?.completion_tokens_details?.reasoning_tokens ?? 0;
      expect(reasoning).toBeGreaterThan(0);
      expect(usage?.total_tokens).toBe((usage?.prompt_tokens ?? 0) + (usage?.completion_tokens ?? 0));
      // The recorded completion_tokens is tiny and excludes reasoning; ours includes it.
      expect(usage?.completion_tokens).toBeGreaterThan(reasoning);
      expect(completion.choices[0]?.logprobs).toBeNull();
    },
  );

  it('normalises the recorded tool call (content "" → null)', () => {
    const completion = adapter.fromResponse(
      readJsonFixture('xai-via-openai-compatible/xai-tool-call.json'),
      createContext(),
    );
    expect(chatCompletionSchema.safeParse(completion).success).toBe(true);
    expect(completion.choices[0]?.message.content).toBeNull();
    expect(completion.choices[0]?.message.tool_calls?.[0]?.id).toBe('call_46427107');
  });

  it.each([
    'xai/xai-text.chunks.txt',
    'xai/xai-tool-call.chunks.txt',
    'xai-via-openai-compatible/xai-text.chunks.txt',
    'xai-via-openai-compatible/xai-tool-call.chunks.txt',
  ])('fills the finish_reason: null Grok leaves out of chunks (%s)', (file) => {
    const chunks = replayStream(adapter, readChunkEvents(file));
    for (const chunk of chunks) {
      expect(chatCompletionChunkSchema.safeParse(chunk).success).toBe(true);
      for (const choice of chunk.choices) expect(choice).toHaveProperty('finish_reason');
    }
    const usage = chunks.at(-1)?.usage;
    expect(usage?.total_tokens).toBe((usage?.prompt_tokens ?? 0) + (usage?.completion_tokens ?? 0));
  });

  it('reads xAI string error bodies', () => {
    const error = adapter.fromError(
      400,
      {
        code: 'Client specified an invalid argument',
        error: 'Model does not support parameter reasoningEffort',
      },
      {},
    );
    expect(error).toMatchObject({ status: 400, message: 'Model does not support parameter reasoningEffort' });
  });
});
