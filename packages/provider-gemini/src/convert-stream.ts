import type { ChatCompletionChunk, ChunkDelta, CompletionUsage, ToolCallDelta } from '@llmux/contract';
import {
  createDeltaChunk,
  createUsageChunk,
  malformedUpstreamResponse,
  type ResponseContext,
  type StreamTranslator,
  upstreamStreamCut,
} from '@llmux/provider-kit';
import type { SseEvent } from '@llmux/sse';
import { renderInlineImage } from './convert-response.js';
import { convertUsage } from './convert-usage.js';
import { convertStreamError, createBlockedPromptError } from './errors.js';
import type { GeminiPartialArg, GeminiResponseFunctionCall, GeminiResponsePart } from './gemini-api.js';
import { mapFinishReason } from './map-finish-reason.js';
import { readStreamChunk } from './read-stream-chunk.js';
import { writeThoughtSignature } from './thought-signature.js';

/** A function call whose arguments arrive piece by piece (`willContinue` + `partialArgs`). */
interface PendingCall {
  id: string;
  name: string;
  args: Record<string, unknown>;
  signature: string | undefined;
  /** The jsonPath of a string value still being continued. */
  openPath: string | undefined;
}

interface CandidateState {
  started: boolean;
  toolCalls: number;
  pending: PendingCall | undefined;
  finished: boolean;
}

/**
 * Translates `streamGenerateContent?alt=sse` events into OpenAI chunks. Gemini sends each chunk as a
 * whole GenerateContentResponse with the new parts only, no event names and no `[DONE]`: the only sign
 * of a complete answer is a finishReason on every candidate, so a stream that ends without one is cut.
 *
 * A function call usually arrives whole in one part. With streamed arguments (Vertex AI
 * `streamFunctionCallArguments`, recorded in the fixtures) it opens with `{name, willContinue: true}`,
 * goes on with `partialArgs` pieces and closes with an empty `functionCall` (or a piece without
 * `willContinue`, or the finishReason itself when the closing part never comes). Calls are emitted
 * whole, once closed, so a client never sees arguments assembled from JSON paths half-way.
 */
export function createStreamTranslator(context: ResponseContext): StreamTranslator {
  const candidates = new Map<number, CandidateState>();
  let usage: CompletionUsage | undefined;

  const stateOf = (index: number): CandidateState => {
    let state = candidates.get(index);
    if (!state) {
      state = { started: false, toolCalls: 0, pending: undefined, finished: false };
      candidates.set(index, state);
    }
    return state;
  };

  const emit = (output: ChatCompletionChunk[], index: number, state: CandidateState, delta: ChunkDelta) => {
    if (!state.started) {
      state.started = true;
      output.push(createDeltaChunk(context, index, { role: 'assistant', ...delta }));
    } else output.push(createDeltaChunk(context, index, delta));
  };

  const emitToolCall = (
    output: ChatCompletionChunk[],
    index: number,
    state: CandidateState,
    call: { id: string; name: string; args: Record<string, unknown>; signature: string | undefined },
  ) => {
    const toolCall: ToolCallDelta = {
      index: state.toolCalls++,
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: JSON.stringify(call.args) },
      ...writeThoughtSignature(call.signature),
    };
    emit(output, index, state, { tool_calls: [toolCall] });
  };

  const closePending = (output: ChatCompletionChunk[], index: number, state: CandidateState) => {
    if (!state.pending) return;
    emitToolCall(output, index, state, state.pending);
    state.pending = undefined;
  };

  const handleFunctionCall = (
    output: ChatCompletionChunk[],
    index: number,
    state: CandidateState,
    call: GeminiResponseFunctionCall,
    signature: string | undefined,
  ) => {
    if (call.name) {
      closePending(output, index, state);
      const opened = {
        id: call.id || context.generateToolCallId(),
        name: call.name,
        args: call.args ?? {},
        signature,
      };
      if (call.willContinue) state.pending = { ...opened, openPath: undefined };
      else emitToolCall(output, index, state, opened);
      return;
    }
    const pending = state.pending;
    if (!pending) {
      if (call.partialArgs?.length || call.args)
        throw malformedUpstreamResponse('Gemini', 'function-call arguments arrived without a function call.');
      return;
    }
    for (const piece of call.partialArgs ?? []) applyPartialArg(pending, piece);
    if (call.args) Object.assign(pending.args, call.args);
    if (!call.willContinue) closePending(output, index, state);
  };

  return {
    push(event: SseEvent): ChatCompletionChunk[] {
      let data: unknown;
      try {
        data = JSON.parse(event.data);
      } catch {
        throw malformedUpstreamResponse('Gemini', `an event is not JSON: ${event.data.slice(0, 200)}`);
      }
      if (typeof data === 'object' && data !== null && 'error' in data) throw convertStreamError(data);
      const response = readStreamChunk(data);
      if (typeof response === 'string') throw malformedUpstreamResponse('Gemini', response);
      usage = convertUsage(response.usageMetadata) ?? usage;
      const output: ChatCompletionChunk[] = [];
      const list = response.candidates ?? [];
      if (list.length === 0 && response.promptFeedback?.blockReason)
        throw createBlockedPromptError(
          response.promptFeedback.blockReason,
          response.promptFeedback.blockReasonMessage,
        );
      list.forEach((candidate, position) => {
        const index = candidate.index ?? position;
        const state = stateOf(index);
        for (const part of candidate.content?.parts ?? []) handlePart(output, index, state, part);
        if (candidate.finishReason) {
          // The closing part of a streamed call may never come (recorded): the finish closes it.
          closePending(output, index, state);
          state.finished = true;
          const finishReason = mapFinishReason(candidate.finishReason, state.toolCalls > 0);
          if (!state.started) {
            state.started = true;
            output.push(createDeltaChunk(context, index, { role: 'assistant', content: '' }, finishReason));
          } else output.push(createDeltaChunk(context, index, {}, finishReason));
        }
      });
      return output;
    },

    finish(): ChatCompletionChunk[] {
      const states = [...candidates.values()];
      if (states.length === 0 || states.some((state) => !state.finished))
        throw upstreamStreamCut('Gemini', 'a finishReason');
      if (!usage) return [];
      return [createUsageChunk(context, usage)];
    },
  };

  function handlePart(
    output: ChatCompletionChunk[],
    index: number,
    state: CandidateState,
    part: GeminiResponsePart,
  ) {
    if (part.functionCall) {
      handleFunctionCall(output, index, state, part.functionCall, part.thoughtSignature ?? undefined);
      return;
    }
    if (part.inlineData) {
      emit(output, index, state, { content: renderInlineImage(part) });
      return;
    }
    // Gemini ends streams with an empty text part that only carries a thought signature.
    if (typeof part.text !== 'string' || part.text.length === 0) return;
    emit(output, index, state, part.thought ? { reasoning_content: part.text } : { content: part.text });
  }
}

