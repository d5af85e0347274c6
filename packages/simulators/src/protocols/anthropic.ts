import { createHash } from 'node:crypto';
import type { Scenario, ScenarioUsage } from '../scenario.js';
import {
  isRecord,
  type NormalizedRequest,
  type ProtocolSimulator,
  type SimulatorIds,
  SimulatorRequestError,
  type SseFrame,
  textOf,
} from './protocol.js';
import { splitText } from './split-text.js';

/**
 * Anthropic's Messages API (https://docs.claude.com/en/api/messages), whole and streamed
 * (https://docs.claude.com/en/api/messages-streaming): typed SSE events with a `ping` after the first
 * block starts, as the real API sends. Thinking blocks carry a signature the simulator can check: a
 * thinking block sent back with an altered signature or text gets Anthropic's 400, so a round trip
 * through a gateway is tested for real.
 */
const COUNT_TOKENS_PATH = '/v1/messages/count_tokens';

export const anthropicSimulator: ProtocolSimulator = {
  protocol: 'anthropic-messages',

  matches(method, path) {
    return method === 'POST' && (path === '/v1/messages' || path === COUNT_TOKENS_PATH);
  },

  normalize(path, _query, rawBody) {
    if (!isRecord(rawBody)) throw new SimulatorRequestError('The request body is not valid JSON.');
    // https://docs.claude.com/en/api/messages-count-tokens: the Messages body without max_tokens or stream.
    const countTokens = path === COUNT_TOKENS_PATH;
    const body = countTokens ? { ...rawBody, max_tokens: 1 } : rawBody;
    if (typeof body.model !== 'string' || body.model === '')
      throw new SimulatorRequestError('model: Field required');
    if (body.max_tokens === undefined) throw new SimulatorRequestError('max_tokens: Field required');
    if (typeof body.max_tokens !== 'number' || !Number.isInteger(body.max_tokens) || body.max_tokens < 1) {
      throw new SimulatorRequestError(
        'max_tokens: Input should be a valid integer greater than or equal to 1',
      );
    }
    if (!Array.isArray(body.messages)) throw new SimulatorRequestError('messages: Field required');
    if (body.messages.length === 0)
      throw new SimulatorRequestError('messages: at least one message is required');
    const messages = body.messages.filter(isRecord);
    messages.forEach((message, index) => {
      if (message.role !== 'user' && message.role !== 'assistant') {
        throw new SimulatorRequestError(`messages.${index}.role: Input should be 'user' or 'assistant'`);
      }
      checkThinkingSignatures(message.content, index);
    });
    if (typeof body.temperature === 'number' && (body.temperature < 0 || body.temperature > 1)) {
      throw new SimulatorRequestError('temperature: range: 0..1');
    }
    const thinking = isRecord(body.thinking) ? body.thinking : undefined;
    if (thinking?.type === 'enabled') {
      const budget = thinking.budget_tokens;
      if (typeof budget !== 'number' || budget < 1024) {
        throw new SimulatorRequestError(
          'thinking.enabled.budget_tokens: Input should be greater than or equal to 1024',
        );
      }
      if (budget >= body.max_tokens) {
        throw new SimulatorRequestError(
          '`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size',
        );
      }
    }

    if (thinking?.type === 'enabled' || thinking?.type === 'adaptive') checkToolLoopThinking(messages);

    const lastUser = messages.findLast((message) => message.role === 'user');
    const last = messages.at(-1);
    const tools = (Array.isArray(body.tools) ? body.tools : [])
      .filter(isRecord)
      .filter((tool): tool is Record<string, unknown> & { name: string } => typeof tool.name === 'string')
      .map((tool) => ({ name: tool.name, parameters: tool.input_schema }));
    const outputFormat =
      isRecord(body.output_config) && isRecord(body.output_config.format)
        ? body.output_config.format
        : undefined;
    return {
      model: body.model,
      stream: !countTokens && body.stream === true,
      ...(countTokens ? { countTokens: true } : {}),
      lastUserText: lastUser ? textOf(lastUser.content) : '',
      lastTurnIsToolResult:
        last?.role === 'user' &&
        Array.isArray(last.content) &&
        last.content.some((block) => isRecord(block) && block.type === 'tool_result'),
      tools,
      toolChoice: toolChoiceOf(body.tool_choice),
      wantsJson: outputFormat?.type === 'json_schema',
      responseSchema: outputFormat?.schema,
      choices: 1,
      maxTokens: body.max_tokens,
      hasImages: messages.some(
        (message) =>
          Array.isArray(message.content) &&
          message.content.some((block) => isRecord(block) && block.type === 'image'),
      ),
      promptCharacters:
        JSON.stringify(body.messages).length +
        JSON.stringify(body.system ?? '').length +
        JSON.stringify(body.tools ?? []).length,
      // Anthropic always reports usage, in message_start and message_delta.
      streamUsage: true,
    } satisfies NormalizedRequest;
  },

  renderResponse(scenario, request, ids) {
    return {
      id: messageIdOf(ids),
      type: 'message',
      role: 'assistant',
      model: request.model,
      content: renderBlocks(contentBlocksOf(scenario, ids)),
      stop_reason: stopReasonOf(scenario),
      stop_sequence: null,
      usage: renderUsage(scenario.usage),
    };
  },

  renderTokenCount(inputTokens) {
    return { input_tokens: inputTokens };
  },

  renderStream(scenario, request, ids) {
    const size = scenario.chunkSize ?? 8;
    const usage = renderUsage(scenario.usage);
    const frames: SseFrame[] = [
      frame('message_start', {
        type: 'message_start',
        message: {
          id: messageIdOf(ids),
          type: 'message',
          role: 'assistant',
          model: request.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { ...usage, output_tokens: 1 },
        },
      }),
    ];
    contentBlocksOf(scenario, ids).forEach((block, index) => {
      const start = (content_block: unknown) =>
        frames.push(frame('content_block_start', { type: 'content_block_start', index, content_block }));
      const delta = (value: unknown) =>
        frames.push(frame('content_block_delta', { type: 'content_block_delta', index, delta: value }));
      if (block.type === 'thinking') {
        start({ type: 'thinking', thinking: '', signature: '' });
        for (const piece of splitText(block.thinking, size))
          delta({ type: 'thinking_delta', thinking: piece });
        delta({ type: 'signature_delta', signature: block.signature });
      } else if (block.type === 'text') {
        start({ type: 'text', text: '' });
        for (const piece of splitText(block.text, size)) delta({ type: 'text_delta', text: piece });
      } else {
        start({ type: 'tool_use', id: block.id, name: block.name, input: {} });
        // The first fragment is empty, as in Anthropic's own streams.
        delta({ type: 'input_json_delta', partial_json: '' });
        for (const piece of splitText(block.arguments, size))
          delta({ type: 'input_json_delta', partial_json: piece });
      }
      if (index === 0) frames.push(frame('ping', { type: 'ping' }));
      frames.push(frame('content_block_stop', { type: 'content_block_stop', index }));
    });
    frames.push(
      frame('message_delta', {
        type: 'message_delta',
        delta: { stop_reason: stopReasonOf(scenario), stop_sequence: null },
        usage: {
          input_tokens: usage.input_tokens,
          cache_creation_input_tokens: usage.cache_creation_input_tokens,
          cache_read_input_tokens: usage.cache_read_input_tokens,
          output_tokens: usage.output_tokens,
        },
      }),
      frame('message_stop', { type: 'message_stop' }),
    );
    return frames;
  },

  renderStreamError(message) {
    return frame('error', { type: 'error', error: { type: 'api_error', message } });
  },

  renderError(status, message) {
    return {
      type: 'error',
      error: {
        type: ERROR_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error'),
        message,
      },
    };
  },

  responseHeaders(_stream, ids) {
    return { 'request-id': `req_${ids.responseId}`, 'anthropic-organization-id': 'simulator' };
  },
};

