import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChoiceLogprobs,
  CompletionChoice,
  CompletionUsage,
  FinishReason,
  ToolCall,
} from '@llmux/contract';

export interface BuildCompletionOptions {
  /**
   * The finish reason given to a choice whose stream never carried one. Without it, `result()` throws
   * {@link IncompleteCompletionError} for such a choice: OpenAI's schema requires a finish reason, and
   * inventing one would hide a cut stream.
   */
  defaultFinishReason?: FinishReason;
}

export interface ChunkAccumulator {
  /** Adds the next chunk, in stream order. */
  push(chunk: ChatCompletionChunk): void;
  /** True when at least one choice arrived and every choice seen has its finish reason. */
  readonly isComplete: boolean;
  /** Usage from the last chunk that carried it, if any did yet. */
  readonly usage: CompletionUsage | undefined;
  /** The completion the chunks so far add up to; may be called any number of times. */
  result(options?: BuildCompletionOptions): ChatCompletion;
}

/** Thrown by `result()` when the chunks do not make a finished completion. */
export class IncompleteCompletionError extends Error {
  readonly code = 'INCOMPLETE_COMPLETION';
  /** Indexes of the choices that never got a finish reason. */
  readonly unfinishedChoices: number[];

  constructor(message: string, unfinishedChoices: number[] = []) {
    super(message);
    this.name = 'IncompleteCompletionError';
    this.unfinishedChoices = unfinishedChoices;
  }
}

interface ToolCallState {
  id: string;
  name: string;
  arguments: string;
  /** Vendor fields beside the standard ones (Gemini's `extra_content` thought signature), kept as sent. */
  extra: Record<string, unknown> | undefined;
}

/** Tool-call delta keys merged field by field; any other key (a vendor extra) is kept whole. */
const STANDARD_TOOL_CALL_KEYS = new Set(['index', 'id', 'type', 'function']);

interface ChoiceState {
  index: number;
  content: string;
  reasoning: string;
  refusal: string;
  toolCalls: Map<number, ToolCallState>;
  finishReason: FinishReason | null;
  logprobs: ChoiceLogprobs | null;
  /** `reasoning_details` items by their `index`: vendor data (thinking signatures) a client must send back. */
  reasoningDetails: Map<number, Record<string, unknown>>;
}

/**
 * Builds one `chat.completion` from a stream's chunks, for streaming use (push as chunks pass by).
 * Per choice (matched by `index`, interleaved or not): `content`, `reasoning_content` and `refusal`
 * are concatenated, tool calls are merged by their `index` (arguments concatenated; `id` and
 * `function.name` taken from the fragments that carry them, as OpenAI's SDK does), the last
 * `finish_reason` wins, and logprobs are concatenated. Usage comes from the last chunk that carries
 * it. `id`, `model` and `created` come from the first chunk that has them non-empty (Azure's first
 * chunk, the prompt filter results, has them empty); `system_fingerprint` and `service_tier` from the
 * last chunk that has them.
 *
 * @example
 * const accumulator = createChunkAccumulator();
 * for await (const chunk of chunks) accumulator.push(chunk);
 * if (accumulator.isComplete) console.log(accumulator.result().choices[0]?.message.content);
 */
export function createChunkAccumulator(): ChunkAccumulator {
  const choices = new Map<number, ChoiceState>();
  let chunkCount = 0;
  let id = '';
  let model = '';
  let created = 0;
  let systemFingerprint: string | null | undefined;
  let serviceTier: string | null | undefined;
  let usage: CompletionUsage | undefined;

  function push(chunk: ChatCompletionChunk): void {
    chunkCount++;
    if (id === '' && chunk.id) id = chunk.id;
    if (model === '' && chunk.model) model = chunk.model;
    if (created === 0 && chunk.created) created = chunk.created;
    if (chunk.system_fingerprint !== undefined) systemFingerprint = chunk.system_fingerprint;
    if (chunk.service_tier !== undefined && chunk.service_tier !== null) serviceTier = chunk.service_tier;
    if (chunk.usage) usage = chunk.usage;
    for (const choice of chunk.choices) {
      let state = choices.get(choice.index);
      if (state === undefined) {
        state = {
          index: choice.index,
          content: '',
          reasoning: '',
          refusal: '',
          toolCalls: new Map(),
          finishReason: null,
          logprobs: null,
          reasoningDetails: new Map(),
        };
        choices.set(choice.index, state);
      }
      const delta = choice.delta;
      if (delta.content) state.content += delta.content;
      if (delta.reasoning_content) state.reasoning += delta.reasoning_content;
      if (delta.refusal) state.refusal += delta.refusal;
      if (delta.tool_calls) {
        for (const fragment of delta.tool_calls) {
          let toolCall = state.toolCalls.get(fragment.index);
          if (toolCall === undefined) {
            toolCall = { id: '', name: '', arguments: '', extra: undefined };
            state.toolCalls.set(fragment.index, toolCall);
          }
          if (fragment.id) toolCall.id = fragment.id;
          if (fragment.function?.name) toolCall.name = fragment.function.name;
          if (fragment.function?.arguments) toolCall.arguments += fragment.function.arguments;
          for (const [key, value] of Object.entries(fragment)) {
            if (STANDARD_TOOL_CALL_KEYS.has(key) || value == null) continue;
            toolCall.extra = { ...toolCall.extra, [key]: value };
          }
        }
      }
      const details = (delta as { reasoning_details?: unknown }).reasoning_details;
      if (Array.isArray(details)) mergeReasoningDetails(state.reasoningDetails, details);
      if (choice.finish_reason) state.finishReason = choice.finish_reason;
      if (choice.logprobs) state.logprobs = appendLogprobs(state.logprobs, choice.logprobs);
    }
  }

  function isComplete(): boolean {
    if (choices.size === 0) return false;
    for (const state of choices.values()) if (state.finishReason === null) return false;
    return true;
  }

  function result(options: BuildCompletionOptions = {}): ChatCompletion {
    if (chunkCount === 0) throw new IncompleteCompletionError('No chunk was received');
    const unfinished = [...choices.values()]
      .filter((state) => state.finishReason === null)
      .map((state) => state.index);
    if (unfinished.length > 0 && options.defaultFinishReason === undefined) {
      throw new IncompleteCompletionError(
        `The stream ended before choice ${unfinished.join(', ')} received a finish_reason`,
        unfinished,
      );
    }
    const completion: ChatCompletion = {
      id,
      object: 'chat.completion',
      created,
      model,
      choices: [...choices.values()]
        .sort((left, right) => left.index - right.index)
        .map((state) => buildChoice(state, options.defaultFinishReason)),
    };
    if (usage !== undefined) completion.usage = usage;
    if (systemFingerprint !== undefined) completion.system_fingerprint = systemFingerprint;
    if (serviceTier !== undefined) completion.service_tier = serviceTier;
    return completion;
  }

  return {
    push,
    result,
    get isComplete() {
      return isComplete();
    },
    get usage() {
      return usage;
    },
  };
}

