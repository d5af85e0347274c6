import type { ChatCompletion, ChoiceLogprobs, CompletionChoice, ToolCall } from '@llmux/contract';
import { createCompletion, malformedUpstreamResponse, type ResponseContext } from '@llmux/provider-kit';
import { convertChatUsage } from './convert-usage.js';
import type { ChatDialect } from './dialect.js';
import { convertChatError, createKindError, hasEmbeddedError } from './errors.js';
import { mapChatFinishReason } from './map-finish-reason.js';
import {
  type OpenAIChatDelta,
  type OpenAIChatMessage,
  type OpenAIChatToolCall,
  openAIChatResponseSchema,
} from './openai-chat-api.js';

/** The model's reasoning from whichever field the vendor uses; undefined when there is none. */
export function readReasoning(message: OpenAIChatMessage | OpenAIChatDelta): string | undefined {
  if (typeof message.reasoning_content === 'string') return message.reasoning_content;
  if (typeof message.reasoning === 'string') return message.reasoning;
  if (message.reasoning_details && message.reasoning_details.length > 0) {
    return message.reasoning_details.map((detail) => detail.text ?? '').join('');
  }
  return undefined;
}

export function stringifyArguments(value: string | Record<string, unknown> | null | undefined): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function convertToolCall(call: OpenAIChatToolCall, context: ResponseContext): ToolCall {
  return {
    id: call.id ? call.id : context.generateToolCallId(),
    type: 'function',
    function: { name: call.function?.name ?? '', arguments: stringifyArguments(call.function?.arguments) },
  };
}

function readContent(content: OpenAIChatMessage['content']): string | null {
  if (content === undefined || content === null) return null;
  if (typeof content === 'string') return content;
  return content.map((part) => part.text ?? '').join('');
}

/** OpenAI's logprobs object when the vendor sent one of the right shape, else null. */
export function readLogprobs(value: unknown): ChoiceLogprobs | null {
  if (value === null || typeof value !== 'object') return null;
  const logprobs = value as { content?: unknown; refusal?: unknown };
  return {
    content: Array.isArray(logprobs.content) ? (logprobs.content as ChoiceLogprobs['content']) : null,
    refusal: Array.isArray(logprobs.refusal) ? (logprobs.refusal as ChoiceLogprobs['refusal']) : null,
  };
}

/**
 * Normalises an OpenAI-dialect answer to the strict contract: `model` is the public id, `id` and
 * `created` are the gateway's, every choice has `refusal`, `logprobs` and an OpenAI `finish_reason`,
 * tool-call arguments are strings, and usage follows OpenAI's token semantics.
 */
export function convertChatResponse(
  body: unknown,
  context: ResponseContext,
  dialect: ChatDialect,
): ChatCompletion {
  // MiniMax can report a failure inside an HTTP 200 (`base_resp`), others an `error` object.
  if (hasEmbeddedError(body)) throw convertChatError(200, body, {}, dialect);
  const parsed = openAIChatResponseSchema.safeParse(body);
  if (!parsed.success)
    throw malformedUpstreamResponse(
      dialect.name,
      `not a chat completion: ${parsed.error.issues[0]?.message ?? 'unreadable body'}`,
    );
  const response = parsed.data;

  const choices = response.choices.map((choice, position): CompletionChoice => {
    const message = choice.message ?? {};
    const toolCalls = (message.tool_calls ?? []).map((call) => convertToolCall(call, context));
    const finish = mapChatFinishReason(choice.finish_reason, dialect.finishReasons, toolCalls.length > 0);
    if (typeof finish === 'object') {
      throw createKindError(finish.error, {
        message: `${dialect.name} ended the answer with "${choice.finish_reason}"`,
        vendorCode: choice.finish_reason ?? undefined,
      });
    }
    let content = readContent(message.content);
    // OpenAI sends null, not "", for the text of a message that only calls tools (providers.md §15.3).
    if (content === '' && toolCalls.length > 0) content = null;
    const reasoning = readReasoning(message);
    return {
      index: choice.index ?? position,
      message: {
        role: 'assistant',
        content,
        refusal: message.refusal ?? null,
        ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        ...(reasoning ? { reasoning_content: reasoning } : {}),
        ...(message.annotations && message.annotations.length > 0
          ? { annotations: message.annotations }
          : {}),
      },
      logprobs: readLogprobs(choice.logprobs),
      finish_reason: finish,
    };
  });

  const completion = createCompletion(
    context,
    choices,
    response.usage ? convertChatUsage(response.usage, dialect) : undefined,
  );
  if (response.system_fingerprint !== undefined) completion.system_fingerprint = response.system_fingerprint;
  if (response.service_tier) completion.service_tier = response.service_tier;
  return completion;
}
