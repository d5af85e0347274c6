import type {
  AnswerEvent,
  InboundContext,
  InboundErrorInit,
  InboundStreamEncoder,
} from '@llmux/provider-kit';
import { toGeminiErrorBody } from './encode-error.js';
import {
  type GeminiOutputPart,
  type GeminiOutputResponse,
  type GeminiOutputUsage,
  parseArgs,
  type ReasoningBlock,
  signFirstCall,
  toGeminiClientSignature,
  toGeminiFinishReason,
  toGeminiUsage,
  UNSIGNED_THOUGHT_SIGNATURE,
} from './encode-response.js';

/**
 * How a Gemini client asked for its stream: `alt=sse` gives Server-Sent Events, anything else Google's
 * default, one JSON array whose elements arrive as they are made
 * (https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent).
 */
export type GeminiStreamFraming = 'sse' | 'json-array';

/**
 * What the response side reads of a parsed Gemini request: the body (relayed) and the stream's framing.
 * Absent framing is SSE.
 */
export interface GeminiStreamRequest {
  body?: Record<string, unknown>;
  framing?: GeminiStreamFraming;
}

/** Writes GenerateContentResponse chunks in one framing; `close` ends a JSON array. */
export interface GeminiChunkWriter {
  chunk(value: unknown): string;
  close(): string;
  /** The error as the stream's last element (SSE: an event; JSON array: the element and the `]`). */
  error(value: unknown): string;
}

/** A writer for the request's framing (Google's REST separates array elements with `,\r\n`). */
export function createChunkWriter(framing: GeminiStreamFraming | undefined): GeminiChunkWriter {
  if (framing !== 'json-array')
    return {
      chunk: (value) => `data: ${JSON.stringify(value)}\r\n\r\n`,
      close: () => '',
      error: (value) => `data: ${JSON.stringify(value)}\r\n\r\n`,
    };
  let opened = false;
  let closed = false;
  const element = (value: unknown): string => {
    const prefix = opened ? ',\r\n' : '[';
    opened = true;
    return `${prefix}${JSON.stringify(value)}`;
  };
  return {
    chunk: (value) => (closed ? '' : element(value)),
    close() {
      if (closed) return '';
      closed = true;
      return opened ? ']' : '[]';
    },
    error(value) {
      if (closed) return '';
      const text = element(value);
      closed = true;
      return `${text}]`;
    },
  };
}

/** The framing a parsed request asks for, read structurally (any request without one streams SSE). */
export function readFraming(request: unknown): GeminiStreamFraming {
  const framing = (request as GeminiStreamRequest | null | undefined)?.framing;
  return framing === 'json-array' ? 'json-array' : 'sse';
}

type OpenBlock =
  | { kind: 'text' }
  /**
   * `held`: the block's text waits, it may be a thought streamed already (below); `text`: all of it so far.
   */
  | { kind: 'thinking'; signed: boolean; held: boolean; text: string }
  | { kind: 'opaque' }
  /** Gemini never splits a call's args over chunks: the arguments wait for the block's stop. */
  | { kind: 'call'; id: string; name: string; json: string; signature?: string };

/**
 * Encodes block events as Gemini's stream: one GenerateContentResponse per text or thought delta, one per
 * complete function call, and a last one with finishReason and usageMetadata; framed as SSE
 * (`data: {…}\r\n\r\n`) or as the JSON array, whichever the request asked for.
 *
 * Signatures follow the whole-answer encoder (`encodeGeminiResponse`): Gemini's kept, others wrapped
 * (`llmux1.<vendor>.…`) on an empty thought part; a thought that closes unsigned gets the `none` signature.
 * Function calls wait for the last chunk, so the first one can carry the turn's reasoning proof
 * (`reasoningProof`) even when a signature arrives after the calls.
 *
 * The Anthropic adapter sends its thinking twice: streamed unsigned, then whole with its signature when the
 * message ends (provider-kit chunks-to-answer-events.ts, "one known limit"). A thinking block that starts while
 * an unsigned one is unclaimed is held; if its text is that thought's, only the signature is sent.
 *
 * @example
 * const encoder = createGeminiStreamEncoder({ responseId: 'resp_1', created, publicModel: 'claude-sonnet-4-6', request });
 * for (const event of events) write(encoder.push(event));
 * write(encoder.finish());
 */
