import type { CompletionUsage } from '@llmux/contract';
import {
  type HeadersLike,
  headerValue,
  type InboundOperation,
  isForeignSignature,
  malformedUpstreamResponse,
  type NativeRelay,
  type NativeStreamRelay,
  type UpstreamRequest,
  type UpstreamTarget,
  upstreamStreamCut,
} from '@llmux/provider-kit';
import { encodeSse, type SseEvent } from '@llmux/sse';
import { ANTHROPIC_VERSION, type AnthropicUsage, anthropicUsageSchema } from '../anthropic-api.js';
import { convertUsage } from '../convert-usage.js';
import { convertStreamError } from '../errors.js';
import { toAnthropicErrorBody } from './encode-error.js';

/** The Messages API paths each relayed operation goes to: https://docs.claude.com/en/api/messages */
const PATH_BY_OPERATION: Record<InboundOperation, string> = {
  generate: '/v1/messages',
  'count-tokens': '/v1/messages/count_tokens',
};

/**
 * The native route for Anthropic clients and Claude models: the client's body goes to Anthropic with only
 * `model` (→ the deployment's id) and the credentials changed, and Anthropic's answer comes back with only
 * `model` (→ the public id) changed; usage is read on the way for accounting.
 *
 * One thing in the body is removed: thinking blocks the gateway made for another vendor's model
 * (`llmux1.…` signatures, when a conversation began on Gemini or DeepSeek and moved to Claude). Anthropic
 * verifies every thinking signature it is sent and refuses the request over one it did not make.
 *
 * @example
 * const relay = createAnthropicNativeRelay();
 * const upstream = relay.request(body, target, request.headers, { stream: true, operation: 'generate' });
 * const stream = relay.stream('claude-sonnet-4-6'); // then stream.push(event) for each upstream SSE event
 */
export function createAnthropicNativeRelay(): NativeRelay<Record<string, unknown>> {
  return {
    request: buildRelayRequest,
    response(text, publicModel) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return { text, usage: undefined };
      }
      if (!isRecord(parsed)) return { text, usage: undefined };
      // count_tokens answers `{ input_tokens }` alone: no model to rewrite, no usage to account.
      const usage = readUsage(parsed.usage);
      if (!('model' in parsed)) return { text, usage };
      return { text: JSON.stringify({ ...parsed, model: publicModel }), usage };
    },
    stream: createStreamRelay,
  };
}

function buildRelayRequest(
  body: Record<string, unknown>,
  target: UpstreamTarget,
  clientHeaders: HeadersLike,
  options: { stream: boolean; operation: InboundOperation },
): UpstreamRequest {
  const path = PATH_BY_OPERATION[options.operation];
  if (path === undefined) throw new TypeError(`The Anthropic relay has no operation "${options.operation}"`);
  // Only Anthropic's protocol headers are kept from the client: its own x-api-key / authorization is the
  // gateway key, never Anthropic's.
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-api-key': target.apiKey,
    'anthropic-version': headerValue(clientHeaders, 'anthropic-version') ?? ANTHROPIC_VERSION,
  };
  const beta = headerValue(clientHeaders, 'anthropic-beta');
  if (beta !== undefined && beta !== '') headers['anthropic-beta'] = beta;
  if (options.stream) headers.accept = 'text/event-stream';
  const relayed: Record<string, unknown> = { ...body, model: target.upstreamModel };
  const messages = withoutForeignThinking(body.messages);
  if (messages !== body.messages) relayed.messages = messages;
  return {
    url: `${target.baseUrl.replace(/\/+$/, '')}${path}`,
    method: 'POST',
    headers,
    body: relayed,
    stream: options.stream,
  };
}

