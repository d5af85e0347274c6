import type { ChatCompletion, ChatCompletionChunk, CompletionUsage, FinishReason } from '@llmux/contract';
import { createChunkAccumulator, IncompleteCompletionError } from '@llmux/sse';
import type { ResponseContext } from '../adapter.js';
import { validateChunk, validateCompletion } from './openai-schema.js';

/** A broken invariant, with a message that says which one and where. */
export class ConformanceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConformanceError';
  }
}

function fail(message: string): never {
  throw new ConformanceError(message);
}

/** One choice of an answer, reduced to what two answers must agree on. */
export interface AnswerChoice {
  index: number;
  content: string | null;
  reasoning: string | undefined;
  toolCalls: Array<{ id: string; name: string; arguments: string }>;
  finishReason: FinishReason | null;
}

export interface Answer {
  choices: AnswerChoice[];
  usage: CompletionUsage | undefined;
}

/**
 * The invariants of a translated whole answer: it validates against OpenAI's JSON Schema, carries the
 * context's id, created and public model, choice indices are 0..n-1, tool calls have non-empty ids,
 * usage adds up (total = prompt + completion, cached ≤ prompt, reasoning ≤ completion).
 */
export function checkCompletion(completion: ChatCompletion, context: ResponseContext): void {
  const errors = validateCompletion(completion);
  if (errors.length > 0) fail(`completion does not match OpenAI's schema: ${errors.join('; ')}`);
  if (completion.id !== context.completionId)
    fail(`completion id ${completion.id} is not the context's ${context.completionId}`);
  if (completion.created !== context.created)
    fail(`completion created ${completion.created} is not the context's`);
  if (completion.model !== context.publicModel)
    fail(`completion model ${completion.model} is not ${context.publicModel}`);
  completion.choices.forEach((choice, position) => {
    if (choice.index !== position) fail(`choice at position ${position} has index ${choice.index}`);
    for (const call of choice.message.tool_calls ?? []) {
      if (!call.id) fail(`choice ${position}: a tool call has an empty id`);
    }
  });
  if (completion.usage) checkUsage(completion.usage, 'completion');
}

/**
 * The invariants of a translated stream:
 * - every chunk validates against OpenAI's JSON Schema and carries the context's id, created and model;
 * - each choice's first chunk has `delta.role: "assistant"`;
 * - each choice has exactly one non-null `finish_reason`, on its last chunk;
 * - at most one chunk carries usage; it is the last chunk and has `choices: []`;
 * - tool-call indices per choice start at 0, are dense, and each call's first fragment has an id, type
 *   `function`, a name and string arguments.
 */
export function checkStreamChunks(chunks: readonly ChatCompletionChunk[], context: ResponseContext): void {
  if (chunks.length === 0) fail('the stream produced no chunk');
  const started = new Set<number>();
  const finished = new Set<number>();
  const toolIndices = new Map<number, number[]>();
  chunks.forEach((chunk, position) => {
    const where = `chunk ${position}`;
    const errors = validateChunk(chunk);
    if (errors.length > 0) fail(`${where} does not match OpenAI's schema: ${errors.join('; ')}`);
    if (chunk.id !== context.completionId) fail(`${where} has id ${chunk.id}, not ${context.completionId}`);
    if (chunk.created !== context.created)
      fail(`${where} has created ${chunk.created}, not ${context.created}`);
    if (chunk.model !== context.publicModel)
      fail(`${where} has model ${chunk.model}, not ${context.publicModel}`);
    if (chunk.usage) {
      if (position !== chunks.length - 1) fail(`${where} carries usage but is not the last chunk`);
      if (chunk.choices.length > 0) fail(`${where}: the usage chunk must have choices: []`);
      checkUsage(chunk.usage, where);
    } else if (chunk.choices.length === 0) {
      fail(`${where} has no choice and no usage`);
    }
    for (const choice of chunk.choices) {
      const at = `${where}, choice ${choice.index}`;
      if (finished.has(choice.index)) fail(`${at} comes after that choice's finish_reason`);
      if (!started.has(choice.index)) {
        if (choice.delta.role !== 'assistant')
          fail(`${at}: a choice's first chunk must carry role "assistant"`);
        started.add(choice.index);
      }
      for (const call of choice.delta.tool_calls ?? []) {
        const seen = toolIndices.get(choice.index) ?? [];
        if (!seen.includes(call.index)) {
          if (call.index !== seen.length) {
            fail(
              `${at}: tool call index ${call.index} is not the next one (${seen.length}); indices start at 0 and are dense`,
            );
          }
          if (
            !call.id ||
            call.type !== 'function' ||
            !call.function?.name ||
            typeof call.function.arguments !== 'string'
          ) {
            fail(
              `${at}: the first fragment of tool call ${call.index} needs id, type "function", name and string arguments`,
            );
          }
          seen.push(call.index);
          toolIndices.set(choice.index, seen);
        }
      }
      if (choice.finish_reason !== null) finished.add(choice.index);
    }
  });
  for (const index of started) {
    if (!finished.has(index)) fail(`choice ${index} never received a finish_reason`);
  }
}

