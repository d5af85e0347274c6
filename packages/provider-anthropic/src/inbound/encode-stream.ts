import type {
  AnswerEvent,
  InboundContext,
  InboundErrorInit,
  InboundStreamEncoder,
} from '@llmux/provider-kit';
import { wrapForeignSignature } from '@llmux/provider-kit';
import { toAnthropicErrorBody } from './encode-error.js';
import {
  toAnthropicStopReason,
  toAnthropicUsage,
  toClientSignature,
  UNSIGNED_THINKING_SIGNATURE,
} from './encode-response.js';

/**
 * The keep-alive Anthropic itself sends (https://docs.claude.com/en/docs/build-with-claude/streaming#event-types):
 * clients skip it, idle proxies see bytes.
 */
export const anthropicPing = 'event: ping\ndata: {"type":"ping"}\n\n';

type OpenBlock =
  /** A tool call whose `content_block_start` waits for its signature, first arguments or stop. */
  | { kind: 'pending-tool'; id: string; name: string }
  | { kind: 'tool'; output: number }
  | { kind: 'text'; output: number }
  | { kind: 'thinking'; output: number; signed: boolean }
  /** Anthropic's own redacted_thinking, or another vendor's encrypted reasoning already closed as thinking. */
  | { kind: 'opaque'; output: number };

/**
 * Encodes block events as Anthropic's Messages stream
 * (https://docs.claude.com/en/docs/build-with-claude/streaming): `message_start` and a `ping` first, each
 * block as `content_block_start` / deltas / `content_block_stop` with the encoder's own indexes (0, 1, 2…
 * in output order), `message_delta` with the stop reason and the usage, `message_stop` at the end.
 *
 * Signatures follow the whole-answer encoder (`encodeAnthropicResponse`): Anthropic's kept, others wrapped
 * (`llmux1.<vendor>.…`); a thinking block that closes unsigned gets the `none` signature, since clients
 * (Claude Code) give a thinking block back only with one. A signed tool call (Gemini) is preceded by an empty
 * thinking block carrying its signature, Anthropic's tool_use having no field for it; so a tool call's start
 * is held until its signature, its first arguments or its stop shows whether one comes.
 *
 * @example
 * const encoder = createAnthropicStreamEncoder({ responseId: 'msg_1', created, publicModel: 'gemini-3-pro', request });
 * for (const event of events) write(encoder.push(event));
 * write(encoder.finish());
 */
