import type { CompletionUsage } from '@llmux/contract';

/**
 * The block-structured internal form of an answer: content blocks that open, grow and close, the way
 * Anthropic and Responses stream and the way Gemini's parts can be read. OpenAI chat chunks have no block
 * boundaries, so a surface that needs them (Anthropic's `content_block_start` / `stop`, Responses' output
 * items) encodes these events instead of chunks.
 *
 * Vendor data that only its own protocol understands (a thinking signature) travels under the vendor's
 * name, so a surface can hand it back to that vendor unchanged and leave it out anywhere else.
 */
export type AnswerEvent =
  | { type: 'block-start'; index: number; block: AnswerBlock }
  | { type: 'text-delta'; index: number; text: string }
  | { type: 'thinking-delta'; index: number; text: string }
  | { type: 'arguments-delta'; index: number; json: string }
  /** Proof of a thinking block or a signed call, opaque, for the named vendor only. */
  | { type: 'signature'; index: number; vendor: SignatureVendor; signature: string }
  | { type: 'block-stop'; index: number }
  /** Always the last event of a complete answer. */
  | { type: 'finish'; reason: AnswerFinishReason; usage: CompletionUsage | undefined };

export type AnswerBlock =
  | { type: 'text' }
  | { type: 'thinking' }
  /** Reasoning the vendor returned encrypted (Anthropic `redacted_thinking`). */
  | { type: 'redacted-thinking'; data: string; vendor: SignatureVendor }
  | { type: 'tool-call'; id: string; name: string }
  | { type: 'refusal' };

/** Whose signature it is: only that vendor's upstream can verify it. */
export type SignatureVendor = 'anthropic' | 'gemini' | 'openai';

/** OpenAI's finish reasons, the hub's vocabulary; each surface maps them to its own. */
export type AnswerFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';
