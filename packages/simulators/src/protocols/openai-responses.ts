import type { Scenario, ScenarioUsage } from '../scenario.js';
import { isOpenAIReasoningModel, openAIChatSimulator } from './openai-chat.js';
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
 * Chat Completions parameters the Responses API refuses with a 400 ("Unsupported parameter"), so an
 * adapter that forgets to translate one fails here as it would against OpenAI.
 * https://platform.openai.com/docs/api-reference/responses/create
 */
const CHAT_ONLY_PARAMETERS = [
  'messages',
  'max_tokens',
  'max_completion_tokens',
  'n',
  'stop',
  'frequency_penalty',
  'presence_penalty',
  'seed',
  'logit_bias',
  'response_format',
  'reasoning_effort',
  'stream_options',
] as const;

type Item = Record<string, unknown>;

/** The Responses API refuses a smaller `max_output_tokens` (400 `integer_below_min_value`). */
const MIN_OUTPUT_TOKENS = 16;

/**
 * OpenAI's Responses API (`POST /v1/responses`): the only API of gpt-5-pro and the codex models.
 * Answers carry typed `output` items (reasoning with a summary, message, function_call); streams are
 * typed events (`event: <type>` + `data: {type, sequence_number, …}`) ending with `response.completed`
 * or `response.incomplete`, and no `[DONE]`.
 */
