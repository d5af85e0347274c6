import { readFileSync } from 'node:fs';
import { type ChatCompletionChunk, chatCompletionSchema } from '@llmux/contract';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { accumulateChunks, createChunkAccumulator, IncompleteCompletionError } from './chunk-accumulator.js';
import { FIXTURES_DIRECTORY, frameOpenAiStream, readFixtureLines } from './fixture-streams.js';
import { createSseDecoder } from './sse-decoder.js';

const schemaDocument = JSON.parse(
  readFileSync(new URL('chat-completions.schema.json', FIXTURES_DIRECTORY), 'utf8'),
);
const ajv = new Ajv2020({ allErrors: true, strictTypes: false });
addFormats.default(ajv);
ajv.addFormat('unixtime', { type: 'number', validate: () => true });
ajv.addSchema(schemaDocument);
const validateCompletion = ajv.getSchema(`${schemaDocument.$id}#/$defs/CreateChatCompletionResponse`)!;

function expectValidOpenAiCompletion(completion: unknown): void {
  const valid = validateCompletion(completion);
  expect(valid ? [] : validateCompletion.errors).toEqual([]);
  expect(chatCompletionSchema.safeParse(completion).error).toBeUndefined();
}

/** Replays a recorded stream as SSE bytes in `pieceSize` pieces and returns the chunks it carries. */
function replayChunks(fixture: string, pieceSize: number): ChatCompletionChunk[] {
  const bytes = new TextEncoder().encode(frameOpenAiStream(readFixtureLines(fixture)));
  const chunks: ChatCompletionChunk[] = [];
  let done = false;
  const decoder = createSseDecoder({
    onEvent: (event) => {
      if (event.data === '[DONE]') done = true;
      else chunks.push(JSON.parse(event.data));
    },
  });
  for (let start = 0; start < bytes.length; start += pieceSize)
    decoder.push(bytes.subarray(start, start + pieceSize));
  expect(decoder.end()).toEqual({ truncated: false });
  expect(done).toBe(true);
  return chunks;
}

function concatenate(
  chunks: ChatCompletionChunk[],
  read: (delta: Record<string, unknown>) => unknown,
): string {
  return chunks
    .flatMap((chunk) => chunk.choices)
    .map((choice) => read(choice.delta as Record<string, unknown>) ?? '')
    .join('');
}

const base = { id: 'chatcmpl-1', object: 'chat.completion.chunk' as const, created: 1700000000, model: 'm' };
const chunk = (
  choices: ChatCompletionChunk['choices'],
  extra: Partial<ChatCompletionChunk> = {},
): ChatCompletionChunk => ({
  ...base,
  choices,
  ...extra,
});

