import type { ChatCompletion, CompletionUsage, FinishReason, ToolCall } from '@llmux/contract';
import {
  type InboundContext,
  parseToolArguments,
  type SignatureVendor,
  wrapForeignSignature,
} from '@llmux/provider-kit';
import { readThoughtSignature } from '../thought-signature.js';

/**
 * The Gemini shapes the gateway writes to its clients (https://ai.google.dev/api/generate-content#v1beta.GenerateContentResponse):
 * typed here rather than as zod schemas because we build them, we never read them.
 */
export type GeminiOutputFinishReason = 'STOP' | 'MAX_TOKENS' | 'SAFETY';

export type GeminiOutputPart =
  | { text: string; thought?: true; thoughtSignature?: string }
  | {
      functionCall: { id: string; name: string; args: Record<string, unknown> };
      thoughtSignature?: string;
    };

export interface GeminiOutputUsage {
  promptTokenCount: number;
  candidatesTokenCount: number;
  thoughtsTokenCount: number;
  totalTokenCount: number;
  cachedContentTokenCount?: number;
}

export interface GeminiOutputCandidate {
  content: { role: 'model'; parts: GeminiOutputPart[] };
  finishReason?: GeminiOutputFinishReason;
  index: 0;
}

export interface GeminiOutputResponse {
  candidates: GeminiOutputCandidate[];
  usageMetadata?: GeminiOutputUsage;
  modelVersion: string;
  responseId: string;
}

/**
 * The hub's finish reason as Gemini's (https://ai.google.dev/api/generate-content#FinishReason). A turn that
 * calls tools ends in STOP, as Gemini's own do: its clients look for the functionCall parts, not the reason.
 */
export function toGeminiFinishReason(reason: FinishReason | null | undefined): GeminiOutputFinishReason {
  switch (reason) {
    case 'length':
      return 'MAX_TOKENS';
    case 'content_filter':
      return 'SAFETY';
    default:
      return 'STOP';
  }
}

/**
 * Hub usage as Gemini's usageMetadata. OpenAI's completion_tokens counts reasoning; Gemini's
 * candidatesTokenCount leaves thoughts out and reports them as thoughtsTokenCount
 * (https://ai.google.dev/gemini-api/docs/thinking#pricing). promptTokenCount includes cached tokens, as
 * prompt_tokens does.
 */
export function toGeminiUsage(usage: CompletionUsage | null | undefined): GeminiOutputUsage {
  const prompt = usage?.prompt_tokens ?? 0;
  const completion = usage?.completion_tokens ?? 0;
  const thoughts = Math.min(usage?.completion_tokens_details?.reasoning_tokens ?? 0, completion);
  const cached = Math.min(usage?.prompt_tokens_details?.cached_tokens ?? 0, prompt);
  const encoded: GeminiOutputUsage = {
    promptTokenCount: prompt,
    candidatesTokenCount: completion - thoughts,
    thoughtsTokenCount: thoughts,
    totalTokenCount: prompt + completion,
  };
  if (cached > 0) encoded.cachedContentTokenCount = cached;
  return encoded;
}

/**
 * A vendor's proof as the `thoughtSignature` a Gemini client keeps and sends back: Gemini's own as it is
 * (Gemini verifies it on the next turn), any other vendor's marked as foreign (`llmux1.<vendor>.…`) so the
 * gateway can route it home and keep it away from Gemini, which would refuse it.
 */
export function toGeminiClientSignature(vendor: SignatureVendor, signature: string): string {
  return vendor === 'gemini' ? signature : wrapForeignSignature(vendor, signature);
}

/** The signature of a thought whose vendor signs nothing (DeepSeek's reasoning_content, say). */
export const UNSIGNED_THOUGHT_SIGNATURE = wrapForeignSignature('none', '');

/** A reasoning block of one answer, as the encoders collect it to build the turn's proof. */
export type ReasoningBlock =
  | { kind: 'thinking'; text: string; vendor?: SignatureVendor; signature?: string }
  | { kind: 'redacted'; vendor: SignatureVendor; data: string };

/**
 * The proof of a turn's reasoning, for its first functionCall part: gemini-cli drops thought parts from its
 * history and keeps only the call's `thoughtSignature` (where Gemini itself signs a turn,
 * https://ai.google.dev/gemini-api/docs/thought-signatures), so the payload carries all the vendor needs back.
 * Anthropic: `llmux1.anthropic.` + JSON `[{"thinking":…,"signature":…} | {"data":…}]`, its thinking and
 * redacted_thinking blocks in order (Anthropic wants them back as given). `none` (DeepSeek, Kimi): the
 * reasoning text itself, which those vendors want back as `reasoning_content` on a tool-call turn. Gemini's
 * signature is on the call already; OpenAI's encrypted reasoning is not sent back: undefined.
 */