/** https://docs.claude.com/en/api/errors */
const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

type RenderedBlock =
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; arguments: string };

/** The signature of a simulated thinking block: a digest of its text, so any change to either shows. */
export function signThinking(thinking: string): string {
  return Buffer.from(`sim-signature:${createHash('sha256').update(thinking).digest('base64')}`).toString(
    'base64',
  );
}

function checkThinkingSignatures(content: unknown, messageIndex: number): void {
  if (!Array.isArray(content)) return;
  content.forEach((block, blockIndex) => {
    if (!isRecord(block) || block.type !== 'thinking') return;
    if (typeof block.thinking !== 'string' || block.signature !== signThinking(block.thinking)) {
      throw new SimulatorRequestError(
        `messages.${messageIndex}.content.${blockIndex}: Invalid \`signature\` in \`thinking\` block`,
      );
    }
  });
}

/**
 * With thinking on, the assistant turn of a tool loop must be sent back starting with its thinking block:
 * https://docs.claude.com/en/docs/build-with-claude/extended-thinking#preserving-thinking-blocks
 */
function checkToolLoopThinking(messages: Array<Record<string, unknown>>): void {
  const index = messages.findLastIndex((message) => message.role === 'assistant');
  const content = messages[index]?.content;
  if (!Array.isArray(content) || !content.some((block) => isRecord(block) && block.type === 'tool_use'))
    return;
  const first = isRecord(content[0]) ? content[0].type : undefined;
  if (first === 'thinking' || first === 'redacted_thinking') return;
  throw new SimulatorRequestError(
    `messages.${index}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${String(first)}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks). To avoid this requirement, disable \`thinking\`.`,
  );
}