describe('accumulateChunks on recorded streams, replayed through the decoder', () => {
  it('rebuilds an OpenAI text answer (every piece size)', () => {
    const lines = readFixtureLines('openai-text.chunks.txt');
    const lastChunk = JSON.parse(lines.at(-1)!);
    for (const pieceSize of [1, 7, 64, 16384]) {
      const chunks = replayChunks('openai-text.chunks.txt', pieceSize);
      expect(chunks).toHaveLength(lines.length);
      const completion = accumulateChunks(chunks);
      expectValidOpenAiCompletion(completion);
      expect(completion.choices).toHaveLength(1);
      expect(completion.choices[0]!.message.content).toBe(concatenate(chunks, (delta) => delta.content));
      expect(completion.choices[0]!.message.content!.length).toBeGreaterThan(1000);
      expect(completion.choices[0]!.finish_reason).toBe('stop');
      expect(completion.usage).toEqual(lastChunk.usage);
      expect(completion).toMatchObject({
        id: 'chatcmpl-D8Z5oo6uDh67AD85p73ksdT1KxhE0',
        object: 'chat.completion',
        created: 1770933892,
        model: 'gpt-4.1-nano-2025-04-14',
        system_fingerprint: 'fp_de604bd877',
        service_tier: 'default',
      });
    }
  });

  it('takes id, model and created past Azure’s empty prompt-filter chunk', () => {
    const chunks = replayChunks('azure-model-router.1.chunks.txt', 64);
    expect(chunks[0]!.id).toBe('');
    const completion = accumulateChunks(chunks);
    expectValidOpenAiCompletion(completion);
    expect(completion.id).toBe('chatcmpl-CYPS1lijGoK8gd9lYzY3r9Sx50nbt');
    expect(completion.model).toBe('gpt-5-nano-2025-08-07');
    expect(completion.created).toBe(1762317021);
    expect(completion.system_fingerprint).toBeNull();
    expect(completion.choices[0]!.message.content).toBe(concatenate(chunks, (delta) => delta.content));
    expect(completion.usage?.total_tokens).toBe(93);
  });

  it('rebuilds a DeepSeek tool call with its reasoning', () => {
    const chunks = replayChunks('deepseek-tool-call.chunks.txt', 64);
    const completion = accumulateChunks(chunks);
    expectValidOpenAiCompletion(completion);
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    expect(choice.message.refusal).toBeNull();
    expect(choice.message.reasoning_content).toBe(concatenate(chunks, (delta) => delta.reasoning_content));
    expect(choice.message.tool_calls).toHaveLength(1);
    const toolCall = choice.message.tool_calls![0]!;
    expect(toolCall.id).toBe('call_00_ioIn7yN9p1ZOMNpDLwd4MgAF');
    expect(toolCall.type).toBe('function');
    expect(toolCall.function.name).toBe('weather');
    expect(JSON.parse(toolCall.function.arguments)).toEqual({ location: expect.any(String) });
    expect(completion.usage).toMatchObject({ prompt_tokens: 339, completion_tokens: 83, total_tokens: 422 });
  });

  it('rebuilds a DeepSeek reasoning answer with reasoning and content kept apart', () => {
    const chunks = replayChunks('deepseek-reasoning.chunks.txt', 16384);
    const completion = accumulateChunks(chunks);
    expectValidOpenAiCompletion(completion);
    const message = completion.choices[0]!.message;
    expect(message.content).toBe(concatenate(chunks, (delta) => delta.content));
    expect(message.reasoning_content).toBe(concatenate(chunks, (delta) => delta.reasoning_content));
    expect(message.content!.length).toBeGreaterThan(0);
    expect(message.reasoning_content!.length).toBeGreaterThan(0);
  });
});

