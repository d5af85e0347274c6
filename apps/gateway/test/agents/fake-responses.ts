import {
  AGENT_FINAL_TEXT,
  AGENT_REASONING,
  AGENT_REASONING_TOKEN,
  AGENT_SIDE_TEXT,
  buildShellArguments,
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

interface ResponsesTool {
  type?: string;
  name?: string;
  parameters?: unknown;
  tools?: ResponsesTool[];
}

interface ResponsesBody {
  model?: string;
  stream?: boolean;
  input?: unknown;
  tools?: ResponsesTool[];
}

interface ResponsesItem {
  type?: string;
  role?: string;
  output?: unknown;
}

/**
 * OpenAI Responses as Codex needs it: `POST /v1/responses`, streamed as typed events with a
 * `sequence_number` (https://platform.openai.com/docs/api-reference/responses-streaming), or whole.
 * `GET /v1/models` answers an empty list, so a client that lists models carries on.
 */
export const fakeResponses: FakeProtocol = {
  name: 'responses',
  handle(request, ids) {
    if (request.method === 'GET' && request.path === '/v1/models') {
      return jsonAnswer(200, { object: 'list', data: [] }, 'models');
    }
    if (request.method !== 'POST' || request.path !== '/v1/responses') return undefined;
    return answerResponses(request, ids);
  },
};

function answerResponses(request: FakeRequest, ids: FakeIds): FakeAnswer {
  const body = (request.body ?? {}) as ResponsesBody;
  const step = chooseStep(body);
  const label = `responses-${step.kind}`;
  const responseId = ids.next('resp_fake');
  const itemId = ids.next(step.kind === 'tool-call' ? 'fc_fake' : 'msg_fake');
  const callId = ids.next('call_fake');
  const createdAt = 1_700_000_000;
  const inputTokens = estimateTokens(body.input);

  const base = {
    id: responseId,
    object: 'response',
    created_at: createdAt,
    model: body.model ?? 'unknown',
    error: null,
    incomplete_details: null,
    instructions: null,
    parallel_tool_calls: true,
    tool_choice: 'auto',
    tools: [],
    metadata: {},
  };
  const text = step.kind === 'final' ? AGENT_FINAL_TEXT : AGENT_SIDE_TEXT;
  const argumentsText = step.kind === 'tool-call' ? JSON.stringify(step.arguments) : '';
  const item =
    step.kind === 'tool-call'
      ? {
          type: 'function_call',
          id: itemId,
          call_id: callId,
          name: step.toolName,
          arguments: argumentsText,
          status: 'completed',
        }
      : {
          type: 'message',
          id: itemId,
          role: 'assistant',
          status: 'completed',
          content: [{ type: 'output_text', text, annotations: [] }],
        };
  const outputTokens = estimateTokens(item);
  const usage = {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: inputTokens + outputTokens,
  };
  // A reasoning model answers a tool call after a reasoning item; with `include:
  // ["reasoning.encrypted_content"]` and `store: false` (what Codex sends) the item carries the
  // encrypted reasoning the client must give back.
  const reasoning =
    step.kind === 'tool-call'
      ? {
          type: 'reasoning',
          id: ids.next('rs_fake'),
          summary: [{ type: 'summary_text', text: AGENT_REASONING }],
          encrypted_content: AGENT_REASONING_TOKEN,
        }
      : undefined;
  const outputIndex = reasoning ? 1 : 0;
  const completed = { ...base, status: 'completed', output: reasoning ? [reasoning, item] : [item], usage };

  if (body.stream !== true) return jsonAnswer(200, completed, label, step);

  const events: Record<string, unknown>[] = [
    { type: 'response.created', response: { ...base, status: 'in_progress', output: [], usage: null } },
    { type: 'response.in_progress', response: { ...base, status: 'in_progress', output: [], usage: null } },
  ];
  if (reasoning) {
    const summaryPart = { item_id: reasoning.id, output_index: 0, summary_index: 0 };
    events.push(
      { type: 'response.output_item.added', output_index: 0, item: { ...reasoning, summary: [] } },
      {
        type: 'response.reasoning_summary_part.added',
        ...summaryPart,
        part: { type: 'summary_text', text: '' },
      },
      { type: 'response.reasoning_summary_text.delta', ...summaryPart, delta: AGENT_REASONING },
      { type: 'response.reasoning_summary_text.done', ...summaryPart, text: AGENT_REASONING },
      { type: 'response.reasoning_summary_part.done', ...summaryPart, part: reasoning.summary[0] },
      { type: 'response.output_item.done', output_index: 0, item: reasoning },
    );
  }
  if (item.type === 'function_call') {
    events.push({
      type: 'response.output_item.added',
      output_index: outputIndex,
      item: { ...item, arguments: '', status: 'in_progress' },
    });
    for (const delta of splitIntoDeltas(argumentsText)) {
      events.push({
        type: 'response.function_call_arguments.delta',
        item_id: itemId,
        output_index: outputIndex,
        delta,
      });
    }
    events.push({
      type: 'response.function_call_arguments.done',
      item_id: itemId,
      output_index: outputIndex,
      arguments: argumentsText,
    });
  } else {
    const part = { type: 'output_text', text: '', annotations: [] };
    events.push(
      {
        type: 'response.output_item.added',
        output_index: outputIndex,
        item: { ...item, status: 'in_progress', content: [] },
      },
      {
        type: 'response.content_part.added',
        item_id: itemId,
        output_index: outputIndex,
        content_index: 0,
        part,
      },
    );
    for (const delta of splitIntoDeltas(text)) {
      events.push({
        type: 'response.output_text.delta',
        item_id: itemId,
        output_index: outputIndex,
        content_index: 0,
        delta,
        logprobs: [],
      });
    }
    events.push(
      {
        type: 'response.output_text.done',
        item_id: itemId,
        output_index: outputIndex,
        content_index: 0,
        text,
        logprobs: [],
      },
      {
        type: 'response.content_part.done',
        item_id: itemId,
        output_index: outputIndex,
        content_index: 0,
        part: { ...part, text },
      },
    );
  }
  events.push(
    { type: 'response.output_item.done', output_index: outputIndex, item },
    { type: 'response.completed', response: completed },
  );
  const frames = events.map(
    (event, index) =>
      `event: ${String(event.type)}\ndata: ${JSON.stringify({ ...event, sequence_number: index })}\n\n`,
  );
  return sseAnswer(frames, label, step);
}

function chooseStep(body: ResponsesBody): TurnStep {
  const items: ResponsesItem[] = Array.isArray(body.input) ? (body.input as ResponsesItem[]) : [];
  // The tool results of this turn: the function_call_output items after the last user message.
  const lastUser = items.findLastIndex((item) => item.role === 'user');
  const outputs = items
    .slice(lastUser + 1)
    .filter((item) => item.type === 'function_call_output' || item.type === 'custom_tool_call_output');
  if (outputs.length > 0) {
    return { kind: 'final', toolOutput: outputs.map((item) => readOutput(item.output)).join('\n') };
  }
  const tools = flattenTools(body.tools ?? []);
  const shell = findShellTool(tools.map((tool) => tool.name ?? ''));
  if (shell) {
    const schema = tools.find((tool) => tool.name === shell)?.parameters;
    return { kind: 'tool-call', toolName: shell, arguments: buildShellArguments(schema) };
  }
  return { kind: 'side' };
}

/** Codex groups some function tools under a `namespace` tool; look inside it too. */
function flattenTools(tools: ResponsesTool[]): ResponsesTool[] {
  return tools.flatMap((tool) => (Array.isArray(tool.tools) ? [tool, ...flattenTools(tool.tools)] : [tool]));
}

/** `output` is a string, or a list of content items (`input_text`, …). */
function readOutput(output: unknown): string {
  if (typeof output === 'string') return output;
  if (Array.isArray(output)) {
    return output
      .map((part) => (typeof part?.text === 'string' ? part.text : JSON.stringify(part)))
      .join('\n');
  }
  return JSON.stringify(output ?? '');
}