export function createGeminiStreamEncoder(context: InboundContext): InboundStreamEncoder {
  const writer = createChunkWriter(readFraming(context.request));
  const open = new Map<number, OpenBlock>();
  /** The answer's reasoning, in order, for the proof on its first call. */
  const blocks: ReasoningBlock[] = [];
  /** Unsigned thinking blocks (indices in `blocks`) a late signed copy may still claim, oldest first. */
  const unclaimed: number[] = [];
  const calls: GeminiOutputPart[] = [];
  let finished = false;
  let failed = false;

  const chunk = (
    parts: GeminiOutputPart[],
    end?: { reason: ReturnType<typeof toGeminiFinishReason>; usage: GeminiOutputUsage },
  ): string => {
    const response: GeminiOutputResponse = {
      candidates: [
        {
          content: { role: 'model', parts },
          ...(end === undefined ? {} : { finishReason: end.reason }),
          index: 0,
        },
      ],
      ...(end === undefined ? {} : { usageMetadata: end.usage }),
      modelVersion: context.publicModel,
      responseId: context.responseId,
    };
    return writer.chunk(response);
  };

  /** The parts a block still owes when it closes. */
  const closeParts = (index: number): GeminiOutputPart[] => {
    const block = open.get(index);
    if (block === undefined) return [];
    open.delete(index);
    if (block.kind === 'call') {
      const part: GeminiOutputPart = {
        functionCall: { id: block.id, name: block.name, args: parseArgs(block.json) },
      };
      if (block.signature !== undefined) part.thoughtSignature = block.signature;
      calls.push(part);
      return [];
    }
    if (block.kind === 'thinking' && !block.signed) {
      const owed: GeminiOutputPart[] =
        block.held && block.text !== '' ? [{ text: block.text, thought: true }] : [];
      unclaimed.push(blocks.push({ kind: 'thinking', text: block.text }) - 1);
      owed.push({ text: '', thought: true, thoughtSignature: UNSIGNED_THOUGHT_SIGNATURE });
      return owed;
    }
    return [];
  };

  const push = (event: AnswerEvent): string => {
    if (finished || failed) return '';
    switch (event.type) {
      case 'block-start': {
        const owed = closeParts(event.index);
        const block = event.block;
        switch (block.type) {
          case 'text':
          case 'refusal':
            open.set(event.index, { kind: 'text' });
            break;
          case 'thinking':
            open.set(event.index, { kind: 'thinking', signed: false, held: unclaimed.length > 0, text: '' });
            break;
          case 'redacted-thinking':
            open.set(event.index, { kind: 'opaque' });
            blocks.push({ kind: 'redacted', vendor: block.vendor, data: block.data });
            owed.push({
              text: '',
              thought: true,
              thoughtSignature: toGeminiClientSignature(block.vendor, block.data),
            });
            break;
          case 'tool-call':
            open.set(event.index, { kind: 'call', id: block.id, name: block.name, json: '' });
            break;
        }
        return owed.length > 0 ? chunk(owed) : '';
      }
      case 'text-delta': {
        const block = open.get(event.index);
        return block?.kind === 'text' && event.text !== '' ? chunk([{ text: event.text }]) : '';
      }
      case 'thinking-delta': {
        const block = open.get(event.index);
        if (block?.kind !== 'thinking' || event.text === '') return '';
        block.text += event.text;
        return block.held ? '' : chunk([{ text: event.text, thought: true }]);
      }
      case 'arguments-delta': {
        const block = open.get(event.index);
        if (block?.kind === 'call') block.json += event.json;
        return '';
      }
      case 'signature': {
        const block = open.get(event.index);
        const signature = toGeminiClientSignature(event.vendor, event.signature);
        if (block?.kind === 'call') {
          block.signature = signature;
          return '';
        }
        if (block?.kind === 'thinking') {
          block.signed = true;
          const copied = unclaimed[0];
          const signedBlock: ReasoningBlock = {
            kind: 'thinking',
            text: block.text,
            vendor: event.vendor,
            signature: event.signature,
          };
          const parts: GeminiOutputPart[] = [];
          if (
            block.held &&
            copied !== undefined &&
            blocks[copied]?.kind === 'thinking' &&
            blocks[copied].text === block.text
          ) {
            // The thought the client has already: it gets the signature alone, and the turn one block.
            unclaimed.shift();
            blocks[copied] = signedBlock;
          } else {
            if (block.held && block.text !== '') parts.push({ text: block.text, thought: true });
            blocks.push(signedBlock);
          }
          block.held = false;
          parts.push({ text: '', thought: true, thoughtSignature: signature });
          return chunk(parts);
        }
        // Gemini signs text parts too (https://ai.google.dev/gemini-api/docs/thought-signatures): the
        // signature goes on an empty text part, as Gemini streams it.
        if (block?.kind === 'text') return chunk([{ text: '', thoughtSignature: signature }]);
        return '';
      }
      case 'block-stop': {
        const owed = closeParts(event.index);
        return owed.length > 0 ? chunk(owed) : '';
      }
      case 'finish': {
        finished = true;
        const owed = [...open.keys()].flatMap(closeParts);
        signFirstCall(calls, blocks);
        owed.push(...calls);
        return chunk(owed.length > 0 ? owed : [{ text: '' }], {
          reason: toGeminiFinishReason(event.reason),
          usage: toGeminiUsage(event.usage),
        });
      }
    }
  };

  return {
    push,
    finish() {
      if (failed) return '';
      const text = finished ? '' : push({ type: 'finish', reason: 'stop', usage: undefined });
      return text + writer.close();
    },
    fail(error: InboundErrorInit) {
      if (failed) return '';
      failed = true;
      return writer.error(toGeminiErrorBody(error));
    },
  };
}