describe('createChunkAccumulator', () => {
  it('merges reasoning_details fragments by index, keeping signatures for the round trip', () => {
    const base = { id: 'c', object: 'chat.completion.chunk' as const, created: 1, model: 'm' };
    const detail = (fields: Record<string, unknown>) => ({
      ...base,
      choices: [
        { index: 0, delta: { reasoning_details: [fields] } as never, finish_reason: null, logprobs: null },
      ],
    });
    const completion = accumulateChunks([
      detail({ type: 'reasoning.text', text: 'Let me ', index: 0, format: 'anthropic-claude-v1' }),
      detail({ type: 'reasoning.text', text: 'think.', index: 0 }),
      detail({ type: 'reasoning.text', signature: 'sig-abc', index: 0 }),
      detail({ type: 'reasoning.encrypted', data: 'opaque', index: 1 }),
      {
        ...base,
        choices: [{ index: 0, delta: { content: 'Done.' }, finish_reason: 'stop' as const, logprobs: null }],
      },
    ]);
    expect((completion.choices[0]!.message as Record<string, unknown>).reasoning_details).toEqual([
      {
        type: 'reasoning.text',
        text: 'Let me think.',
        signature: 'sig-abc',
        index: 0,
        format: 'anthropic-claude-v1',
      },
      { type: 'reasoning.encrypted', data: 'opaque', index: 1 },
    ]);
    expect(completion.choices[0]?.message.content).toBe('Done.');
  });

  it("keeps a tool call's vendor fields, such as Gemini's extra_content thought signature", () => {
    const base = { id: 'c', object: 'chat.completion.chunk' as const, created: 1, model: 'm' };
    const completion = accumulateChunks([
      {
        ...base,
        choices: [
          {
            index: 0,
            delta: {
              role: 'assistant',
              tool_calls: [
                {
                  index: 0,
                  id: 'call_0',
                  type: 'function',
                  function: { name: 'weather', arguments: '{"city":' },
                  extra_content: { google: { thought_signature: 'SIG' } },
                },
              ],
            } as never,
            finish_reason: null,
            logprobs: null,
          },
        ],
      },
      {
        ...base,
        choices: [
          {
            index: 0,
            delta: { tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] },
            finish_reason: 'tool_calls' as const,
            logprobs: null,
          },
        ],
      },
    ]);
    expect(completion.choices[0]?.message.tool_calls).toEqual([
      {
        id: 'call_0',
        type: 'function',
        function: { name: 'weather', arguments: '{"city":"Paris"}' },
        extra_content: { google: { thought_signature: 'SIG' } },
      },
    ]);
    expectValidOpenAiCompletion(completion);
  });

  it('merges interleaved choices and interleaved tool calls of several choices', () => {
    const completion = accumulateChunks([
      chunk([{ index: 1, delta: { role: 'assistant', content: '' }, finish_reason: null }]),
      chunk([
        {
          index: 0,
          delta: {
            tool_calls: [{ index: 0, id: 'a0', type: 'function', function: { name: 'f', arguments: '' } }],
          },
          finish_reason: null,
        },
        {
          index: 1,
          delta: {
            tool_calls: [
              { index: 1, id: 'b1', type: 'function', function: { name: 'h', arguments: '{"y"' } },
            ],
          },
          finish_reason: null,
        },
      ]),
      chunk([
        {
          index: 0,
          delta: {
            tool_calls: [{ index: 1, id: 'a1', type: 'function', function: { name: 'g', arguments: '{' } }],
          },
          finish_reason: null,
        },
      ]),
      chunk([
        {
          index: 1,
          delta: {
            tool_calls: [{ index: 0, id: 'b0', type: 'function', function: { name: 'k', arguments: '[]' } }],
          },
          finish_reason: null,
        },
      ]),
      chunk([
        {
          index: 0,
          delta: { tool_calls: [{ index: 0, function: { arguments: '{"x":' } }] },
          finish_reason: null,
        },
      ]),
      chunk([
        {
          index: 0,
          delta: { tool_calls: [{ index: 1, function: { arguments: '}' } }] },
          finish_reason: null,
        },
      ]),
      chunk([
        {
          index: 1,
          delta: { tool_calls: [{ index: 1, function: { arguments: ':2}' } }] },
          finish_reason: 'tool_calls',
        },
      ]),
      chunk([
        {
          index: 0,
          delta: { tool_calls: [{ index: 0, function: { arguments: '1}' } }] },
          finish_reason: 'tool_calls',
        },
      ]),
      chunk([], { usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 } }),
    ]);
    expectValidOpenAiCompletion(completion);
    const call = (id: string, name: string, args: string) => ({
      id,
      type: 'function',
      function: { name, arguments: args },
    });
    expect(completion).toEqual({
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1700000000,
      model: 'm',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            refusal: null,
            tool_calls: [call('a0', 'f', '{"x":1}'), call('a1', 'g', '{}')],
          },
          logprobs: null,
          finish_reason: 'tool_calls',
        },
        {
          index: 1,
          message: {
            role: 'assistant',
            content: null,
            refusal: null,
            tool_calls: [call('b0', 'k', '[]'), call('b1', 'h', '{"y":2}')],
          },
          logprobs: null,
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 },
    });
  });

  it('concatenates content, reasoning and refusal per choice', () => {
    const completion = accumulateChunks([
      chunk([
        { index: 0, delta: { reasoning_content: 'think ' }, finish_reason: null },
        { index: 1, delta: { refusal: 'I can' }, finish_reason: null },
      ]),
      chunk([
        { index: 0, delta: { reasoning_content: 'more', content: 'Hel' }, finish_reason: null },
        { index: 1, delta: { refusal: 'not.' }, finish_reason: null },
      ]),
      chunk([
        { index: 1, delta: {}, finish_reason: 'content_filter' },
        { index: 0, delta: { content: 'lo' }, finish_reason: 'length' },
      ]),
    ]);
    expectValidOpenAiCompletion(completion);
    expect(completion.choices.map((choice) => [choice.finish_reason, choice.message])).toEqual([
      ['length', { role: 'assistant', content: 'Hello', refusal: null, reasoning_content: 'think more' }],
      ['content_filter', { role: 'assistant', content: null, refusal: 'I cannot.' }],
    ]);
    expect(completion.usage).toBeUndefined();
  });

  it('takes usage from any chunk, the last one winning', () => {
    const accumulator = createChunkAccumulator();
    accumulator.push(
      chunk([{ index: 0, delta: { content: 'a' }, finish_reason: null }], {
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      }),
    );
    expect(accumulator.usage?.total_tokens).toBe(2);
    accumulator.push(chunk([{ index: 0, delta: {}, finish_reason: 'stop' }], { usage: null }));
    accumulator.push(chunk([], { usage: { prompt_tokens: 1, completion_tokens: 3, total_tokens: 4 } }));
    expect(accumulator.result().usage).toEqual({ prompt_tokens: 1, completion_tokens: 3, total_tokens: 4 });
  });

  it('concatenates logprobs', () => {
    const token = (text: string) => ({ token: text, logprob: -0.5, bytes: null, top_logprobs: [] });
    const completion = accumulateChunks([
      chunk([
        {
          index: 0,
          delta: { content: 'a' },
          finish_reason: null,
          logprobs: { content: [token('a')], refusal: null },
        },
      ]),
      chunk([
        {
          index: 0,
          delta: { content: 'b' },
          finish_reason: 'stop',
          logprobs: { content: [token('b')], refusal: null },
        },
      ]),
    ]);
    expectValidOpenAiCompletion(completion);
    expect(completion.choices[0]!.logprobs).toEqual({ content: [token('a'), token('b')], refusal: null });
  });

  it('reports an unfinished stream: isComplete is false and result() throws unless given a default', () => {
    const accumulator = createChunkAccumulator();
    expect(accumulator.isComplete).toBe(false);
    expect(() => accumulator.result()).toThrow(IncompleteCompletionError);
    accumulator.push(
      chunk([
        { index: 0, delta: { content: 'a' }, finish_reason: null },
        { index: 1, delta: { content: 'b' }, finish_reason: 'stop' },
      ]),
    );
    expect(accumulator.isComplete).toBe(false);
    try {
      accumulator.result();
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(IncompleteCompletionError);
      expect((error as IncompleteCompletionError).unfinishedChoices).toEqual([0]);
    }
    const partial = accumulator.result({ defaultFinishReason: 'length' });
    expectValidOpenAiCompletion(partial);
    expect(partial.choices.map((choice) => choice.finish_reason)).toEqual(['length', 'stop']);
    accumulator.push(chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]));
    expect(accumulator.isComplete).toBe(true);
    expect(accumulator.result().choices[0]!.finish_reason).toBe('stop');
  });

  it('returns snapshots that later chunks do not change', () => {
    const token = { token: 'a', logprob: 0, bytes: null, top_logprobs: [] };
    const accumulator = createChunkAccumulator();
    accumulator.push(
      chunk([
        {
          index: 0,
          delta: {
            content: 'a',
            tool_calls: [{ index: 0, id: 't', function: { name: 'f', arguments: '{' } }],
          },
          finish_reason: 'stop',
          logprobs: { content: [token], refusal: null },
        },
      ]),
    );
    const first = accumulator.result();
    const copy = structuredClone(first);
    accumulator.push(
      chunk([
        {
          index: 0,
          delta: { content: 'b', tool_calls: [{ index: 0, function: { arguments: '}' } }] },
          finish_reason: 'stop',
          logprobs: { content: [token], refusal: null },
        },
      ]),
    );
    expect(first).toEqual(copy);
    expect(accumulator.result().choices[0]!.message.tool_calls![0]!.function.arguments).toBe('{}');
  });
});
