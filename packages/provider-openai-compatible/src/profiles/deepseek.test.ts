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
import { deepseekProfile } from './deepseek.js';

const adapter = createOpenAICompatibleAdapter(deepseekProfile);
const target = createTarget({
  publicModel: 'deepseek-v3-2',
  upstreamModel: 'deepseek-reasoner',
  baseUrl: deepseekProfile.defaultBaseUrl,
  capabilities: { reasoning: true },
});

describe('DeepSeek profile: request', () => {
  it('sends developer as system, reasoning back on tool-call turns, thinking, and drops user with a warning', () => {
    const { request, warnings } = adapter.toUpstream(
      createRequest({
        messages: [
          { role: 'developer', content: [{ type: 'text', text: 'Be brief.' }] },
          { role: 'user', content: 'Weather in Paris?' },
          {
            role: 'assistant',
            content: '',
            reasoning_content: 'I should call the tool.',
            tool_calls: [
              {
                id: 'call_1',
                type: 'function',
                function: { name: 'weather', arguments: '{"city":"Paris"}' },
              },
            ],
          },
          { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
        ],
        user: 'end-user-1',
        stream: true,
        thinking: { type: 'enabled' },
      } as never),
      target,
    );
    expect(request.url).toBe('https://api.deepseek.com/chat/completions');
    expect(request.body).toEqual({
      model: 'deepseek-reasoner',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          content: '',
          reasoning_content: 'I should call the tool.',
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      thinking: { type: 'enabled' },
    });
    expect(warnings).toEqual([expect.objectContaining({ param: 'user', action: 'dropped' })]);
  });

  it('sends back an empty reasoning_content on a tool-call turn (the field must be present, even empty)', () => {
    // DeepSeek can stream `reasoning_content: ""` before a tool call; a client that keeps it must get it
    // to DeepSeek, which answers 400 "Missing reasoning_content field" when it is left out.
    const { request } = adapter.toUpstream(
      createRequest({
        messages: [
          { role: 'user', content: 'Weather in Paris?' },
          {
            role: 'assistant',
            content: null,
            reasoning_content: '',
            tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{}' } }],
          },
          { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
        ],
      }),
      target,
    );
    expect((request.body.messages as Record<string, unknown>[])[1]).toHaveProperty('reasoning_content', '');
  });

  it('emulates json_schema as json_object plus the schema in a system message', () => {
    const { request, warnings } = adapter.toUpstream(
      createRequest({
        response_format: { type: 'json_schema', json_schema: { name: 'city', schema: { type: 'object' } } },
      }),
      target,
    );
    expect(request.body.response_format).toEqual({ type: 'json_object' });
    expect((request.body.messages as { content: string }[])[0]?.content).toContain('{"type":"object"}');
    expect(warnings[0]).toMatchObject({ param: 'response_format', action: 'emulated' });
  });

  it('leaves n > 1 to the gateway (one choice upstream, an emulated warning) and answers 400 for logprobs', () => {
    const { request, warnings } = adapter.toUpstream(createRequest({ n: 2 }), target);
    expect(request.body).not.toHaveProperty('n');
    expect(warnings).toEqual([expect.objectContaining({ param: 'n', action: 'emulated' })]);
    expect(
      catchProviderError(() => adapter.toUpstream(createRequest({ logprobs: true }), target)),
    ).toMatchObject({
      status: 400,
      param: 'logprobs',
    });
    expect(adapter.parameterSupport(target.capabilities).n.mode).toBe('emulate');
  });
});

describe('DeepSeek profile: responses', () => {
  it('normalises the recorded JSON-mode answer after a tool result: strict schema, JSON content, cache hits', () => {
    const completion = adapter.fromResponse(readJsonFixture('deepseek/deepseek-json.json'), createContext());
    expect(chatCompletionSchema.safeParse(completion).success).toBe(true);
    const message = completion.choices[0]?.message;
    expect(message?.refusal).toBeNull();
    expect(JSON.parse(message?.content ?? '')).toEqual({
      location: 'San Francisco',
      condition: 'cloudy',
      temperature: 7,
    });
    expect(message?.reasoning_content).toMatch(/^I have the result from the weather tool/);
    expect(completion.choices[0]?.logprobs).toBeNull();
    expect(completion.usage).toMatchObject({
      prompt_tokens: 495,
      completion_tokens: 144,
      prompt_tokens_details: { cached_tokens: 320 },
      completion_tokens_details: { reasoning_tokens: 118 },
    });
  });

  it('normalises the recorded reasoning answer (no refusal upstream) with cached and reasoning tokens', () => {
    const completion = adapter.fromResponse(
      readJsonFixture('deepseek/deepseek-reasoning.json'),
      createContext(),
    );
    expect(chatCompletionSchema.safeParse(completion).success).toBe(true);
    expect(completion.choices[0]?.message).toMatchObject({
      refusal: null,
      content: expect.stringContaining('three'),
    });
    expect(completion.choices[0]?.message.reasoning_content).toMatch(/^We are asked/);
    expect(completion.usage).toEqual({
      prompt_tokens: 18,
      completion_tokens: 345,
      total_tokens: 363,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 315 },
    });
  });

  it('reads prompt_cache_hit_tokens when prompt_tokens_details is absent', () => {
    const completion = adapter.fromResponse(
      {
        choices: [{ message: { content: 'x' }, finish_reason: 'stop' }],
        usage: {
          prompt_tokens: 100,
          completion_tokens: 5,
          total_tokens: 105,
          prompt_cache_hit_tokens: 64,
          prompt_cache_miss_tokens: 36,
        },
      },
      createContext(),
    );
    expect(completion.usage?.prompt_tokens_details).toEqual({ cached_tokens: 64 });
  });

  it('normalises the recorded tool call: content "" becomes null', () => {
    const completion = adapter.fromResponse(
      readJsonFixture('deepseek/deepseek-tool-call.json'),
      createContext(),
    );
    expect(chatCompletionSchema.safeParse(completion).success).toBe(true);
    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.content).toBeNull();
    expect(choice?.message.tool_calls?.[0]?.function.name).toBe('weather');
  });

  it('turns insufficient_system_resource into a retryable overload, not a finished answer', () => {
    const error = catchProviderError(() =>
      adapter.fromResponse(
        { choices: [{ message: { content: 'cut' }, finish_reason: 'insufficient_system_resource' }] },
        createContext(),
      ),
    );
    expect(error).toMatchObject({ status: 503, retryable: true });
  });

  it('maps 402 Insufficient Balance to a non-retryable quota error', () => {
    const error = adapter.fromError(
      402,
      { error: { message: 'Insufficient Balance', type: 'unknown_error' } },
      {},
    );
    expect(error).toMatchObject({
      status: 429,
      vendorStatus: 402,
      type: 'insufficient_quota',
      retryable: false,
      failover: true,
    });
  });
});