export function reasoningProof(blocks: readonly ReasoningBlock[]): string | undefined {
  const anthropic = blocks.filter((block) => block.vendor === 'anthropic');
  if (anthropic.length > 0) {
    const payload = anthropic.map((block) =>
      block.kind === 'redacted' ? { data: block.data } : { thinking: block.text, signature: block.signature },
    );
    return wrapForeignSignature('anthropic', JSON.stringify(payload));
  }
  const unsigned = blocks.filter((block) => block.kind === 'thinking' && block.signature === undefined);
  if (unsigned.length > 0)
    return wrapForeignSignature('none', unsigned.map((block) => (block as { text: string }).text).join(''));
  return undefined;
}

/** Puts the turn's proof on its first call, unless that call is signed already (a Gemini answer). */
export function signFirstCall(parts: GeminiOutputPart[], blocks: readonly ReasoningBlock[]): void {
  const first = parts.find((part) => 'functionCall' in part);
  if (first === undefined || first.thoughtSignature !== undefined) return;
  const proof = reasoningProof(blocks);
  if (proof !== undefined) first.thoughtSignature = proof;
}

/**
 * A whole hub answer (choice 0) as the JSON text of a Gemini GenerateContentResponse.
 *
 * Parts come in the order Gemini writes them: thoughts (`thought: true`), text, then function calls. A call's
 * Gemini signature stays on its part; another vendor's reasoning proof goes on the first call
 * (`reasoningProof`). Arguments that are not a JSON object (a model's broken JSON) become
 * `args: {}`, since Gemini's `args` is always an object and a tool called with no arguments fails its own
 * validation, which tells the model to try again.
 *
 * @example
 * encodeGeminiResponse(completion, { responseId: 'resp_1', created, publicModel: 'claude-sonnet-4-6', request });
 */
export function encodeGeminiResponse(answer: ChatCompletion, context: InboundContext): string {
  const choice = answer.choices[0];
  const message = choice?.message;
  const parts: GeminiOutputPart[] = [];
  if (message !== undefined) {
    const blocks = reasoningBlocks(message.reasoning_content, readReasoningDetails(message));
    parts.push(...blocks.map(thoughtPart));
    if (typeof message.content === 'string' && message.content !== '') parts.push({ text: message.content });
    if (typeof message.refusal === 'string' && message.refusal !== '') parts.push({ text: message.refusal });
    for (const call of message.tool_calls ?? []) parts.push(functionCallPart(call));
    signFirstCall(parts, blocks);
  }
  const encoded: GeminiOutputResponse = {
    candidates: [
      {
        content: { role: 'model', parts },
        finishReason: toGeminiFinishReason(choice?.finish_reason),
        index: 0,
      },
    ],
    usageMetadata: toGeminiUsage(answer.usage),
    modelVersion: context.publicModel,
    responseId: context.responseId,
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
 * details, the only reasoning there is, an unsigned block.
 */
function reasoningBlocks(
  reasoning: string | null | undefined,
  details: ReasoningDetailLike[],
): ReasoningBlock[] {
  const blocks: ReasoningBlock[] = [];
  const hasTextDetails = details.some((detail) => detail.type === 'reasoning.text');
  if (!hasTextDetails && typeof reasoning === 'string' && reasoning !== '')
    blocks.push({ kind: 'thinking', text: reasoning });
  for (const detail of details) {
    const vendor = vendorOfFormat(detail.format);
    if (detail.type === 'reasoning.encrypted' && typeof detail.data === 'string') {
      blocks.push({ kind: 'redacted', vendor, data: detail.data });
    } else if (detail.type === 'reasoning.text') {
      const text = typeof detail.text === 'string' ? detail.text : '';
      const signature =
        typeof detail.signature === 'string' && detail.signature !== '' ? detail.signature : undefined;
      blocks.push(
        signature === undefined ? { kind: 'thinking', text } : { kind: 'thinking', text, vendor, signature },
      );
    }
  }
  return blocks;
}

/** A block as the thought part clients show; unsigned reasoning gets the `none` signature. */
function thoughtPart(block: ReasoningBlock): GeminiOutputPart {
  // Another vendor's encrypted reasoning (Anthropic redacted_thinking) has no Gemini part of its own: it
  // rides as an empty thought's signature, which the gateway routes home or drops.
  if (block.kind === 'redacted')
    return { text: '', thought: true, thoughtSignature: toGeminiClientSignature(block.vendor, block.data) };
  return {
    text: block.text,
    thought: true,
    thoughtSignature:
      block.signature === undefined || block.vendor === undefined
        ? UNSIGNED_THOUGHT_SIGNATURE
        : toGeminiClientSignature(block.vendor, block.signature),
  };
}

function functionCallPart(call: ToolCall): GeminiOutputPart {
  const part: GeminiOutputPart = {
    functionCall: { id: call.id, name: call.function.name, args: parseArgs(call.function.arguments) },
  };
  const signature = readThoughtSignature(call as unknown as Record<string, unknown>);
  if (signature !== undefined) part.thoughtSignature = signature;
  return part;
}

/** Tool arguments as Gemini's `args` object; `{}` for anything that is not a JSON object. */
export function parseArgs(text: string): Record<string, unknown> {
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