/** The messages with gateway-made thinking taken out of assistant turns; the same array when there is none. */
function withoutForeignThinking(messages: unknown): unknown {
  if (!Array.isArray(messages)) return messages;
  let changed = false;
  const kept: unknown[] = [];
  for (const message of messages) {
    if (!isRecord(message) || message.role !== 'assistant' || !Array.isArray(message.content)) {
      kept.push(message);
      continue;
    }
    const content = message.content.filter((block) => !isForeignThinking(block));
    if (content.length === message.content.length) {
      kept.push(message);
      continue;
    }
    changed = true;
    // A turn that held only foreign thinking is left out: Anthropic refuses empty content, and combines the
    // consecutive user turns around it into one (https://docs.claude.com/en/api/messages, `messages`).
    if (content.length > 0) kept.push({ ...message, content });
  }
  return changed ? kept : messages;
}

function isForeignThinking(block: unknown): boolean {
  if (!isRecord(block)) return false;
  if (block.type === 'thinking')
    return typeof block.signature === 'string' && isForeignSignature(block.signature);
  // Earlier gateway answers carried another vendor's encrypted reasoning as redacted_thinking data.
  if (block.type === 'redacted_thinking')
    return typeof block.data === 'string' && isForeignSignature(block.data);
  return false;
}

/**
 * Relays Anthropic's stream. Only `message_start` (the model id, the first usage), `message_delta` (the
 * final usage) and `error` are parsed; every other event's data is passed on as it came, re-framed only.
 */
function createStreamRelay(publicModel: string): NativeStreamRelay {
  let usage: AnthropicUsage | undefined;
  let messageId: string | undefined;
  let contentSeen = false;
  let stopped = false;

  const parse = (event: SseEvent, name: string): Record<string, unknown> => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(event.data);
    } catch {
      throw malformedUpstreamResponse('Anthropic', `\`${name}\` data is not JSON`);
    }
    if (!isRecord(parsed)) throw malformedUpstreamResponse('Anthropic', `\`${name}\` data is not an object`);
    return parsed;
  };

  return {
    get usage() {
      return usage === undefined ? undefined : convertUsage(usage);
    },
    push(event) {
      const name = event.event ?? 'message';
      switch (name) {
        case 'message_start': {
          const parsed = parse(event, name);
          const message = parsed.message;
          if (!isRecord(message))
            throw malformedUpstreamResponse('Anthropic', '`message_start` without a message');
          const id = typeof message.id === 'string' ? message.id : undefined;
          if (messageId !== undefined) {
            // The same message_start again (vercel/ai#18331) would make clients throw; it says nothing new.
            if (id === messageId) return '';
            // Another message spliced into this one: the first was cut.
            throw upstreamStreamCut('Anthropic', 'message_stop');
          }
          messageId = id ?? '';
          usage = readAnthropicUsage(message.usage) ?? usage;
          return encodeSse({
            event: name,
            data: JSON.stringify({ ...parsed, message: { ...message, model: publicModel } }),
          });
        }
        case 'message_delta': {
          const delta = readAnthropicUsage(parse(event, name).usage);
          // message_delta's counts are cumulative and replace message_start's; a count it leaves out stays.
          if (delta !== undefined) usage = { ...usage, ...withoutNullish(delta) };
          break;
        }
        case 'content_block_start':
          contentSeen = true;
          break;
        case 'message_stop':
          stopped = true;
          break;
        case 'error': {
          const parsed = parse(event, name);
          // Nothing the client cannot lose was sent yet: the gateway may retry or fail over.
          if (!contentSeen) throw convertStreamError(parsed.error);
          break;
        }
      }
      return encodeSse(
        event.event === undefined ? { data: event.data } : { event: event.event, data: event.data },
      );
    },
    finish() {
      if (!stopped) throw upstreamStreamCut('Anthropic', 'message_stop');
      return '';
    },
    fail(error) {
      return encodeSse({ event: 'error', data: JSON.stringify(toAnthropicErrorBody(error)) });
    },
  };
}

function readAnthropicUsage(value: unknown): AnthropicUsage | undefined {
  const parsed = anthropicUsageSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

function readUsage(value: unknown): CompletionUsage | undefined {
  const usage = readAnthropicUsage(value);
  return usage === undefined ? undefined : convertUsage(usage);
}

function withoutNullish<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, entry]) => entry !== null && entry !== undefined),
  ) as Partial<T>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