describe('DeepSeek profile: streams', () => {
  it('replays the recorded reasoning stream: reasoning first, usage last and alone', () => {
    const chunks = replayStream(adapter, readChunkEvents('deepseek/deepseek-reasoning.chunks.txt'));
    for (const chunk of chunks) expect(chatCompletionChunkSchema.safeParse(chunk).success).toBe(true);
    const reasoning = chunks.map((chunk) => chunk.choices[0]?.delta.reasoning_content ?? '').join('');
    const content = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(reasoning.length).toBeGreaterThan(100);
    expect(content).toContain('strawberry');
    const firstContent = chunks.findIndex((chunk) => chunk.choices[0]?.delta.content);
    const lastReasoning = chunks.findLastIndex((chunk) => chunk.choices[0]?.delta.reasoning_content);
    expect(lastReasoning).toBeLessThan(firstContent);
    expect(chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 18, completion_tokens: 219 },
    });
    expect(chunks.filter((chunk) => chunk.usage)).toHaveLength(1);
  });

  it('replays the recorded tool-call stream into one complete call', () => {
    const chunks = replayStream(adapter, readChunkEvents('deepseek/deepseek-tool-call.chunks.txt'));
    for (const chunk of chunks) expect(chatCompletionChunkSchema.safeParse(chunk).success).toBe(true);
    const calls = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(calls[0]).toMatchObject({ index: 0, type: 'function', function: { name: 'weather' } });
    expect(JSON.parse(calls.map((call) => call.function?.arguments ?? '').join(''))).toEqual({
      location: 'San Francisco',
    });
    expect(chunks.findLast((chunk) => chunk.choices.length > 0)?.choices[0]?.finish_reason).toBe(
      'tool_calls',
    );
  });

  it('ignores keep-alive comments (empty events)', () => {
    expect(replayStream(adapter, [{ data: '' }, { data: '[DONE]' }])).toEqual([]);
  });
});
