import type { ChatCompletion, CompletionChoice, ToolCall } from '@llmux/contract';
import { createCompletion, malformedUpstreamResponse, type ResponseContext } from '@llmux/provider-kit';
import { convertUsage } from './convert-usage.js';
import { createBlockedPromptError } from './errors.js';
import {
  type GeminiCandidate,
  type GeminiResponsePart,
  geminiGenerateContentResponseSchema,
} from './gemini-api.js';
import { mapFinishReason } from './map-finish-reason.js';
import { writeThoughtSignature } from './thought-signature.js';

/**
 * Gemini returns generated images as inlineData parts (gemini-3.1-flash-image-preview); OpenAI's chat
 * message has no image output, so they become markdown images with a data: URL inside the text.
 */
export function renderInlineImage(part: GeminiResponsePart): string {
  return part.inlineData ? `![image](data:${part.inlineData.mimeType};base64,${part.inlineData.data})` : '';
}

/** Translates a whole `generateContent` answer into an OpenAI chat completion. */
export function convertResponse(body: unknown, context: ResponseContext): ChatCompletion {
  const parsed = geminiGenerateContentResponseSchema.safeParse(body);
  if (!parsed.success) throw malformedUpstreamResponse('Gemini', parsed.error.message);
  const response = parsed.data;
  const candidates = response.candidates ?? [];
  if (candidates.length === 0) {
    const blockReason = response.promptFeedback?.blockReason;
    if (blockReason) throw createBlockedPromptError(blockReason, response.promptFeedback?.blockReasonMessage);
    throw malformedUpstreamResponse('Gemini', 'the response has no candidates.');
  }
  const choices = candidates
    .map((candidate, position) => convertCandidate(candidate, candidate.index ?? position, context))
    .sort((left, right) => left.index - right.index);
  return createCompletion(context, choices, convertUsage(response.usageMetadata));
}

function convertCandidate(
  candidate: GeminiCandidate,
  index: number,
  context: ResponseContext,
): CompletionChoice {
  let content = '';
  let reasoning = '';
  const toolCalls: ToolCall[] = [];
  for (const part of candidate.content?.parts ?? []) {
    if (part.functionCall) {
      toolCalls.push({
        id: part.functionCall.id || context.generateToolCallId(),
        type: 'function',
        function: {
          name: part.functionCall.name ?? '',
          arguments: JSON.stringify(part.functionCall.args ?? {}),
        },
        ...writeThoughtSignature(part.thoughtSignature),
      });
    } else if (part.inlineData) content += renderInlineImage(part);
    else if (typeof part.text === 'string') {
      if (part.thought) reasoning += part.text;
      else content += part.text;
    }
  }
  const message: CompletionChoice['message'] = {
    role: 'assistant',
    content: content.length > 0 || toolCalls.length === 0 ? content : null,
    refusal: null,
  };
  if (reasoning.length > 0) message.reasoning_content = reasoning;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return {
    index,
    message,
    logprobs: null,
    finish_reason: mapFinishReason(candidate.finishReason, toolCalls.length > 0),
  };
}