export function createAnthropicStreamEncoder(context: InboundContext): InboundStreamEncoder {
  let started = false;
  let finished = false;
  let nextOutput = 0;
  const open = new Map<number, OpenBlock>();

  const start = (): string => {
    if (started) return '';
    started = true;
    return (
      frame('message_start', {
        type: 'message_start',
        message: {
          id: context.responseId,
          type: 'message',
          role: 'assistant',
          model: context.publicModel,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: toAnthropicUsage(undefined),
        },
      }) + anthropicPing
    );
  };
  const blockStart = (contentBlock: Record<string, unknown>): [number, string] => {
    const index = nextOutput++;
    return [
      index,
      frame('content_block_start', { type: 'content_block_start', index, content_block: contentBlock }),
    ];
  };
  const delta = (index: number, value: Record<string, unknown>): string =>
    frame('content_block_delta', { type: 'content_block_delta', index, delta: value });
  const blockStop = (index: number): string =>
    frame('content_block_stop', { type: 'content_block_stop', index });
  /** A whole thinking block carrying only a signature. */
  const signatureBlock = (signature: string): string => {
    const [index, text] = blockStart({ type: 'thinking', thinking: '', signature: '' });
    return text + delta(index, { type: 'signature_delta', signature }) + blockStop(index);
  };
  const startTool = (block: { id: string; name: string }): [number, string] =>
    blockStart({ type: 'tool_use', id: block.id, name: block.name, input: {} });

  const stop = (index: number): string => {
    const block = open.get(index);
    if (block === undefined) return '';
    open.delete(index);
    switch (block.kind) {
      case 'pending-tool': {
        const [output, text] = startTool(block);
        return text + blockStop(output);
      }
      case 'thinking':
        return (
          (block.signed
            ? ''
            : delta(block.output, { type: 'signature_delta', signature: UNSIGNED_THINKING_SIGNATURE })) +
          blockStop(block.output)
        );
      default:
        return blockStop(block.output);
    }
  };

  const openBlock = (event: Extract<AnswerEvent, { type: 'block-start' }>): string => {
    const block = event.block;
    switch (block.type) {
      case 'text':
      case 'refusal': {
        const [output, text] = blockStart({ type: 'text', text: '' });
        open.set(event.index, { kind: 'text', output });
        return text;
      }
      case 'thinking': {
        const [output, text] = blockStart({ type: 'thinking', thinking: '', signature: '' });
        open.set(event.index, { kind: 'thinking', output, signed: false });
        return text;
      }
      case 'redacted-thinking': {
        if (block.vendor === 'anthropic') {
          const [output, text] = blockStart({ type: 'redacted_thinking', data: block.data });
          open.set(event.index, { kind: 'opaque', output });
          return text;
        }
        // Anthropic refuses a redacted_thinking block it did not encrypt; as a signed thinking block the
        // client keeps it, and the gateway routes it home or drops it before Anthropic sees it.
        const [output, text] = blockStart({ type: 'thinking', thinking: '', signature: '' });
        open.set(event.index, { kind: 'opaque', output });
        return (
          text +
          delta(output, {
            type: 'signature_delta',
            signature: wrapForeignSignature(block.vendor, block.data),
          })
        );
      }
      case 'tool-call':
        open.set(event.index, { kind: 'pending-tool', id: block.id, name: block.name });
        return '';
    }
  };

  const signature = (event: Extract<AnswerEvent, { type: 'signature' }>): string => {
    const block = open.get(event.index);
    if (block?.kind === 'thinking') {
      block.signed = true;
      return delta(block.output, {
        type: 'signature_delta',
        signature: toClientSignature(event.vendor, event.signature),
      });
    }
    if (block?.kind === 'pending-tool') {
      const text = signatureBlock(wrapForeignSignature(event.vendor, event.signature));
      const [output, toolText] = startTool(block);
      open.set(event.index, { kind: 'tool', output });
      return text + toolText;
    }
    // A signature on a tool call already started (or on text) has no place left in Anthropic's stream.
    return '';
  };

  const push = (event: AnswerEvent): string => {
    if (finished) return '';
    let text = start();
    switch (event.type) {
      case 'block-start':
        text += stop(event.index) + openBlock(event);
        break;
      case 'text-delta': {
        const block = open.get(event.index);
        if (block?.kind === 'text' && event.text !== '')
          text += delta(block.output, { type: 'text_delta', text: event.text });
        break;
      }
      case 'thinking-delta': {
        const block = open.get(event.index);
        if (block?.kind === 'thinking' && event.text !== '')
          text += delta(block.output, { type: 'thinking_delta', thinking: event.text });
        break;
      }
      case 'arguments-delta': {
        let block = open.get(event.index);
        if (block?.kind === 'pending-tool') {
          const [output, startText] = startTool(block);
          text += startText;
          block = { kind: 'tool', output };
          open.set(event.index, block);
        }
        if (block?.kind === 'tool' && event.json !== '')
          text += delta(block.output, { type: 'input_json_delta', partial_json: event.json });
        break;
      }
      case 'signature':
        text += signature(event);
        break;
      case 'block-stop':
        text += stop(event.index);
        break;
      case 'finish':
        finished = true;
        for (const index of [...open.keys()]) text += stop(index);
        text += frame('message_delta', {
          type: 'message_delta',
          delta: { stop_reason: toAnthropicStopReason(event.reason), stop_sequence: null },
          // input_tokens too: the gateway learns the prompt's real count only at the end.
          usage: toAnthropicUsage(event.usage),
        });
        break;
    }
    return text;
  };

  return {
    push,
    finish() {
      let text = start();
      if (!finished) text += push({ type: 'finish', reason: 'stop', usage: undefined });
      return `${text}${frame('message_stop', { type: 'message_stop' })}`;
    },
    fail(error: InboundErrorInit) {
      finished = true;
      return frame('error', toAnthropicErrorBody(error));
    },
  };
}

/** `JSON.stringify` escapes line breaks, so each payload fits on one `data:` line. */
function frame(event: string, payload: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
}
