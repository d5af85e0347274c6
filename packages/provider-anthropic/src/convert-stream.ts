import type { ChatCompletionChunk, ChunkDelta } from '@llmux/contract';
import {
  createDeltaChunk,
  createUsageChunk,
  malformedUpstreamResponse,
  type ResponseContext,
  type StreamTranslator,
  upstreamStreamCut,
} from '@llmux/provider-kit';
import type { SseEvent } from '@llmux/sse';
import {
  type AnthropicStreamEvent,
  type AnthropicUsage,
  anthropicStreamEventSchema,
} from './anthropic-api.js';
import { REASONING_FORMAT } from './convert-messages.js';
import { planJsonEmulation } from './convert-request.js';
import { convertUsage } from './convert-usage.js';
import { convertStreamError } from './errors.js';
import { mapFinishReason } from './map-finish-reason.js';

/** What one open content block turns into downstream. */
type BlockRoute =
  | { kind: 'text' }
  | { kind: 'tool'; toolIndex: number; sentArguments: boolean }
  | { kind: 'held-tool'; id: string; name: string; arguments: string }
  | { kind: 'json'; sentArguments: boolean }
  | { kind: 'reasoning'; detailIndex: number; text: string; signature: string }
  | { kind: 'ignored' };

/**
 * Anthropic's typed SSE events → OpenAI chunks (https://docs.claude.com/en/api/messages-streaming).
 * A content block's `index` counts text and thinking blocks too, so tool calls get their own 0, 1, 2...
 * The finish chunk waits for `message_stop`: a stream cut after `message_delta` must not look finished.
 */
export interface StreamTranslatorOptions {
  /**
   * Send each tool call in one chunk when its content block closes, instead of streaming its arguments.
   * A client then waits for a call's arguments, but a stream that an intermediary spliced mid-call
   * (a retried generation spliced into the open one, recorded in `spliced-message-start`) can still be
   * answered with the retried generation: no fragment of the abandoned call has reached the client.
   */
  wholeToolCalls?: boolean;
}

