import type { ChatCompletion, ToolCall } from '@llmux/contract';
import { createCompletion, malformedUpstreamResponse, type ResponseContext } from '@llmux/provider-kit';
import { convertResponsesUsage } from './convert-usage.js';
import { convertResponsesFailure } from './errors.js';
import { mapResponsesFinishReason } from './map-finish-reason.js';
import { type OpenAIResponsesOutputItem, openAIResponsesResponseSchema } from './responses-api.js';

/** Between two reasoning summary parts, in whole answers and streams alike. */
export const SUMMARY_SEPARATOR = '\n\n';

/** The summary texts of a reasoning item (the Responses API returns no raw reasoning). */
export function readSummaries(item: OpenAIResponsesOutputItem): string[] {
  return (item.summary ?? []).map((part) => part.text ?? '').filter((text) => text !== '');
}

/**
 * A Responses API answer as a Chat Completions completion: `output_text` parts concatenated into
 * `content`, `refusal` parts into `refusal`, `function_call` items into `tool_calls` (id = `call_id`,
 * the id the caller echoes back in its tool message), reasoning summaries into `reasoning_content`.
 */
export function convertResponsesResponse(body: unknown, context: ResponseContext): ChatCompletion {
  const parsed = openAIResponsesResponseSchema.safeParse(body);
  if (!parsed.success)
    throw malformedUpstreamResponse(
      'OpenAI',
      `not a Responses API answer: ${parsed.error.issues[0]?.message ?? 'unreadable body'}`,
    );
  const response = parsed.data;
  if (response.status === 'failed' || (response.error !== null && response.error !== undefined)) {
    throw convertResponsesFailure(response.error);
  }
  if (!Array.isArray(response.output))
    throw malformedUpstreamResponse('OpenAI', 'a Responses API answer without an output array');

  const texts: string[] = [];
  const refusals: string[] = [];
  const reasoning: string[] = [];
  const toolCalls: ToolCall[] = [];
  for (const item of response.output) {
    if (item.type === 'message') {
      for (const part of item.content ?? []) {
        if (part.type === 'output_text' && part.text) texts.push(part.text);
        else if (part.type === 'refusal' && part.refusal) refusals.push(part.refusal);
      }
    } else if (item.type === 'function_call') {
      toolCalls.push({
        id: item.call_id || item.id || context.generateToolCallId(),
        type: 'function',
        function: { name: item.name ?? '', arguments: item.arguments ?? '' },
      });
    } else if (item.type === 'reasoning') {
      reasoning.push(...readSummaries(item));
    }
  }

  const refusal = refusals.length > 0 ? refusals.join('') : null;
  // OpenAI's Chat Completions sends null, not "", for a turn that only calls tools or refuses.
  const content = texts.length > 0 ? texts.join('') : toolCalls.length > 0 || refusal !== null ? null : '';
  const completion = createCompletion(
    context,
    [
      {
        index: 0,
        message: {
          role: 'assistant',
          content,
          refusal,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
          ...(reasoning.length > 0 ? { reasoning_content: reasoning.join(SUMMARY_SEPARATOR) } : {}),
        },
        logprobs: null,
        finish_reason: mapResponsesFinishReason(
          response.status,
          response.incomplete_details?.reason,
          toolCalls.length > 0,
        ),
      },
    ],
    response.usage ? convertResponsesUsage(response.usage) : undefined,
  );
  if (response.service_tier)
    completion.service_tier = response.service_tier as ChatCompletion['service_tier'];
  return completion;
}
