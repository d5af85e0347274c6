import {
  AGENT_FINAL_TEXT,
  AGENT_REASONING,
  AGENT_REASONING_TOKEN,
  AGENT_SIDE_TEXT,
  buildShellArguments,
  collectStrings,
  findShellTool,
  type TurnStep,
} from './agent-turn.js';
import {
  estimateTokens,
  type FakeAnswer,
  type FakeIds,
  type FakeProtocol,
  type FakeRequest,
  jsonAnswer,
  splitIntoDeltas,
  sseAnswer,
} from './fake-protocol.js';

interface AnthropicBody {
  model?: string;
  stream?: boolean;
  tools?: { name?: string; input_schema?: unknown }[];
  messages?: { role?: string; content?: unknown }[];
}

/**
 * Anthropic Messages as Claude Code needs it: `POST /v1/messages` (Claude Code adds `?beta=true`),
 * whole or streamed, and `POST /v1/messages/count_tokens`.
 * Stream framing: https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */
export const fakeAnthropic: FakeProtocol = {
  name: 'anthropic',
  handle(request, ids) {
    if (request.method !== 'POST') return undefined;
    if (request.path === '/v1/messages/count_tokens') {
      return jsonAnswer(200, { input_tokens: estimateTokens(request.body) }, 'count-tokens');
    }
    if (request.path !== '/v1/messages') return undefined;
    return answerMessages(request, ids);
  },
};

function answerMessages(request: FakeRequest, ids: FakeIds): FakeAnswer {
  const body = (request.body ?? {}) as AnthropicBody;
  const step = chooseStep(body);
  const model = body.model ?? 'unknown';
  const id = ids.next('msg_fake');
  const toolUseId = ids.next('toolu_fake');
  const inputTokens = estimateTokens(body.messages);
  const label = `messages-${step.kind}`;

  const block =
    step.kind === 'tool-call'
      ? { type: 'tool_use', id: toolUseId, name: step.toolName, input: step.arguments }
      : { type: 'text', text: step.kind === 'final' ? AGENT_FINAL_TEXT : AGENT_SIDE_TEXT, citations: null };
  const stopReason = step.kind === 'tool-call' ? 'tool_use' : 'end_turn';
  const outputTokens = estimateTokens(block);
  const usage = {
    input_tokens: inputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    output_tokens: outputTokens,
  };

  if (body.stream !== true) {
    return jsonAnswer(
      200,
      {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content: block.type === 'tool_use' ? [thinkingBlock(), block] : [block],
        stop_reason: stopReason,
        stop_sequence: null,
        usage,
      },
      label,
      step,
    );
  }

  const frames = [
    frame('message_start', {
      type: 'message_start',
      message: {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...usage, output_tokens: 1 },
      },
    }),
    frame('ping', { type: 'ping' }),
  ];
  let index = 0;
  if (block.type === 'tool_use') {
    // Claude Code always asks for thinking, and Anthropic answers a tool call with a signed thinking block
    // first: text as thinking_delta, the signature as one signature_delta just before the block stops.
    frames.push(
      frame('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'thinking', thinking: '', signature: '' },
      }),
      frame('content_block_delta', {
        type: 'content_block_delta',
        index,
        delta: { type: 'thinking_delta', thinking: AGENT_REASONING },
      }),
      frame('content_block_delta', {
        type: 'content_block_delta',
        index,
        delta: { type: 'signature_delta', signature: AGENT_REASONING_TOKEN },
      }),
      frame('content_block_stop', { type: 'content_block_stop', index }),
    );
    index += 1;
    // A tool_use block starts with an empty input and streams its JSON as input_json_delta pieces.
    frames.push(
      frame('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id: toolUseId, name: block.name, input: {} },
      }),
    );
    for (const piece of splitIntoDeltas(JSON.stringify(block.input))) {
      frames.push(
        frame('content_block_delta', {
          type: 'content_block_delta',
          index,
          delta: { type: 'input_json_delta', partial_json: piece },
        }),
      );
    }
  } else {
    frames.push(
      frame('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'text', text: '' },
      }),
    );
    for (const piece of splitIntoDeltas(block.text ?? '')) {
      frames.push(
        frame('content_block_delta', {
          type: 'content_block_delta',
          index,
          delta: { type: 'text_delta', text: piece },
        }),
      );
    }
  }
  frames.push(
    frame('content_block_stop', { type: 'content_block_stop', index }),
    frame('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: stopReason, stop_sequence: null },
      usage: { output_tokens: outputTokens },
    }),
    frame('message_stop', { type: 'message_stop' }),
  );
  return sseAnswer(frames, label, step);
}

function chooseStep(body: AnthropicBody): TurnStep {
  const messages = body.messages ?? [];
  const last = messages.at(-1);
  const results = Array.isArray(last?.content)
    ? (last.content as { type?: string; content?: unknown }[]).filter((part) => part.type === 'tool_result')
    : [];
  if (last?.role === 'user' && results.length > 0) {
    return { kind: 'final', toolOutput: results.map((part) => collectStrings(part.content)).join('\n') };
  }
  const tools = body.tools ?? [];
  const shell = findShellTool(tools.map((tool) => tool.name ?? ''));
  if (shell) {
    const schema = tools.find((tool) => tool.name === shell)?.input_schema;
    return { kind: 'tool-call', toolName: shell, arguments: buildShellArguments(schema) };
  }
  return { kind: 'side' };
}

function thinkingBlock() {
  return { type: 'thinking', thinking: AGENT_REASONING, signature: AGENT_REASONING_TOKEN };
}

function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
