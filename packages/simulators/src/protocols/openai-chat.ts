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
 * OpenAI Chat Completions (https://platform.openai.com/docs/api-reference/chat), served for OpenAI and
 * every OpenAI-compatible vendor. Reasoning renders as `reasoning_content`, the field DeepSeek, Kimi,
 * Qwen, Doubao and GLM use (OpenAI itself never returns reasoning text on this endpoint).
 */
export const openAIChatSimulator: ProtocolSimulator = {
  protocol: 'openai-chat',

  matches(method, path) {
    return method === 'POST' && path.endsWith('/chat/completions');
  },

  normalize(_path, _query, body) {
    if (!isRecord(body)) throw new SimulatorRequestError('We could not parse the JSON body of your request.');
    if (typeof body.model !== 'string' || body.model === '') {
      throw new SimulatorRequestError('you must provide a model parameter');
    }
    if (!Array.isArray(body.messages) || body.messages.length === 0) {
      throw new SimulatorRequestError(
        "Invalid 'messages': empty array. Expected an array with minimum length 1.",
      );
    }
    rejectLegacyParameters(body);
    const messages = body.messages.filter(isRecord);
    const lastUser = messages.findLast((message) => message.role === 'user');
    const tools = (Array.isArray(body.tools) ? body.tools : [])
      .filter(isRecord)
      .map((tool) => (isRecord(tool.function) ? tool.function : {}))
      .filter((fn): fn is Record<string, unknown> & { name: string } => typeof fn.name === 'string')
      .map((fn) => ({ name: fn.name, parameters: fn.parameters }));
    const responseFormat = isRecord(body.response_format) ? body.response_format : undefined;
    const jsonSchema = isRecord(responseFormat?.json_schema) ? responseFormat.json_schema : undefined;
    const maxTokens = body.max_completion_tokens ?? body.max_tokens;
    return {
      model: body.model,
      stream: body.stream === true,
      lastUserText: lastUser ? textOf(lastUser.content) : '',
      lastTurnIsToolResult: messages.at(-1)?.role === 'tool',
      tools,
      toolChoice: toolChoiceOf(body.tool_choice),
      wantsJson: responseFormat?.type === 'json_object' || responseFormat?.type === 'json_schema',
      responseSchema: jsonSchema?.schema,
      choices: typeof body.n === 'number' && body.n > 0 ? body.n : 1,
      maxTokens: typeof maxTokens === 'number' ? maxTokens : undefined,
      hasImages: messages.some(
        (message) =>
          Array.isArray(message.content) &&
          message.content.some((part) => isRecord(part) && part.type === 'image_url'),
      ),
      promptCharacters: JSON.stringify(body.messages).length + JSON.stringify(body.tools ?? []).length,
      streamUsage: isRecord(body.stream_options) && body.stream_options.include_usage === true,
    } satisfies NormalizedRequest;
  },

  renderResponse(scenario, request, ids) {
    const toolCalls = scenario.toolCalls ?? [];
    const choices = Array.from({ length: choiceCount(scenario, request) }, (_, index) => {
      const message: Record<string, unknown> = {
        role: 'assistant',
        // OpenAI sends `content: null` (not "") for a turn that only calls tools.
        content: scenario.text ?? (toolCalls.length > 0 ? null : ''),
        refusal: null,
        annotations: [],
      };
      if (scenario.reasoning !== undefined) message.reasoning_content = scenario.reasoning;
      if (toolCalls.length > 0) {
        message.tool_calls = toolCalls.map((call, position) => ({
          id: toolCallIdOf(call.id, ids, index * toolCalls.length + position),
          type: 'function',
          function: { name: call.name, arguments: call.arguments },
        }));
      }
      return { index, message, logprobs: null, finish_reason: finishReasonOf(scenario) };
    });
    return {
      id: completionIdOf(ids),
      object: 'chat.completion',
      created: ids.created,
      model: request.model,
      choices,
      usage: renderUsage(scenario.usage),
      service_tier: 'default',
      system_fingerprint: SYSTEM_FINGERPRINT,
    };
  },

  renderStream(scenario, request, ids) {
    const size = scenario.chunkSize ?? 8;
    const toolCalls = scenario.toolCalls ?? [];
    const base = {
      id: completionIdOf(ids),
      object: 'chat.completion.chunk',
      created: ids.created,
      model: request.model,
      service_tier: 'default',
      system_fingerprint: SYSTEM_FINGERPRINT,
    };
    // With include_usage, OpenAI puts `usage: null` on every chunk but the last.
    const usageField = request.streamUsage ? { usage: null } : {};
    const frames: SseFrame[] = [];
    const push = (index: number, delta: Record<string, unknown>, finishReason: string | null = null) => {
      frames.push(
        frame({
          ...base,
          choices: [{ index, delta, logprobs: null, finish_reason: finishReason }],
          ...usageField,
        }),
      );
    };
    for (let index = 0; index < choiceCount(scenario, request); index++) {
      push(index, { role: 'assistant', content: '', refusal: null });
      for (const piece of splitText(scenario.reasoning ?? '', size))
        push(index, { reasoning_content: piece });
      for (const piece of splitText(scenario.text ?? '', size)) push(index, { content: piece });
      toolCalls.forEach((call, position) => {
        const id = toolCallIdOf(call.id, ids, index * toolCalls.length + position);
        push(index, {
          tool_calls: [
            { index: position, id, type: 'function', function: { name: call.name, arguments: '' } },
          ],
        });
        for (const piece of splitText(call.arguments, size)) {
          push(index, { tool_calls: [{ index: position, function: { arguments: piece } }] });
        }
      });
      push(index, {}, finishReasonOf(scenario));
    }
    if (request.streamUsage) frames.push(frame({ ...base, choices: [], usage: renderUsage(scenario.usage) }));
    frames.push('data: [DONE]\n\n');
    return frames;
  },

  renderStreamError(message) {
    // OpenAI reports a failure after the 200 as a data-only event holding the usual error envelope.
    return frame({ error: { message, type: 'server_error', param: null, code: null } });
  },

  renderError(status, message) {
    const [type, code] =
      ERROR_KINDS[status] ?? (status >= 500 ? ['server_error', null] : ['invalid_request_error', null]);
    return { error: { message, type, param: null, code } };
  },

  responseHeaders(_stream, ids) {
    return {
      'x-request-id': `req_${ids.responseId}`,
      'openai-processing-ms': '1',
      'openai-version': '2020-10-01',
    };
  },
};

const SYSTEM_FINGERPRINT = 'fp_simulator';

/**
 * OpenAI's reasoning models (o-series, gpt-5 and later, but not gpt-5-chat-latest) refuse `max_tokens`
 * and a non-default `temperature` with a 400 naming the parameter; adapters must send
 * `max_completion_tokens` and drop sampling knobs. The texts are OpenAI's (see the recorded
 * reasoning-model-legacy-parameter-error fixture).
 */
function rejectLegacyParameters(body: Record<string, unknown>): void {
  if (typeof body.model !== 'string' || !isOpenAIReasoningModel(body.model)) return;
  if (body.max_tokens !== undefined && body.max_tokens !== null) {
    throw parameterError(
      'max_tokens',
      'unsupported_parameter',
      "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
    );
  }
  const temperature = body.temperature;
  if (typeof temperature === 'number' && temperature !== 1 && body.reasoning_effort !== 'none') {
    throw parameterError(
      'temperature',
      'unsupported_value',
      `Unsupported value: 'temperature' does not support ${temperature} with this model. Only the default (1) value is supported.`,
    );
  }
}

/** `o1`, `o3-mini`, `gpt-5`, `gpt-5.1-chat-latest`; not `gpt-4o` nor `gpt-5-chat-latest`. */
export function isOpenAIReasoningModel(model: string): boolean {
  if (/^o\d/.test(model)) return true;
  const match = /^gpt-(\d+)(\.\d+)?(?:-(.*))?$/.exec(model);
  if (!match || Number(match[1]) < 5) return false;
  return !(match[2] === undefined && match[3]?.startsWith('chat'));
}

function parameterError(param: string, code: string, message: string): SimulatorRequestError {
  return new SimulatorRequestError(message, 400, {
    error: { message, type: 'invalid_request_error', param, code },
  });
}

/** OpenAI's `type` and `code` for common statuses (https://platform.openai.com/docs/guides/error-codes). */
const ERROR_KINDS: Record<number, [string, string | null]> = {
  400: ['invalid_request_error', null],
  401: ['invalid_request_error', 'invalid_api_key'],
  403: ['invalid_request_error', 'unsupported_country_region_territory'],
  404: ['invalid_request_error', 'model_not_found'],
  429: ['requests', 'rate_limit_exceeded'],
  500: ['server_error', null],
  503: ['server_error', null],
};

function frame(value: unknown): SseFrame {
  return `data: ${JSON.stringify(value)}\n\n`;
}

function completionIdOf(ids: SimulatorIds): string {
  return `chatcmpl-${ids.responseId}`;
}

function toolCallIdOf(given: string | undefined, ids: SimulatorIds, index: number): string {
  return given ?? `call_${ids.toolCallId(index)}`;
}

function choiceCount(scenario: Scenario, request: NormalizedRequest): number {
  return Math.max(1, scenario.choices ?? request.choices);
}

function finishReasonOf(scenario: Scenario): string {
  return scenario.finishReason ?? ((scenario.toolCalls?.length ?? 0) > 0 ? 'tool_calls' : 'stop');
}

function renderUsage(usage: ScenarioUsage | undefined) {
  const prompt = usage?.promptTokens ?? 0;
  const completion = usage?.completionTokens ?? 0;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: usage?.cachedTokens ?? 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: usage?.reasoningTokens ?? 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function toolChoiceOf(choice: unknown): string | undefined {
  if (typeof choice === 'string') return choice;
  if (isRecord(choice) && isRecord(choice.function) && typeof choice.function.name === 'string') {
    return choice.function.name;
  }
  return undefined;
}