function contentBlocksOf(scenario: Scenario, ids: SimulatorIds): RenderedBlock[] {
  const blocks: RenderedBlock[] = [];
  if (scenario.reasoning !== undefined) {
    blocks.push({
      type: 'thinking',
      thinking: scenario.reasoning,
      signature: signThinking(scenario.reasoning),
    });
  }
  if (scenario.text !== undefined && scenario.text !== '') blocks.push({ type: 'text', text: scenario.text });
  (scenario.toolCalls ?? []).forEach((call, index) => {
    blocks.push({
      type: 'tool_use',
      id: call.id ?? `toolu_${ids.toolCallId(index)}`,
      name: call.name,
      arguments: call.arguments,
    });
  });
  return blocks;
}

/** A whole message's blocks: tool_use carries the parsed `input` (a stream sends the JSON text in fragments). */
function renderBlocks(blocks: RenderedBlock[]): unknown[] {
  return blocks.map((block) => {
    if (block.type !== 'tool_use') return block;
    return { type: 'tool_use', id: block.id, name: block.name, input: parseInput(block.arguments) };
  });
}

function parseInput(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : {};
  } catch {
    return {};
  }
}

function stopReasonOf(scenario: Scenario): string {
  switch (scenario.finishReason ?? ((scenario.toolCalls?.length ?? 0) > 0 ? 'tool_calls' : 'stop')) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return 'end_turn';
  }
}

/** Anthropic's input_tokens leave out cached tokens, which come as cache_read_input_tokens. */
function renderUsage(usage: ScenarioUsage | undefined) {
  const cached = usage?.cachedTokens ?? 0;
  return {
    input_tokens: Math.max(0, (usage?.promptTokens ?? 0) - cached),
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: cached,
    output_tokens: usage?.completionTokens ?? 0,
    service_tier: 'standard',
  };
}

function frame(event: string, data: unknown): SseFrame {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

function messageIdOf(ids: SimulatorIds): string {
  return `msg_${ids.responseId}`;
}

function toolChoiceOf(choice: unknown): string | undefined {
  if (!isRecord(choice)) return undefined;
  if (choice.type === 'tool' && typeof choice.name === 'string') return choice.name;
  if (choice.type === 'any') return 'required';
  return typeof choice.type === 'string' ? choice.type : undefined;
}