/**
 * Turns a whole stream's chunks into one `chat.completion`; see {@link createChunkAccumulator}.
 *
 * @throws IncompleteCompletionError when there is no chunk, or a choice has no finish reason and no
 *   `defaultFinishReason` is given.
 * @example
 * const completion = accumulateChunks(chunks);
 */
export function accumulateChunks(
  chunks: Iterable<ChatCompletionChunk>,
  options?: BuildCompletionOptions,
): ChatCompletion {
  const accumulator = createChunkAccumulator();
  for (const chunk of chunks) accumulator.push(chunk);
  return accumulator.result(options);
}

function buildChoice(state: ChoiceState, defaultFinishReason: FinishReason | undefined): CompletionChoice {
  const message: CompletionChoice['message'] = {
    role: 'assistant',
    // OpenAI answers `content: null` when the model produced no text (for example only tool calls).
    content: state.content === '' ? null : state.content,
    refusal: state.refusal === '' ? null : state.refusal,
  };
  if (state.reasoning !== '') message.reasoning_content = state.reasoning;
  if (state.reasoningDetails.size > 0)
    (message as Record<string, unknown>).reasoning_details = [...state.reasoningDetails.entries()]
      .sort(([left], [right]) => left - right)
      .map(([, detail]) => detail);
  if (state.toolCalls.size > 0) {
    message.tool_calls = [...state.toolCalls.entries()]
      .sort(([left], [right]) => left - right)
      .map(
        ([, toolCall]): ToolCall => ({
          id: toolCall.id,
          type: 'function',
          function: { name: toolCall.name, arguments: toolCall.arguments },
          ...toolCall.extra,
        }),
      );
  }
  return {
    index: state.index,
    message,
    logprobs:
      state.logprobs === null
        ? null
        : {
            content: state.logprobs.content && [...state.logprobs.content],
            refusal: state.logprobs.refusal && [...state.logprobs.refusal],
          },
    finish_reason: (state.finishReason ?? defaultFinishReason)!,
  };
}

// Appends in place: the state owns its arrays, and `buildChoice` hands out copies.
function appendLogprobs(current: ChoiceLogprobs | null, next: ChoiceLogprobs): ChoiceLogprobs {
  const merged = current ?? { content: null, refusal: null };
  if (next.content) {
    if (merged.content === null) merged.content = [];
    for (const entry of next.content) merged.content.push(entry);
  }
  if (next.refusal) {
    if (merged.refusal === null) merged.refusal = [];
    for (const entry of next.refusal) merged.refusal.push(entry);
  }
  return merged;
}

/**
 * Merges streamed `reasoning_details` items (the OpenRouter-style extension that carries Anthropic's
 * thinking text and signatures) by their `index`: text fragments are joined, any other field (a
 * `signature`, encrypted `data`, `type`, `format`) takes the value of the fragment that carries it.
 * Without this, a streamed thinking turn could not be sent back upstream with its signature intact.
 */
function mergeReasoningDetails(target: Map<number, Record<string, unknown>>, fragments: unknown[]): void {
  for (const fragment of fragments) {
    if (typeof fragment !== 'object' || fragment === null) continue;
    const item = fragment as Record<string, unknown>;
    const index = typeof item.index === 'number' ? item.index : target.size;
    const merged = target.get(index);
    if (merged === undefined) {
      target.set(index, { ...item, index });
      continue;
    }
    for (const [key, value] of Object.entries(item)) {
      if (key === 'text' && typeof value === 'string' && typeof merged.text === 'string')
        merged.text += value;
      else if (key === 'summary' && typeof value === 'string' && typeof merged.summary === 'string')
        merged.summary += value;
      else if (value !== undefined && value !== null && value !== '') merged[key] = value;
    }
  }
}
