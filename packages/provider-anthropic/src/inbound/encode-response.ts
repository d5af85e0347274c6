import type { ChatCompletion, CompletionUsage, FinishReason, ToolCall } from '@llmux/contract';
import {
  type InboundContext,
  parseToolArguments,
  type SignatureVendor,
  wrapForeignSignature,
} from '@llmux/provider-kit';

/**
 * The Anthropic Messages shapes the gateway writes to its clients (https://docs.claude.com/en/api/messages):
 * typed here rather than as zod schemas because we build them, we never read them.
 */
export type AnthropicStopReason = 'end_turn' | 'max_tokens' | 'tool_use' | 'refusal' | 'stop_sequence';

export interface AnthropicOutputUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

export type AnthropicOutputBlock =
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

export interface AnthropicOutputMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicOutputBlock[];
  stop_reason: AnthropicStopReason;
  stop_sequence: string | null;
  usage: AnthropicOutputUsage;
}

/**
 * The hub's finish reason as an Anthropic `stop_reason` (https://docs.claude.com/en/api/handling-stop-reasons).
 * Never `stop_sequence`: no adapter reports which stop sequence matched (OpenAI's chat API does not say
 * either), so a stop on one reads as `end_turn`, with `stop_sequence: null`.
 */
export function toAnthropicStopReason(reason: FinishReason | null | undefined): AnthropicStopReason {
  switch (reason) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return 'end_turn';
  }
}

/**
 * Hub usage as Anthropic usage. OpenAI's `prompt_tokens` counts cached tokens too; Anthropic's
 * `input_tokens` leaves cache reads out, so they move to `cache_read_input_tokens`. The hub does not keep
 * cache writes apart (the Anthropic adapter folds them into `prompt_tokens`), so they stay in
 * `input_tokens` and `cache_creation_input_tokens` is 0: the total a client adds up is still right.
 * https://docs.claude.com/en/docs/build-with-claude/prompt-caching#tracking-cache-performance
 */
export function toAnthropicUsage(usage: CompletionUsage | null | undefined): AnthropicOutputUsage {
  const promptTokens = usage?.prompt_tokens ?? 0;
  const cacheRead = Math.min(usage?.prompt_tokens_details?.cached_tokens ?? 0, promptTokens);
  return {
    input_tokens: promptTokens - cacheRead,
    output_tokens: usage?.completion_tokens ?? 0,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: cacheRead,
  };
}

/**
 * A vendor's proof as the `signature` an Anthropic client keeps and sends back: Anthropic's own as it is
 * (a Claude model answered through the hub, whose next turn Anthropic verifies), any other vendor's marked
 * as foreign so the gateway can route it home and keep it away from Anthropic.
 */
export function toClientSignature(vendor: SignatureVendor, signature: string): string {
  return vendor === 'anthropic' ? signature : wrapForeignSignature(vendor, signature);
}

/** The signature of a thinking block whose vendor signs nothing (DeepSeek's reasoning_content, say). */
export const UNSIGNED_THINKING_SIGNATURE = wrapForeignSignature('none', '');

/**
 * A whole hub answer (choice 0) as the JSON text of an Anthropic Message.
 *
 * Blocks come in the order Claude writes them: thinking, text, then tool calls (a refusal's explanation is
 * text after the content). A Gemini-signed tool call gets an empty thinking block carrying the wrapped
 * signature just before it, because Anthropic clients keep signatures on thinking blocks only.
 *
 * Tool arguments that are not a JSON object (a model's broken JSON) become `input: {}`: Anthropic's `input` must
 * be an object, and a tool called with no arguments fails its own validation, which tells the model to try
 * again, where a 500 would end the client's turn.
 *
 * @example
 * encodeAnthropicResponse(completion, { responseId: 'msg_1', created, publicModel: 'gemini-3-pro', request });
 */