export function createStreamTranslator(
  context: ResponseContext,
  options: StreamTranslatorOptions = {},
): StreamTranslator {
  const json = planJsonEmulation(context.request);
  const blocks = new Map<number, BlockRoute>();
  let messageId: string | undefined;
  let toolCount = 0;
  let reasoningCount = 0;
  let stopReason: string | null | undefined;
  let refusal: string | null = null;
  const usage: AnthropicUsage = {};
  let stopped = false;
  /**
   * With JSON emulation, text is held back until it is clear whether Claude answers through the answer
   * tool (then the text before it, "I'll invoke the JSON response tool." in a recording, is left out so
   * the content parses) or not (then the text is passed on).
   */
  let heldText = '';
  let answeredWithJson = false;
  /**
   * Thinking streams as `reasoning_content` (for display); the `reasoning_details` a client sends back
   * to Anthropic go out whole, text and signature together, in one chunk on `message_stop`. One item per
   * block in one delta survives every client's accumulation: the openai SDK's ChatCompletionStream
   * assigns each non-standard delta field over the last one (per-delta fragments left it the signature
   * alone, without the text Anthropic verifies), and a generation abandoned by a splice never has any.
   */
  let heldDetails: Array<Record<string, unknown>> = [];
  /** Whether anything besides the role and reasoning text reached the client (a splice cannot undo it). */
  let sentKeptOutput = false;

  const mergeUsage = (next: AnthropicUsage | null | undefined) => {
    if (!next) return;
    // message_delta repeats the counts cumulatively (newer API versions include the input side too).
    for (const key of [
      'input_tokens',
      'output_tokens',
      'cache_creation_input_tokens',
      'cache_read_input_tokens',
    ] as const) {
      const value = next[key];
      if (typeof value === 'number') usage[key] = value;
    }
  };

  function handle(event: AnthropicStreamEvent): ChatCompletionChunk[] {
    if (stopped && event.type !== 'ping')
      throw malformedUpstreamResponse('Anthropic', `\`${event.type}\` after message_stop`);
    switch (event.type) {
      case 'ping':
        return [];
      case 'error':
        throw convertStreamError(event.error);
      case 'message_start': {
        if (messageId !== undefined) {
          // Both seen in real recordings (vercel/ai#18331). The same message_start twice is harmless.
          if (event.message.id === messageId) return [];
          // A different message inside an open one: an intermediary lost its upstream and spliced a
          // retried generation in. That generation is the answer; the abandoned one is dropped, which is
          // clean as long as only its (unsigned, never replayed) reasoning text reached the client.
          // Content or tool-call fragments already sent cannot be taken back in an OpenAI stream.
          // The abandoned generation was cut: a retry gets a whole one.
          if (sentKeptOutput)
            throw upstreamStreamCut(
              'Anthropic',
              `message_stop of message ${messageId} (message ${event.message.id} started inside it, after part of its answer was sent)`,
            );
          restart();
          messageId = event.message.id;
          mergeUsage(event.message.usage);
          return [];
        }
        messageId = event.message.id;
        mergeUsage(event.message.usage);
        return [createDeltaChunk(context, 0, { role: 'assistant', content: '' })];
      }
      case 'content_block_start':
        return startBlock(event.index, event.content_block as Record<string, unknown> & { type: string });
      case 'content_block_delta':
        return continueBlock(event.index, event.delta as Record<string, unknown> & { type: string });
      case 'content_block_stop':
        requireMessage(event.type);
        return stopBlock(event.index);
      case 'message_delta':
        requireMessage(event.type);
        if (event.delta.stop_reason != null) stopReason = event.delta.stop_reason;
        if (event.delta.stop_details?.explanation) refusal = event.delta.stop_details.explanation;
        mergeUsage(event.usage);
        return [];
      case 'message_stop': {
        requireMessage(event.type);
        stopped = true;
        const finishReason = mapFinishReason(stopReason, { calledClientTools: toolCount > 0 });
        const delta: ChunkDelta = {};
        if (stopReason === 'refusal' && refusal !== null) delta.refusal = refusal;
        const output = releaseHeldText();
        if (heldDetails.length > 0) {
          heldDetails.sort((left, right) => (left.index as number) - (right.index as number));
          output.push(createDeltaChunk(context, 0, { reasoning_details: heldDetails } as ChunkDelta));
          heldDetails = [];
        }
        output.push(createDeltaChunk(context, 0, delta, finishReason));
        return output;
      }
    }
    return [];
  }

  /** Text while JSON emulation is on: held back, and dropped once the answer tool is called. */
  function passText(text: string): ChatCompletionChunk[] {
    if (text.length === 0 || answeredWithJson) return [];
    if (json) {
      heldText += text;
      return [];
    }
    sentKeptOutput = true;
    return [createDeltaChunk(context, 0, { content: text })];
  }

  function releaseHeldText(): ChatCompletionChunk[] {
    if (heldText.length === 0) return [];
    const text = heldText;
    heldText = '';
    sentKeptOutput = true;
    return [createDeltaChunk(context, 0, { content: text })];
  }

  /** Forgets the abandoned message of a splice; detail indexes go on counting so nothing merges with it. */
  function restart(): void {
    blocks.clear();
    stopReason = undefined;
    refusal = null;
    heldText = '';
    answeredWithJson = false;
    heldDetails = [];
    for (const key of Object.keys(usage) as Array<keyof AnthropicUsage>) delete usage[key];
  }

  function requireMessage(type: string): void {
    if (messageId === undefined)
      throw malformedUpstreamResponse('Anthropic', `\`${type}\` before message_start`);
  }

  function startBlock(
    index: number,
    block: Record<string, unknown> & { type: string },
  ): ChatCompletionChunk[] {
    requireMessage('content_block_start');
    switch (block.type) {
      case 'text': {
        blocks.set(index, { kind: 'text' });
        return passText(typeof block.text === 'string' ? block.text : '');
      }
      case 'tool_use': {
        const name = String(block.name);
        if (json && name === json.toolName) {
          blocks.set(index, { kind: 'json', sentArguments: false });
          answeredWithJson = true;
          heldText = '';
          return [];
        }
        const id = typeof block.id === 'string' ? block.id : context.generateToolCallId();
        if (options.wholeToolCalls) {
          blocks.set(index, { kind: 'held-tool', id, name, arguments: '' });
          return releaseHeldText();
        }
        const toolIndex = toolCount++;
        blocks.set(index, { kind: 'tool', toolIndex, sentArguments: false });
        sentKeptOutput = true;
        return [
          ...releaseHeldText(),
          createDeltaChunk(context, 0, {
            tool_calls: [
              {
                index: toolIndex,
                id,
                type: 'function',
                function: { name, arguments: '' },
              },
            ],
          }),
        ];
      }
      case 'thinking': {
        const text = typeof block.thinking === 'string' ? block.thinking : '';
        const signature = typeof block.signature === 'string' ? block.signature : '';
        blocks.set(index, { kind: 'reasoning', detailIndex: reasoningCount++, text, signature });
        return text.length > 0 ? [createDeltaChunk(context, 0, { reasoning_content: text })] : [];
      }
      case 'redacted_thinking': {
        const detailIndex = reasoningCount++;
        blocks.set(index, { kind: 'ignored' });
        heldDetails.push({
          type: 'reasoning.encrypted',
          data: String(block.data ?? ''),
          format: REASONING_FORMAT,
          index: detailIndex,
        });
        return [];
      }
      default:
        // Server-tool blocks (web search...) have no OpenAI counterpart.
        blocks.set(index, { kind: 'ignored' });
        return [];
    }
  }

  function continueBlock(
    index: number,
    delta: Record<string, unknown> & { type: string },
  ): ChatCompletionChunk[] {
    requireMessage('content_block_delta');
    const route = blocks.get(index);
    if (route === undefined)
      throw malformedUpstreamResponse('Anthropic', `delta for content block ${index}, which never started`);
    switch (delta.type) {
      case 'text_delta':
        return route.kind === 'text' ? passText(String(delta.text ?? '')) : [];
      case 'input_json_delta': {
        const fragment = String(delta.partial_json ?? '');
        if (fragment.length === 0) return [];
        // Fragments are forwarded as they come: they only parse once concatenated.
        if (route.kind === 'json') {
          route.sentArguments = true;
          sentKeptOutput = true;
          return [createDeltaChunk(context, 0, { content: fragment })];
        }
        if (route.kind === 'held-tool') {
          route.arguments += fragment;
          return [];
        }
        if (route.kind === 'tool') {
          route.sentArguments = true;
          return [
            createDeltaChunk(context, 0, {
              tool_calls: [{ index: route.toolIndex, function: { arguments: fragment } }],
            }),
          ];
        }
        return [];
      }
      case 'thinking_delta': {
        const text = String(delta.thinking ?? '');
        if (route.kind !== 'reasoning' || text.length === 0) return [];
        route.text += text;
        return [createDeltaChunk(context, 0, { reasoning_content: text })];
      }
      case 'signature_delta': {
        // Replaced, not appended, as Anthropic's own SDK reads it (MessageStream).
        if (route.kind === 'reasoning') route.signature = String(delta.signature ?? '');
        return [];
      }
      default:
        // citations_delta and newer delta types.
        return [];
    }
  }

  /**
   * A call without arguments streams only an empty `partial_json`, while the whole message says `{}`:
   * close it with `{}` so the assembled arguments parse, as OpenAI streams them.
   */
  function stopBlock(index: number): ChatCompletionChunk[] {
    const route = blocks.get(index);
    if (route?.kind === 'reasoning') {
      // The same item a whole message gives (convert-response.ts), written once the block is complete.
      heldDetails.push({
        type: 'reasoning.text',
        text: route.text,
        ...(route.signature ? { signature: route.signature } : {}),
        format: REASONING_FORMAT,
        index: route.detailIndex,
      });
      return [];
    }
    if (route?.kind === 'held-tool') {
      sentKeptOutput = true;
      return [
        createDeltaChunk(context, 0, {
          tool_calls: [
            {
              index: toolCount++,
              id: route.id,
              type: 'function',
              function: { name: route.name, arguments: route.arguments || '{}' },
            },
          ],
        }),
      ];
    }
    if (route?.kind === 'tool' && !route.sentArguments)
      return [
        createDeltaChunk(context, 0, {
          tool_calls: [{ index: route.toolIndex, function: { arguments: '{}' } }],
        }),
      ];
    if (route?.kind === 'json' && !route.sentArguments) {
      sentKeptOutput = true;
      return [createDeltaChunk(context, 0, { content: '{}' })];
    }
    return [];
  }

  return {
    push(event: SseEvent): ChatCompletionChunk[] {
      let data: unknown;
      try {
        data = JSON.parse(event.data);
      } catch {
        throw malformedUpstreamResponse(
          'Anthropic',
          `an event${event.event ? ` \`${event.event}\`` : ''} whose data is not JSON`,
        );
      }
      // Deltas are nearly every event of a stream: checked by hand (a schema parse costs ~0.5 µs more per
      // event, bench/stream-translator.bench.ts); the rarer events go through the schema.
      if (isDeltaEvent(data)) {
        if (stopped) throw malformedUpstreamResponse('Anthropic', '`content_block_delta` after message_stop');
        return continueBlock(data.index, data.delta);
      }
      const parsed = anthropicStreamEventSchema.safeParse(data);
      if (!parsed.success) {
        const type = (data as { type?: unknown } | null)?.type;
        // Event types added after this adapter was written are skipped, as Anthropic asks of clients:
        // https://docs.claude.com/en/api/versioning
        if (typeof type === 'string' && !KNOWN_EVENTS.has(type)) return [];
        throw malformedUpstreamResponse('Anthropic', `a malformed \`${String(type)}\` event`);
      }
      return handle(parsed.data);
    },
    finish(): ChatCompletionChunk[] {
      if (!stopped) throw upstreamStreamCut('Anthropic', 'message_stop');
      return [createUsageChunk(context, convertUsage(usage))];
    },
  };
}

function isDeltaEvent(
  data: unknown,
): data is { type: 'content_block_delta'; index: number; delta: Record<string, unknown> & { type: string } } {
  if (typeof data !== 'object' || data === null) return false;
  const event = data as { type?: unknown; index?: unknown; delta?: unknown };
  return (
    event.type === 'content_block_delta' &&
    typeof event.index === 'number' &&
    typeof event.delta === 'object' &&
    event.delta !== null &&
    typeof (event.delta as { type?: unknown }).type === 'string'
  );
}

const KNOWN_EVENTS = new Set([
  'message_start',
  'content_block_start',
  'content_block_delta',
  'content_block_stop',
  'message_delta',
  'message_stop',
  'ping',
  'error',
]);