export const openAIResponsesSimulator: ProtocolSimulator = {
  protocol: 'openai-responses',

  matches(method, path) {
    return method === 'POST' && path.endsWith('/responses');
  },

  normalize(_path, _query, body) {
    if (!isRecord(body)) throw new SimulatorRequestError('We could not parse the JSON body of your request.');
    if (typeof body.model !== 'string' || body.model === '') {
      throw new SimulatorRequestError("Missing required parameter: 'model'.");
    }
    for (const name of CHAT_ONLY_PARAMETERS) {
      if (body[name] !== undefined) throw unsupportedParameter(name, 'unsupported_parameter');
    }
    // Reasoning models refuse sampling knobs on this API too (the recorded
    // reasoning-model-temperature-error fixture: code null, param named).
    if (isOpenAIReasoningModel(body.model)) {
      for (const name of ['temperature', 'top_p'] as const) {
        if (body[name] !== undefined && body[name] !== null) throw unsupportedParameter(name, null);
      }
    }
    const input = body.input;
    if (typeof input !== 'string' && !(Array.isArray(input) && input.length > 0)) {
      throw new SimulatorRequestError("Missing required parameter: 'input'.");
    }
    const items = typeof input === 'string' ? [] : input.filter(isRecord);
    if (body.previous_response_id === undefined || body.previous_response_id === null)
      checkToolCallPairs(items);
    if (typeof body.max_output_tokens === 'number' && body.max_output_tokens < MIN_OUTPUT_TOKENS) {
      const message = `Invalid 'max_output_tokens': integer below minimum value. Expected a value >= ${MIN_OUTPUT_TOKENS}, but got ${body.max_output_tokens} instead.`;
      throw new SimulatorRequestError(message, 400, {
        error: {
          message,
          type: 'invalid_request_error',
          param: 'max_output_tokens',
          code: 'integer_below_min_value',
        },
      });
    }
    const lastUser = items.findLast((item) => item.role === 'user');
    const tools = (Array.isArray(body.tools) ? body.tools : [])
      .filter(isRecord)
      .filter(
        (tool): tool is Item & { name: string } => tool.type === 'function' && typeof tool.name === 'string',
      )
      .map((tool) => ({ name: tool.name, parameters: tool.parameters }));
    const format = isRecord(body.text) && isRecord(body.text.format) ? body.text.format : undefined;
    return {
      model: body.model,
      stream: body.stream === true,
      lastUserText:
        typeof input === 'string' ? input : lastUser ? textOf(lastUser.content, 'input_text') : '',
      lastTurnIsToolResult: items.at(-1)?.type === 'function_call_output',
      tools,
      toolChoice: toolChoiceOf(body.tool_choice),
      wantsJson: format?.type === 'json_object' || format?.type === 'json_schema',
      responseSchema: format?.type === 'json_schema' ? format.schema : undefined,
      choices: 1,
      maxTokens: typeof body.max_output_tokens === 'number' ? body.max_output_tokens : undefined,
      hasImages: items.some(
        (item) =>
          Array.isArray(item.content) &&
          item.content.some((part) => isRecord(part) && part.type === 'input_image'),
      ),
      promptCharacters:
        JSON.stringify(input).length +
        String(body.instructions ?? '').length +
        JSON.stringify(body.tools ?? []).length,
      // Usage always rides on the terminal event.
      streamUsage: true,
    } satisfies NormalizedRequest;
  },

  renderResponse(scenario, request, ids) {
    return renderResponseObject(scenario, request, ids, renderOutput(scenario, ids));
  },

  renderStream(scenario, request, ids) {
    const size = scenario.chunkSize ?? 8;
    const frames: SseFrame[] = [];
    let sequence = 0;
    const push = (type: string, fields: Record<string, unknown>) => {
      frames.push(
        `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...fields })}\n\n`,
      );
    };
    const shell = {
      ...renderResponseObject(scenario, request, ids, []),
      status: 'in_progress',
      incomplete_details: null,
      usage: null,
    };
    push('response.created', { response: shell });
    push('response.in_progress', { response: shell });

    const output = renderOutput(scenario, ids);
    output.forEach((item, outputIndex) => {
      const id = item.id as string;
      if (item.type === 'reasoning') {
        push('response.output_item.added', { output_index: outputIndex, item: { ...item, summary: [] } });
        (item.summary as Array<{ type: string; text: string }>).forEach((part, summaryIndex) => {
          const at = { item_id: id, output_index: outputIndex, summary_index: summaryIndex };
          push('response.reasoning_summary_part.added', { ...at, part: { type: 'summary_text', text: '' } });
          for (const piece of splitText(part.text, size)) {
            push('response.reasoning_summary_text.delta', { ...at, delta: piece });
          }
          push('response.reasoning_summary_text.done', { ...at, text: part.text });
          push('response.reasoning_summary_part.done', { ...at, part });
        });
      } else if (item.type === 'message') {
        push('response.output_item.added', {
          output_index: outputIndex,
          item: { ...item, status: 'in_progress', content: [] },
        });
        (item.content as Array<{ type: string; text: string }>).forEach((part, contentIndex) => {
          const at = { item_id: id, output_index: outputIndex, content_index: contentIndex };
          push('response.content_part.added', { ...at, part: { ...part, text: '' } });
          for (const piece of splitText(part.text, size)) {
            push('response.output_text.delta', { ...at, delta: piece, logprobs: [] });
          }
          push('response.output_text.done', { ...at, text: part.text, logprobs: [] });
          push('response.content_part.done', { ...at, part });
        });
      } else {
        push('response.output_item.added', {
          output_index: outputIndex,
          item: { ...item, status: 'in_progress', arguments: '' },
        });
        const at = { item_id: id, output_index: outputIndex };
        for (const piece of splitText(item.arguments as string, size)) {
          push('response.function_call_arguments.delta', { ...at, delta: piece });
        }
        push('response.function_call_arguments.done', { ...at, arguments: item.arguments });
      }
      push('response.output_item.done', { output_index: outputIndex, item });
    });
    const final = renderResponseObject(scenario, request, ids, output);
    push(final.status === 'incomplete' ? 'response.incomplete' : 'response.completed', { response: final });
    return frames;
  },

  renderStreamError(message) {
    // A failure after the 200 is an `error` event (https://platform.openai.com/docs/api-reference/responses-streaming/error).
    return `event: error\ndata: ${JSON.stringify({ type: 'error', code: 'server_error', message, param: null, sequence_number: 0 })}\n\n`;
  },

  // The same error envelope and headers as Chat Completions.
  renderError: (status, message) => openAIChatSimulator.renderError(status, message),
  responseHeaders: (stream, ids) => openAIChatSimulator.responseHeaders?.(stream, ids) ?? {},
};