/** Writes one streamed argument piece into the call's arguments, at its JSON path (`$.a[0].b`). */
function applyPartialArg(call: PendingCall, piece: GeminiPartialArg): void {
  const path = parseJsonPath(piece.jsonPath);
  if (!path) throw malformedUpstreamResponse('Gemini', `unreadable argument path ${piece.jsonPath}.`);
  let value: unknown;
  if (piece.stringValue !== undefined) {
    const previous = call.openPath === piece.jsonPath ? readPath(call.args, path) : undefined;
    value = (typeof previous === 'string' ? previous : '') + piece.stringValue;
  } else if (piece.numberValue !== undefined) value = piece.numberValue;
  else if (piece.boolValue !== undefined) value = piece.boolValue;
  else value = null;
  writePath(call.args, path, value);
  call.openPath = piece.willContinue ? piece.jsonPath : undefined;
}

type PathSegment = string | number;

function parseJsonPath(jsonPath: string): PathSegment[] | undefined {
  if (!jsonPath.startsWith('$')) return undefined;
  const segments: PathSegment[] = [];
  const pattern = /\.([^.[\]]+)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]/y;
  pattern.lastIndex = 1;
  while (pattern.lastIndex < jsonPath.length) {
    const match = pattern.exec(jsonPath);
    if (!match) return undefined;
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push((match[3] ?? match[4] ?? '').replace(/\\(.)/g, '$1'));
  }
  // A path is vendor data: it must never reach an object's prototype.
  if (
    segments.some(
      (segment) => segment === '__proto__' || segment === 'constructor' || segment === 'prototype',
    )
  )
    return undefined;
  return segments.length > 0 ? segments : undefined;
}

function readPath(root: Record<string, unknown>, path: PathSegment[]): unknown {
  let node: unknown = root;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

function writePath(root: Record<string, unknown>, path: PathSegment[], value: unknown): void {
  let node = root as Record<string | number, unknown>;
  path.forEach((segment, position) => {
    if (position === path.length - 1) {
      node[segment] = value;
      return;
    }
    const next = path[position + 1];
    if (typeof node[segment] !== 'object' || node[segment] === null)
      node[segment] = typeof next === 'number' ? [] : {};
    node = node[segment] as Record<string | number, unknown>;
  });
}
