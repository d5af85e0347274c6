import type { ChatCompletionChunk, CompletionUsage } from '@llmux/contract';
import type { AnswerBlock, AnswerEvent, AnswerFinishReason, SignatureVendor } from './answer-events.js';

/**
 * Turns the hub's chunks (what every adapter emits) into block events for one choice, opening a block
 * when the kind of delta changes and closing it when another starts or the answer finishes.
 *
 * Signatures ride where the adapters put them: Gemini's on a tool call (`extra_content.google`), Anthropic's
 * in `reasoning_details` items (sent whole when the block ends). Each becomes a `signature` event on the
 * block it belongs to, or on a thinking block of its own when the answer had no thinking text.
 *
 * One known limit: the Anthropic adapter sends its signatures when the message ends (the openai SDK keeps
 * only the last value of a non-standard delta field), after its thinking blocks have closed here, so a
 * signature then arrives on a block of its own. Anthropic answers reach Anthropic-shaped clients by the
 * native relay instead; a block-native Anthropic stream translator is the next step.
 */
export interface ChunkBlockifier {
  /** The events for one chunk (choice 0; others are not blocks of this answer). */
  push(chunk: ChatCompletionChunk): AnswerEvent[];
  /** The chunks ended: the open block closed and the `finish` event, usage included when it was reported. */
  finish(): AnswerEvent[];
  /** True once a finish reason arrived. */
  readonly finished: boolean;
}

type OpenKind = 'text' | 'thinking' | 'tool-call' | 'refusal';

interface ReasoningDetailLike {
  type?: unknown;
  text?: unknown;
  signature?: unknown;
  data?: unknown;
  format?: unknown;
}

export function createChunkBlockifier(): ChunkBlockifier {
  let nextIndex = 0;
  let openIndex = -1;
  let openKind: OpenKind | undefined;
  /** The block index of each hub tool call index. */
  const toolBlocks = new Map<number, number>();
  let finishReason: AnswerFinishReason | undefined;
  let usage: CompletionUsage | undefined;

  const close = (events: AnswerEvent[]) => {
    if (openKind === undefined) return;
    events.push({ type: 'block-stop', index: openIndex });
    openKind = undefined;
  };
  const open = (events: AnswerEvent[], kind: OpenKind, block: AnswerBlock): number => {
    close(events);
    openIndex = nextIndex++;
    openKind = kind;
    events.push({ type: 'block-start', index: openIndex, block });
    return openIndex;
  };
  const ensure = (events: AnswerEvent[], kind: 'text' | 'thinking' | 'refusal'): number =>
    openKind === kind ? openIndex : open(events, kind, { type: kind });

  const pushDetails = (events: AnswerEvent[], details: unknown) => {
    if (!Array.isArray(details)) return;
    for (const detail of details as ReasoningDetailLike[]) {
      const vendor = vendorOfFormat(detail.format);
      if (detail.type === 'reasoning.encrypted' && typeof detail.data === 'string') {
        const index = open(events, 'thinking', { type: 'redacted-thinking', data: detail.data, vendor });
        events.push({ type: 'block-stop', index });
        openKind = undefined;
        continue;
      }
      if (typeof detail.signature !== 'string' || detail.signature === '') continue;
      // The text streamed already as reasoning_content, so the signature closes that block; when the vendor
      // signed without showing its thinking, a block of its own carries the signature (and any text).
      let index = openIndex;
      if (openKind !== 'thinking') {
        index = open(events, 'thinking', { type: 'thinking' });
        if (typeof detail.text === 'string' && detail.text !== '')
          events.push({ type: 'thinking-delta', index, text: detail.text });
      }
      events.push({ type: 'signature', index, vendor, signature: detail.signature });
      close(events);
    }
  };

  return {
    get finished() {
      return finishReason !== undefined;
    },
    push(chunk) {
      const events: AnswerEvent[] = [];
      if (chunk.usage !== undefined && chunk.usage !== null) usage = chunk.usage;
      const choice = chunk.choices[0];
      if (choice === undefined || choice.index !== 0) return events;
      const delta = choice.delta as typeof choice.delta & {
        reasoning_details?: unknown;
      };
      if (typeof delta.reasoning_content === 'string' && delta.reasoning_content !== '') {
        events.push({
          type: 'thinking-delta',
          index: ensure(events, 'thinking'),
          text: delta.reasoning_content,
        });
      }
      if (delta.reasoning_details !== undefined) pushDetails(events, delta.reasoning_details);
      if (typeof delta.content === 'string' && delta.content !== '') {
        events.push({ type: 'text-delta', index: ensure(events, 'text'), text: delta.content });
      }
      if (typeof delta.refusal === 'string' && delta.refusal !== '') {
        events.push({ type: 'text-delta', index: ensure(events, 'refusal'), text: delta.refusal });
      }
      for (const call of delta.tool_calls ?? []) {
        let index = toolBlocks.get(call.index);
        if (index === undefined) {
          index = open(events, 'tool-call', {
            type: 'tool-call',
            id: call.id ?? `call_${call.index}`,
            name: call.function?.name ?? '',
          });
          toolBlocks.set(call.index, index);
          const signature = readGoogleSignature(call);
          if (signature !== undefined) events.push({ type: 'signature', index, vendor: 'gemini', signature });
        }
        const json = call.function?.arguments;
        if (typeof json === 'string' && json !== '') events.push({ type: 'arguments-delta', index, json });
      }
      if (choice.finish_reason !== null && choice.finish_reason !== undefined) {
        finishReason = choice.finish_reason as AnswerFinishReason;
        close(events);
      }
      return events;
    },
    finish() {
      const events: AnswerEvent[] = [];
      close(events);
      events.push({ type: 'finish', reason: finishReason ?? 'stop', usage });
      return events;
    },
  };
}

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