/**
 * A stateless request (no `previous_response_id`) must pair every `function_call_output` with a
 * `function_call` of the same `call_id` in its input, and the other way round; OpenAI answers 400 with
 * `param: 'input'` otherwise. This is what makes an adapter's call_id bookkeeping testable here.
 */
function checkToolCallPairs(items: readonly Item[]): void {
  const calls = new Set(items.filter((item) => item.type === 'function_call').map((item) => item.call_id));
  const outputs = new Set(
    items.filter((item) => item.type === 'function_call_output').map((item) => item.call_id),
  );
  const refuse = (message: string) =>
    new SimulatorRequestError(message, 400, {
      error: { message, type: 'invalid_request_error', param: 'input', code: null },
    });
  for (const callId of outputs) {
    if (!calls.has(callId))
      throw refuse(`No tool call found for function call output with call_id ${String(callId)}.`);
  }
  for (const callId of calls) {
    if (!outputs.has(callId)) throw refuse(`No tool output found for function call ${String(callId)}.`);
  }
}

function unsupportedParameter(param: string, code: string | null): SimulatorRequestError {
  const message = `Unsupported parameter: '${param}' is not supported with this model.`;
  return new SimulatorRequestError(message, 400, {
    error: { message, type: 'invalid_request_error', param, code },
  });
}

function renderOutput(scenario: Scenario, ids: SimulatorIds): Item[] {
  const output: Item[] = [];
  if (scenario.reasoning !== undefined) {
    output.push({
      id: `rs_${ids.responseId}`,
      type: 'reasoning',
      summary: scenario.reasoning === '' ? [] : [{ type: 'summary_text', text: scenario.reasoning }],
    });
  }
  const toolCalls = scenario.toolCalls ?? [];
  if (scenario.text !== undefined || toolCalls.length === 0) {
    output.push({
      id: `msg_${ids.responseId}`,
      type: 'message',
      status:
        scenario.finishReason === 'length' || scenario.finishReason === 'content_filter'
          ? 'incomplete'
          : 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text: scenario.text ?? '', annotations: [], logprobs: [] }],
    });
  }
  toolCalls.forEach((call, index) => {
    output.push({
      id: `fc_${ids.toolCallId(index)}`,
      type: 'function_call',
      status: 'completed',
      call_id: call.id ?? `call_${ids.toolCallId(index)}`,
      name: call.name,
      arguments: call.arguments,
    });
  });
  return output;
}

function renderResponseObject(
  scenario: Scenario,
  request: NormalizedRequest,
  ids: SimulatorIds,
  output: Item[],
) {
  const reason =
    scenario.finishReason === 'length'
      ? 'max_output_tokens'
      : scenario.finishReason === 'content_filter'
        ? 'content_filter'
        : undefined;
  return {
    id: `resp_${ids.responseId}`,
    object: 'response',
    created_at: ids.created,
    status: reason === undefined ? 'completed' : 'incomplete',
    background: false,
    error: null,
    incomplete_details: reason === undefined ? null : { reason },
    instructions: null,
    max_output_tokens: request.maxTokens ?? null,
    model: request.model,
    output,
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: scenario.reasoning === undefined ? null : 'auto' },
    service_tier: 'default',
    store: false,
    temperature: 1,
    text: { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: 'auto',
    tools: [],
    top_p: 1,
    truncation: 'disabled',
    usage: renderUsage(scenario.usage),
    user: null,
    metadata: {},
  } as Record<string, unknown> & { status: string };
}

function renderUsage(usage: ScenarioUsage | undefined) {
  const input = usage?.promptTokens ?? 0;
  const output = usage?.completionTokens ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: usage?.cachedTokens ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: usage?.reasoningTokens ?? 0 },
    total_tokens: input + output,
  };
}

function toolChoiceOf(choice: unknown): string | undefined {
  if (typeof choice === 'string') return choice;
  if (isRecord(choice) && typeof choice.name === 'string') return choice.name;
  return undefined;
}
