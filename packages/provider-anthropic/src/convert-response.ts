import type { ChatCompletion, CompletionMessage, ToolCall } from '@llmux/contract';
import { createCompletion, malformedUpstreamResponse, type ResponseContext } from '@llmux/provider-kit';
import { type AnthropicContentBlock, anthropicMessageSchema } from './anthropic-api.js';
import { REASONING_FORMAT } from './convert-messages.js';
import { planJsonEmulation } from './convert-request.js';
import { convertUsage } from './convert-usage.js';
import { mapFinishReason } from './map-finish-reason.js';

/**
 * One thinking block as it travels through the OpenAI shape, in the field and notation OpenRouter uses
 * (`reasoning_details`), so a client that sends the assistant turn back returns the signature untouched.
 */
export type ReasoningDetail =
  | {
      type: 'reasoning.text';
      text: string;
      signature?: string;
      format: typeof REASONING_FORMAT;
      index: number;
    }
  | { type: 'reasoning.encrypted'; data: string; format: typeof REASONING_FORMAT; index: number };

/** An Anthropic message (non-streamed) → an OpenAI chat completion. */
export function convertResponse(body: unknown, context: ResponseContext): ChatCompletion {
  const parsed = anthropicMessageSchema.safeParse(body);
  if (!parsed.success)
    throw malformedUpstreamResponse('Anthropic', parsed.error.issues[0]?.message ?? 'not a message');
  const message = parsed.data;
  const json = planJsonEmulation(context.request);

  let text = '';
  let jsonAnswer: string | undefined;
  let reasoning = '';
  const reasoningDetails: ReasoningDetail[] = [];
  const toolCalls: ToolCall[] = [];
  for (const block of message.content as AnthropicContentBlock[]) {
    if (isBlock(block, 'text')) text += block.text;
    else if (isBlock(block, 'thinking')) {
      reasoning += block.thinking;
      reasoningDetails.push({
        type: 'reasoning.text',
        text: block.thinking,
        ...(block.signature ? { signature: block.signature } : {}),
        format: REASONING_FORMAT,
        index: reasoningDetails.length,
      });
    } else if (isBlock(block, 'redacted_thinking')) {
      reasoningDetails.push({
        type: 'reasoning.encrypted',
        data: block.data,
        format: REASONING_FORMAT,
        index: reasoningDetails.length,
      });
    } else if (isBlock(block, 'tool_use')) {
      const input = JSON.stringify(block.input ?? {});
      if (json && block.name === json.toolName) jsonAnswer = (jsonAnswer ?? '') + input;
      else
        toolCalls.push({
          id: block.id,
          type: 'function',
          function: { name: block.name, arguments: input },
        });
    }
    // Server-tool blocks (web search results...) have no OpenAI counterpart; the text that cites them stays.
  }

  // Claude may write a sentence before calling the answer tool (recorded in anthropic-json-tool.2):
  // the client asked for JSON, so the content is the tool's input alone.
  if (jsonAnswer !== undefined) text = jsonAnswer;
  const refused = message.stop_reason === 'refusal';
  const completionMessage: CompletionMessage = {
    role: 'assistant',
    content: text.length > 0 || toolCalls.length === 0 ? text : null,
    refusal: refused ? (message.stop_details?.explanation ?? null) : null,
  };
  if (toolCalls.length > 0) completionMessage.tool_calls = toolCalls;
  if (reasoningDetails.length > 0) {
    completionMessage.reasoning_content = reasoning;
    (completionMessage as Record<string, unknown>).reasoning_details = reasoningDetails;
  }

  const completion = createCompletion(
    context,
    [
      {
        index: 0,
        message: completionMessage,
        logprobs: null,
        finish_reason: mapFinishReason(message.stop_reason, { calledClientTools: toolCalls.length > 0 }),
      },
    ],
    message.usage ? convertUsage(message.usage) : undefined,
  );
  completion.system_fingerprint = null;
  return completion;
}

function isBlock<T extends string>(
  block: AnthropicContentBlock,
  type: T,
): block is Extract<AnthropicContentBlock, { type: T }> {
  return block.type === type;
}
