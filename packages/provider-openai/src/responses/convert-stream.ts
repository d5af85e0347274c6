import type { ChatCompletionChunk, ChunkChoice, CompletionUsage } from '@llmux/contract';
import {
  createDeltaChunk,
  createUsageChunk,
  malformedUpstreamResponse,
  type ResponseContext,
  type StreamTranslator,
  upstreamStreamCut,
} from '@llmux/provider-kit';
import type { SseEvent } from '@llmux/sse';
import { readSummaries, SUMMARY_SEPARATOR } from './convert-response.js';
import { convertResponsesUsage } from './convert-usage.js';
import { convertResponsesFailure } from './errors.js';
import { mapResponsesFinishReason } from './map-finish-reason.js';
import {
  type OpenAIResponsesOutputItem,
  type OpenAIResponsesStreamEvent,
  openAIResponsesStreamEventSchema,
} from './responses-api.js';

interface ToolCallSlot {
  /** The index the client sees: 0, 1, 2… in the order the calls were opened. */
  index: number;
  /** Whether any argument text was sent (else `.done` / `output_item.done` supplies it). */
  argumentsSent: boolean;
}

type Delta = ChunkChoice['delta'];

/**
 * The push translator for a Responses API stream (https://platform.openai.com/docs/api-reference/responses-streaming).
 * Typed events become Chat Completions chunks: text, refusal and reasoning-summary deltas pass through;
 * each `function_call` output item becomes a tool call whose index is dense (the item's `output_index`
 * counts messages and reasoning too, so it cannot be used as is); `response.completed` /
 * `response.incomplete` give the finish_reason and the usage, which `finish()` emits last in a
 * `choices: []` chunk. The stream has no `[DONE]`: ending without a terminal event is an error, as are
 * `response.failed` and `error` events.
 */
