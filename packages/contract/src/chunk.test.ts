import { describe, expect, it } from 'vitest';
import { createOpenAiValidators, readFixtureChunks } from './__fixtures__/fixtures.js';
import { chatCompletionChunkSchema, toolCallDeltaSchema } from './chunk.js';

const openai = createOpenAiValidators();

const streams = {
  openai: readFixtureChunks('recorded/openai-text.chunks.txt'),
  azure: readFixtureChunks('recorded/azure-model-router.1.chunks.txt'),
  moonshot: readFixtureChunks('recorded/moonshotai-stream.chunks.txt'),
  alibaba: readFixtureChunks('recorded/alibaba-tool-call.chunks.txt'),
  reference: readFixtureChunks('reference/openai-default.chunks.txt'),
};

const toolCallChunk = {
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1770933892,
  model: 'gpt-4.1',
  choices: [
    {
      index: 0,
      delta: {
        reasoning_content: 'hm',
        tool_calls: [
          { index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a"' } },
        ],
      },
      logprobs: null,
      finish_reason: null,
    },
  ],
  usage: null,
};

describe('chatCompletionChunkSchema', () => {
  it("accepts every chunk of OpenAI's recorded stream, the usage-only last chunk included", () => {
    for (const chunk of streams.openai)
      expect(chatCompletionChunkSchema.safeParse(chunk).error).toBeUndefined();
    const last = chatCompletionChunkSchema.parse(streams.openai.at(-1));
    expect(last.choices).toEqual([]);
    expect(last.usage?.total_tokens).toBe(316);
    // Fields we do not model (OpenAI's `obfuscation`) are not part of what we keep or emit.
    expect(last).not.toHaveProperty('obfuscation');
  });

  it("accepts the API reference's example chunks", () => {
    for (const chunk of streams.reference)
      expect(chatCompletionChunkSchema.safeParse(chunk).success).toBe(true);
  });

  it('accepts tool-call deltas with reasoning content', () => {
    const parsed = chatCompletionChunkSchema.parse(toolCallChunk);
    expect(parsed.choices[0]?.delta.tool_calls?.[0]?.function?.arguments).toBe('{"a"');
    expect(openai.chunk(toolCallChunk)).toBe(true);
  });

  it('requires finish_reason on every choice, as null until the end', () => {
    const withoutFinishReason = structuredClone(toolCallChunk) as { choices: Record<string, unknown>[] };
    delete withoutFinishReason.choices[0]?.finish_reason;
    const result = chatCompletionChunkSchema.safeParse(withoutFinishReason);
    expect(result.error?.issues[0]?.path).toEqual(['choices', 0, 'finish_reason']);
    expect(openai.chunk(withoutFinishReason)).toBe(false);
  });

  it('rejects Azure\'s prompt-filter chunk (object "") like OpenAI\'s schema does, and accepts the rest', () => {
    const [first, ...rest] = streams.azure;
    expect(chatCompletionChunkSchema.safeParse(first).success).toBe(false);
    expect(openai.chunk(first)).toBe(false);
    for (const chunk of rest) expect(chatCompletionChunkSchema.safeParse(chunk).success).toBe(true);
  });

  it('rejects vendor chunks that strict clients reject: Kimi without object, Qwen without finish_reason', () => {
    expect(streams.moonshot.some((chunk) => chatCompletionChunkSchema.safeParse(chunk).success)).toBe(false);
    expect(streams.moonshot.some((chunk) => openai.chunk(chunk))).toBe(false);
    const qwenWithoutFinishReason = streams.alibaba.filter(
      (chunk) => !(chunk as { choices: object[] }).choices.every((choice) => 'finish_reason' in choice),
    );
    expect(qwenWithoutFinishReason.length).toBeGreaterThan(0);
    for (const chunk of qwenWithoutFinishReason) {
      expect(chatCompletionChunkSchema.safeParse(chunk).success).toBe(false);
      expect(openai.chunk(chunk)).toBe(false);
    }
  });

  it("never accepts a chunk OpenAI's published schema rejects", () => {
    const candidates = Object.values(streams).flat();
    candidates.push(toolCallChunk);
    // Each chunk with one top-level or choice-level field removed.
    for (const chunk of [...candidates]) {
      const record = chunk as Record<string, unknown> & { choices?: Record<string, unknown>[] };
      for (const key of Object.keys(record)) {
        const copy = { ...record };
        delete copy[key];
        candidates.push(copy);
      }
      for (const key of Object.keys(record.choices?.[0] ?? {})) {
        const choice = { ...record.choices?.[0] };
        delete choice[key];
        candidates.push({ ...record, choices: [choice] });
      }
    }
    const disagreements = candidates.filter(
      (chunk) => chatCompletionChunkSchema.safeParse(chunk).success && !openai.chunk(chunk),
    );
    expect(disagreements).toEqual([]);
    expect(
      candidates.filter((chunk) => chatCompletionChunkSchema.safeParse(chunk).success).length,
    ).toBeGreaterThan(100);
  });
});

describe('toolCallDeltaSchema', () => {
  it('requires index and nothing else', () => {
    expect(toolCallDeltaSchema.safeParse({ index: 0, function: { arguments: '}' } }).success).toBe(true);
    expect(toolCallDeltaSchema.safeParse({ function: { arguments: '}' } }).success).toBe(false);
  });
});
