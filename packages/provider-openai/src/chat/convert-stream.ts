import type { ChatCompletionChunk, ChunkChoice, CompletionUsage, ToolCallDelta } from '@llmux/contract';
import {
  createChunk,
  malformedUpstreamResponse,
  type ResponseContext,
  type StreamTranslator,
  upstreamStreamCut,
} from '@llmux/provider-kit';
import type { SseEvent } from '@llmux/sse';
import { readLogprobs, stringifyArguments } from './convert-response.js';
import { convertChatUsage } from './convert-usage.js';
import type { ChatDialect } from './dialect.js';
import { convertChatError, createKindError, hasEmbeddedError } from './errors.js';
import { mapChatFinishReason } from './map-finish-reason.js';
import type { OpenAIChatDelta, OpenAIChatToolCall } from './openai-chat-api.js';
import { readChatChunk } from './read-chunk.js';

interface ToolCallSlot {
  /** The index the client sees: positions in the final `tool_calls` array, 0, 1, 2… */
  index: number;
  id: string;
  /** The id the upstream gave the call, if any (a generated one is not the vendor's). */
  upstreamId: string | undefined;
}

interface ChoiceState {
  started: boolean;
  finished: boolean;
  /** Upstream tool-call index (or id, for vendors that send whole calls without an index) → our slot. */
  toolCalls: Map<string, ToolCallSlot>;
  /** How many tool calls this choice has opened: the next one's index. */
  toolCallCount: number;
  lastToolCallKey: string | undefined;
  /** What `reasoning_details` said so far, to tell MiniMax's cumulative text from incremental text. */
  reasoningDetailsText: string;
}

/**
 * The push translator for an OpenAI-dialect stream. It re-stamps every chunk (the gateway's id,
 * `created` and public model), fills in what vendors leave out (`object`, `finish_reason: null`, the
 * first delta's role, tool-call ids), maps vendor finish reasons, holds usage back and emits it in one
 * `choices: []` chunk at the very end, and throws a ProviderError on an error event, a malformed event or
 * a stream cut before its end.
 */
