import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChunkChoice,
  ChunkDelta,
  CompletionChoice,
  CompletionUsage,
  FinishReason,
} from '@llmux/contract';
import type { ResponseContext } from './adapter.js';

// These run once per streamed chunk: each builds its object literal directly, with no spread and no
// intermediate object, so a chunk costs the envelope and its choices and nothing more.

/** A chunk carrying `choices`, stamped with the context's id, `created` and public model. */
export function createChunk(context: ResponseContext, choices: ChunkChoice[]): ChatCompletionChunk {
  return {
    id: context.completionId,
    object: 'chat.completion.chunk',
    created: context.created,
    model: context.publicModel,
    choices,
  };
}

/** A chunk with one choice: `delta` at `index`, and `finish_reason` (null until the choice's last chunk). */
export function createDeltaChunk(
  context: ResponseContext,
  index: number,
  delta: ChunkDelta,
  finishReason: FinishReason | null = null,
): ChatCompletionChunk {
  return {
    id: context.completionId,
    object: 'chat.completion.chunk',
    created: context.created,
    model: context.publicModel,
    choices: [{ index, delta, finish_reason: finishReason }],
  };
}

/** The last chunk of a stream that reports usage: `choices: []` and the usage. */
export function createUsageChunk(context: ResponseContext, usage: CompletionUsage): ChatCompletionChunk {
  return {
    id: context.completionId,
    object: 'chat.completion.chunk',
    created: context.created,
    model: context.publicModel,
    choices: [],
    usage,
  };
}

/** A whole answer stamped with the context; `usage` is left out when the vendor reported none. */
export function createCompletion(
  context: ResponseContext,
  choices: CompletionChoice[],
  usage?: CompletionUsage,
): ChatCompletion {
  const completion: ChatCompletion = {
    id: context.completionId,
    object: 'chat.completion',
    created: context.created,
    model: context.publicModel,
    choices,
  };
  if (usage) completion.usage = usage;
  return completion;
}