export function encodeAnthropicResponse(answer: ChatCompletion, context: InboundContext): string {
  const choice = answer.choices[0];
  const message = choice?.message;
  const content: AnthropicOutputBlock[] = [];
  if (message !== undefined) {
    content.push(...thinkingBlocks(message.reasoning_content, readReasoningDetails(message)));
    if (typeof message.content === 'string' && message.content !== '')
      content.push({ type: 'text', text: message.content });
    if (typeof message.refusal === 'string' && message.refusal !== '')
      content.push({ type: 'text', text: message.refusal });
    for (const call of message.tool_calls ?? []) content.push(...toolUseBlocks(call));
  }
  const encoded: AnthropicOutputMessage = {
    id: context.responseId,
    type: 'message',
    role: 'assistant',
    model: context.publicModel,
    content,
    stop_reason: toAnthropicStopReason(choice?.finish_reason),
    stop_sequence: null,
    usage: toAnthropicUsage(answer.usage),
  };
  return JSON.stringify(encoded);
}

interface ReasoningDetailLike {
  type?: unknown;
  text?: unknown;
  signature?: unknown;
  data?: unknown;
  format?: unknown;
}

function readReasoningDetails(message: object): ReasoningDetailLike[] {
  const details = (message as { reasoning_details?: unknown }).reasoning_details;
  if (!Array.isArray(details)) return [];
  return details.filter(
    (detail): detail is ReasoningDetailLike => typeof detail === 'object' && detail !== null,
  );
}

/**
 * `reasoning_details` (OpenRouter's notation, which the Anthropic adapter writes) carry each thinking block
 * with its signature, so they win; `reasoning_content` is their text joined, or, from a vendor without
 * details, the only reasoning there is, which becomes one unsigned block.
 */
function thinkingBlocks(
  reasoning: string | null | undefined,
  details: ReasoningDetailLike[],
): AnthropicOutputBlock[] {
  const blocks: AnthropicOutputBlock[] = [];
  const hasTextDetails = details.some((detail) => detail.type === 'reasoning.text');
  if (!hasTextDetails && typeof reasoning === 'string' && reasoning !== '')
    blocks.push({ type: 'thinking', thinking: reasoning, signature: UNSIGNED_THINKING_SIGNATURE });
  for (const detail of details) {
    const vendor = vendorOfFormat(detail.format);
    if (detail.type === 'reasoning.encrypted' && typeof detail.data === 'string') {
      if (vendor === 'anthropic') blocks.push({ type: 'redacted_thinking', data: detail.data });
      // Anthropic refuses a redacted_thinking block it did not encrypt: another vendor's encrypted reasoning
      // rides as a thinking block's wrapped signature, which the gateway routes home or drops (the stream
      // encoder writes the same).
      else
        blocks.push({ type: 'thinking', thinking: '', signature: wrapForeignSignature(vendor, detail.data) });
    } else if (detail.type === 'reasoning.text') {
      const signature =
        typeof detail.signature === 'string' && detail.signature !== '' ? detail.signature : undefined;
      blocks.push({
        type: 'thinking',
        thinking: typeof detail.text === 'string' ? detail.text : '',
        signature:
          signature === undefined ? UNSIGNED_THINKING_SIGNATURE : toClientSignature(vendor, signature),
      });
    }
  }
  return blocks;
}

function toolUseBlocks(call: ToolCall): AnthropicOutputBlock[] {
  const blocks: AnthropicOutputBlock[] = [];
  const signature = readGoogleSignature(call);
  if (signature !== undefined)
    blocks.push({ type: 'thinking', thinking: '', signature: wrapForeignSignature('gemini', signature) });
  blocks.push({
    type: 'tool_use',
    id: call.id,
    name: call.function.name,
    input: parseInput(call.function.arguments),
  });
  return blocks;
}

function parseInput(text: string): Record<string, unknown> {
  try {
    return parseToolArguments(text, 'tool_calls.function.arguments');
  } catch {
    return {};
  }
}

/** The vendor a `reasoning_details` item's `format` names (`anthropic-claude-v1`, `google-gemini-v1`...). */
function vendorOfFormat(format: unknown): SignatureVendor {
  if (typeof format === 'string') {
    if (format.startsWith('google') || format.startsWith('gemini')) return 'gemini';
    if (format.startsWith('openai')) return 'openai';
  }
  return 'anthropic';
}

function readGoogleSignature(call: object): string | undefined {
  const extra = (call as { extra_content?: { google?: { thought_signature?: unknown } } }).extra_content;
  const signature = extra?.google?.thought_signature;
  return typeof signature === 'string' && signature !== '' ? signature : undefined;
}