export function createChatStreamTranslator(context: ResponseContext, dialect: ChatDialect): StreamTranslator {
  const choices = new Map<number, ChoiceState>();
  let usage: CompletionUsage | undefined;
  let systemFingerprint: string | null | undefined;
  let done = false;
  let finishedCalled = false;

  const stateOf = (index: number): ChoiceState => {
    let state = choices.get(index);
    if (!state) {
      state = {
        started: false,
        finished: false,
        toolCalls: new Map(),
        toolCallCount: 0,
        lastToolCallKey: undefined,
        reasoningDetailsText: '',
      };
      choices.set(index, state);
    }
    return state;
  };

  const chunkOf = (chunkChoices: ChunkChoice[]): ChatCompletionChunk => {
    const chunk = createChunk(context, chunkChoices);
    if (systemFingerprint !== undefined) chunk.system_fingerprint = systemFingerprint;
    return chunk;
  };

  const convertToolCalls = (calls: readonly OpenAIChatToolCall[], state: ChoiceState): ToolCallDelta[] => {
    return calls.map((call) => {
      const key =
        call.index !== undefined && call.index !== null
          ? `index:${call.index}`
          : call.id
            ? `id:${call.id}`
            : (state.lastToolCallKey ?? 'index:0');
      state.lastToolCallKey = key;
      const slot = state.toolCalls.get(key);
      const argumentsText = stringifyArguments(call.function?.arguments);
      // Another id under a known index is another call (servers that send each whole call at index 0).
      const isAnotherCall = Boolean(call.id) && slot?.upstreamId !== undefined && call.id !== slot.upstreamId;
      if (slot && !isAnotherCall) {
        // Later fragments carry only the arguments (Qwen repeats an empty `id` on each one).
        return { index: slot.index, function: { arguments: argumentsText } };
      }
      const created: ToolCallSlot = {
        index: state.toolCallCount++,
        id: call.id || context.generateToolCallId(),
        upstreamId: call.id || undefined,
      };
      state.toolCalls.set(key, created);
      return {
        index: created.index,
        id: created.id,
        type: 'function',
        function: { name: call.function?.name ?? '', arguments: argumentsText },
      };
    });
  };

  /** MiniMax documents `reasoning_details[].text` as cumulative but has been seen sending increments. */
  const readDeltaReasoning = (delta: OpenAIChatDelta, state: ChoiceState): string | undefined => {
    if (typeof delta.reasoning_content === 'string') return delta.reasoning_content;
    if (typeof delta.reasoning === 'string') return delta.reasoning;
    if (!delta.reasoning_details || delta.reasoning_details.length === 0) return undefined;
    const text = delta.reasoning_details.map((detail) => detail.text ?? '').join('');
    const seen = state.reasoningDetailsText;
    const increment = seen !== '' && text.startsWith(seen) ? text.slice(seen.length) : text;
    state.reasoningDetailsText = seen + increment;
    return increment;
  };

  const push = (event: SseEvent): ChatCompletionChunk[] => {
    if (finishedCalled) throw malformedUpstreamResponse(dialect.name, 'event after the end of the stream');
    const data = event.data.trim();
    if (data === '') return [];
    if (data === '[DONE]') {
      done = true;
      return [];
    }
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      throw malformedUpstreamResponse(dialect.name, `not JSON: ${data.slice(0, 200)}`);
    }
    if (hasEmbeddedError(payload)) throw convertChatError(200, payload, {}, dialect);
    const chunk = readChatChunk(payload);
    if (typeof chunk === 'string') throw malformedUpstreamResponse(dialect.name, chunk);
    if (chunk.system_fingerprint !== undefined) systemFingerprint = chunk.system_fingerprint;
    if (chunk.usage) usage = convertChatUsage(chunk.usage, dialect);

    const out: ChunkChoice[] = [];
    for (const [position, choice] of (chunk.choices ?? []).entries()) {
      if (choice.usage) usage = convertChatUsage(choice.usage, dialect);
      const index = choice.index ?? position;
      const state = stateOf(index);
      const upstream = choice.delta ?? {};
      const delta: ChunkChoice['delta'] = {};
      if (!state.started) delta.role = 'assistant';
      if (typeof upstream.content === 'string' && (upstream.content !== '' || !state.started)) {
        delta.content = upstream.content;
      }
      const reasoning = readDeltaReasoning(upstream, state);
      if (reasoning) delta.reasoning_content = reasoning;
      if (typeof upstream.refusal === 'string') delta.refusal = upstream.refusal;
      if (upstream.tool_calls && upstream.tool_calls.length > 0) {
        delta.tool_calls = convertToolCalls(upstream.tool_calls, state);
      }
      let finishReason: ChunkChoice['finish_reason'] = null;
      // A choice ends once: some servers repeat the finish reason on their usage chunk.
      if (choice.finish_reason && !state.finished) {
        const mapped = mapChatFinishReason(
          choice.finish_reason,
          dialect.finishReasons,
          state.toolCalls.size > 0,
        );
        if (typeof mapped === 'object') {
          throw createKindError(mapped.error, {
            message: `${dialect.name} ended the stream with "${choice.finish_reason}"`,
            vendorCode: choice.finish_reason,
          });
        }
        finishReason = mapped;
        state.finished = true;
      }
      const hasDelta = Object.keys(delta).length > 0;
      if (!hasDelta && finishReason === null) continue;
      state.started = true;
      const converted: ChunkChoice = { index, delta, finish_reason: finishReason };
      const logprobs = readLogprobs(choice.logprobs);
      if (logprobs) converted.logprobs = logprobs;
      out.push(converted);
    }
    return out.length > 0 ? [chunkOf(out)] : [];
  };

  const finish = (): ChatCompletionChunk[] => {
    if (finishedCalled) return [];
    finishedCalled = true;
    const started = [...choices.values()].filter((state) => state.started);
    const allFinished = started.length > 0 && started.every((state) => state.finished);
    // `[DONE]` is the terminal event; a vendor that omits it has still ended cleanly once every
    // choice carried its finish reason. Anything else is a cut stream, never a finished answer.
    if (!done && !allFinished) {
      throw upstreamStreamCut(dialect.name, '[DONE] or a finish reason on every choice');
    }
    if (!usage) return [];
    const chunk = chunkOf([]);
    chunk.usage = usage;
    return [chunk];
  };

  return { push, finish };
}