function checkUsage(usage: CompletionUsage, where: string): void {
  if (usage.total_tokens !== usage.prompt_tokens + usage.completion_tokens) {
    fail(`${where}: total_tokens ${usage.total_tokens} is not prompt + completion`);
  }
  const cached = usage.prompt_tokens_details?.cached_tokens ?? 0;
  if (cached > usage.prompt_tokens)
    fail(`${where}: cached_tokens exceed prompt_tokens (prompt includes cached)`);
  const reasoning = usage.completion_tokens_details?.reasoning_tokens ?? 0;
  if (reasoning > usage.completion_tokens) {
    fail(`${where}: reasoning_tokens exceed completion_tokens (completion includes reasoning)`);
  }
}

/** The answer a whole completion gives, for comparison with a stream's. */
export function answerOfCompletion(completion: ChatCompletion): Answer {
  return {
    choices: completion.choices.map((choice) => ({
      index: choice.index,
      content: choice.message.content,
      reasoning: choice.message.reasoning_content ?? undefined,
      toolCalls: (choice.message.tool_calls ?? []).map((call) => ({
        id: call.id,
        name: call.function.name,
        arguments: call.function.arguments,
      })),
      finishReason: choice.finish_reason,
    })),
    usage: completion.usage,
  };
}

/**
 * What a client assembles from a stream (as the openai SDK's `finalChatCompletion` does), through
 * `@llmux/sse`'s chunk accumulator: content and reasoning concatenated, tool-call fragments joined by
 * index, the finish reason (null for a choice the stream never finished) and usage.
 */
export function accumulateStream(chunks: readonly ChatCompletionChunk[]): Answer {
  if (chunks.length === 0) return { choices: [], usage: undefined };
  const accumulator = createChunkAccumulator();
  for (const chunk of chunks) accumulator.push(chunk);
  let unfinished: number[] = [];
  try {
    accumulator.result();
  } catch (error) {
    if (!(error instanceof IncompleteCompletionError)) throw error;
    unfinished = error.unfinishedChoices;
  }
  // 'stop' only fills the gap so the accumulator builds the answer; it is put back to null just below.
  const answer = answerOfCompletion(accumulator.result({ defaultFinishReason: 'stop' }));
  for (const choice of answer.choices) if (unfinished.includes(choice.index)) choice.finishReason = null;
  return answer;
}

/**
 * Whether a whole answer and a streamed one say the same thing: per choice the text (an empty text and
 * no text are the same), reasoning, tool-call names and arguments, finish reason; and the usage. Tool-call
 * ids are not compared (they may be generated per translation).
 */
export function compareAnswers(whole: Answer, streamed: Answer): void {
  if (whole.choices.length !== streamed.choices.length) {
    fail(`the whole answer has ${whole.choices.length} choices, the stream ${streamed.choices.length}`);
  }
  whole.choices.forEach((choice, position) => {
    const other = streamed.choices[position]!;
    const at = `choice ${choice.index}`;
    if ((choice.content ?? '') !== (other.content ?? '')) {
      fail(
        `${at}: whole content ${JSON.stringify(choice.content)} ≠ streamed ${JSON.stringify(other.content)}`,
      );
    }
    if ((choice.reasoning ?? '') !== (other.reasoning ?? ''))
      fail(`${at}: whole and streamed reasoning differ`);
    const calls = (answer: AnswerChoice) =>
      JSON.stringify(answer.toolCalls.map((call) => [call.name, call.arguments]));
    if (calls(choice) !== calls(other)) fail(`${at}: tool calls differ: ${calls(choice)} ≠ ${calls(other)}`);
    if (choice.finishReason !== other.finishReason) {
      fail(`${at}: finish_reason ${choice.finishReason} ≠ streamed ${other.finishReason}`);
    }
  });
  if (whole.usage && streamed.usage) {
    const numbers = (usage: CompletionUsage) =>
      JSON.stringify([
        usage.prompt_tokens,
        usage.completion_tokens,
        usage.total_tokens,
        usage.prompt_tokens_details?.cached_tokens ?? 0,
        usage.completion_tokens_details?.reasoning_tokens ?? 0,
      ]);
    if (numbers(whole.usage) !== numbers(streamed.usage)) {
      fail(`usage differs: whole ${numbers(whole.usage)} ≠ streamed ${numbers(streamed.usage)}`);
    }
  }
}