export function createResponsesStreamTranslator(context: ResponseContext): StreamTranslator {
  const toolCalls = new Map<number, ToolCallSlot>();
  const outputIndexByItemId = new Map<string, number>();
  let started = false;
  let terminal = false;
  let finishCalled = false;
  let usage: CompletionUsage | undefined;
  let reasoningKey: string | undefined;

  const chunkOf = (delta: Delta, finishReason: ChunkChoice['finish_reason'] = null): ChatCompletionChunk => {
    if (!started) {
      delta = { role: 'assistant', ...delta };
      started = true;
    }
    return createDeltaChunk(context, 0, delta, finishReason);
  };

  const outputIndexOf = (event: OpenAIResponsesStreamEvent): number | undefined => {
    if (typeof event.output_index === 'number') return event.output_index;
    return event.item_id ? outputIndexByItemId.get(event.item_id) : undefined;
  };

  const openToolCall = (outputIndex: number, item: OpenAIResponsesOutputItem): ChatCompletionChunk => {
    const slot: ToolCallSlot = { index: toolCalls.size, argumentsSent: Boolean(item.arguments) };
    toolCalls.set(outputIndex, slot);
    return chunkOf({
      tool_calls: [
        {
          index: slot.index,
          id: item.call_id || item.id || context.generateToolCallId(),
          type: 'function',
          function: { name: item.name ?? '', arguments: item.arguments ?? '' },
        },
      ],
    });
  };

  const argumentsChunk = (slot: ToolCallSlot, text: string): ChatCompletionChunk[] => {
    if (text === '') return [];
    slot.argumentsSent = true;
    return [chunkOf({ tool_calls: [{ index: slot.index, function: { arguments: text } }] })];
  };

  const reasoningChunk = (key: string, text: string): ChatCompletionChunk[] => {
    if (text === '') return [];
    const separator = reasoningKey !== undefined && reasoningKey !== key ? SUMMARY_SEPARATOR : '';
    reasoningKey = key;
    return [chunkOf({ reasoning_content: separator + text })];
  };

  const translate = (event: OpenAIResponsesStreamEvent): ChatCompletionChunk[] => {
    switch (event.type) {
      case 'response.created':
      case 'response.queued':
      case 'response.in_progress':
        return started ? [] : [chunkOf({ content: '' })];
      case 'response.output_item.added': {
        const item = event.item;
        const outputIndex = event.output_index;
        if (!item || typeof outputIndex !== 'number')
          throw malformedUpstreamResponse('OpenAI', `${event.type} without an item`);
        if (item.id) outputIndexByItemId.set(item.id, outputIndex);
        if (item.type === 'function_call') return [openToolCall(outputIndex, item)];
        return [];
      }
      case 'response.output_text.delta':
        return event.delta ? [chunkOf({ content: event.delta })] : [];
      case 'response.refusal.delta':
        return event.delta ? [chunkOf({ refusal: event.delta })] : [];
      case 'response.reasoning_summary_text.delta':
        return reasoningChunk(`${outputIndexOf(event)}:${event.summary_index ?? 0}`, event.delta ?? '');
      case 'response.function_call_arguments.delta': {
        const outputIndex = outputIndexOf(event);
        const slot = outputIndex === undefined ? undefined : toolCalls.get(outputIndex);
        if (!slot)
          throw malformedUpstreamResponse(
            'OpenAI',
            'function call arguments for a call that was never opened',
          );
        return argumentsChunk(slot, event.delta ?? '');
      }
      case 'response.function_call_arguments.done': {
        const outputIndex = outputIndexOf(event);
        const slot = outputIndex === undefined ? undefined : toolCalls.get(outputIndex);
        return slot && !slot.argumentsSent ? argumentsChunk(slot, event.arguments ?? '') : [];
      }
      case 'response.output_item.done': {
        // The fallback for a call whose `added` event or argument deltas never came.
        const item = event.item;
        const outputIndex = event.output_index;
        if (item?.type !== 'function_call' || typeof outputIndex !== 'number') return [];
        const slot = toolCalls.get(outputIndex);
        if (!slot) return [openToolCall(outputIndex, item)];
        return slot.argumentsSent ? [] : argumentsChunk(slot, item.arguments ?? '');
      }
      case 'response.completed':
      case 'response.incomplete': {
        terminal = true;
        const response = event.response;
        if (response?.usage) usage = convertResponsesUsage(response.usage);
        const finishReason = mapResponsesFinishReason(
          response?.status ?? (event.type === 'response.incomplete' ? 'incomplete' : 'completed'),
          response?.incomplete_details?.reason,
          toolCalls.size > 0,
        );
        // A summary the stream never sent as deltas is still in the final reasoning items.
        const missed: ChatCompletionChunk[] = [];
        if (reasoningKey === undefined) {
          const summaries = (response?.output ?? [])
            .filter((item) => item.type === 'reasoning')
            .flatMap(readSummaries);
          if (summaries.length > 0)
            missed.push(...reasoningChunk('final', summaries.join(SUMMARY_SEPARATOR)));
        }
        return [...missed, chunkOf({}, finishReason)];
      }
      case 'response.failed':
        throw convertResponsesFailure(event.response?.error);
      case 'error':
        throw convertResponsesFailure(
          event.error ?? { code: event.code, message: event.message, param: event.param },
        );
      default:
        return [];
    }
  };

  const push = (event: SseEvent): ChatCompletionChunk[] => {
    if (finishCalled) throw malformedUpstreamResponse('OpenAI', 'event after the end of the stream');
    const data = event.data.trim();
    // Proxies in front of OpenAI sometimes append a Chat-style [DONE]; it carries nothing.
    if (data === '' || data === '[DONE]') return [];
    // One response per stream: anything after the terminal event belongs to no answer of ours.
    if (terminal) return [];
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      throw malformedUpstreamResponse('OpenAI', `not JSON: ${data.slice(0, 200)}`);
    }
    if (payload !== null && typeof payload === 'object' && !('type' in payload) && event.event) {
      payload = { ...payload, type: event.event };
    }
    const parsed = openAIResponsesStreamEventSchema.safeParse(payload);
    if (!parsed.success)
      throw malformedUpstreamResponse('OpenAI', parsed.error.issues[0]?.message ?? 'not an event');
    return translate(parsed.data);
  };

  const finish = (): ChatCompletionChunk[] => {
    if (finishCalled) return [];
    finishCalled = true;
    if (!terminal) {
      throw upstreamStreamCut('OpenAI', 'response.completed (or .incomplete, .failed)');
    }
    if (!usage) return [];
    return [createUsageChunk(context, usage)];
  };

  return { push, finish };
}
