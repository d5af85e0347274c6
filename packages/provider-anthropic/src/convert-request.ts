import type { ChatCompletionRequest } from '@llmux/contract';
import { invalidParameter, type TranslationWarning, type UpstreamTarget } from '@llmux/provider-kit';
import type {
  AnthropicMessageParam,
  AnthropicMessageRequest,
  AnthropicToolChoice,
  AnthropicToolParam,
} from './anthropic-api.js';
import { convertMessages, readCacheControl, withCacheControl } from './convert-messages.js';

/** Extended thinking budgets per OpenAI reasoning_effort, for models that take `budget_tokens`. */
export const THINKING_BUDGETS = {
  minimal: 1024,
  low: 2048,
  medium: 8192,
  high: 16384,
  xhigh: 32768,
  max: 32768,
} as const;

/** Anthropic's floor for `budget_tokens`: https://docs.claude.com/en/docs/build-with-claude/extended-thinking */
const MIN_THINKING_BUDGET = 1024;

/** Adaptive-thinking models take `output_config.effort` instead of a budget. */
const ADAPTIVE_EFFORTS = {
  minimal: 'low',
  low: 'low',
  medium: 'medium',
  high: 'high',
  xhigh: 'max',
  max: 'max',
} as const;

/** How `response_format` is emulated for one request (the same plan is recomputed to read the answer). */
export interface JsonEmulation {
  /** The forced tool whose input is the answer; never equal to one of the client's tool names. */
  toolName: string;
}

/**
 * Anthropic has no JSON mode on every model, so `response_format` becomes a tool whose input schema is
 * the requested schema; its input comes back as the message content. The name avoids the client's tools.
 */
export function planJsonEmulation(request: ChatCompletionRequest): JsonEmulation | undefined {
  const format = request.response_format;
  if (!format || format.type === 'text') return undefined;
  const taken = new Set((request.tools ?? []).map((tool) => tool.function.name));
  let toolName = 'json_response';
  for (let suffix = 1; taken.has(toolName); suffix++) toolName = `json_response_${suffix}`;
  return { toolName };
}

export interface ConvertedRequest {
  body: AnthropicMessageRequest;
  warnings: TranslationWarning[];
}

/**
 * Translates an OpenAI chat request into an Anthropic Messages request.
 * Throws a ProviderError (400, `param` set) for what Anthropic cannot serve.
 */
export function convertRequest(request: ChatCompletionRequest, target: UpstreamTarget): ConvertedRequest {
  const warnings: TranslationWarning[] = [];
  rejectUnsupportedParameters(request);

  const { system, messages } = convertMessages(request.messages);
  if (messages.length === 0) {
    // Anthropic refuses an empty `messages` list; system text alone is not a conversation.
    throw invalidParameter(
      'messages',
      'Claude needs at least one user or assistant message with content besides the system prompt.',
      'invalid_value',
    );
  }
  if (messages[0]?.role === 'assistant') {
    // Anthropic answers 400 "first message must use the \"user\" role", where OpenAI takes a conversation
    // that opens with the assistant (a chat UI's greeting, a history trimmed from the front). A minimal
    // user turn goes first; whitespace alone would be refused as an empty text block.
    messages.unshift({ role: 'user', content: [{ type: 'text', text: '.' }] });
    warnings.push({
      param: `messages[${request.messages.findIndex((message) => message.role === 'assistant')}]`,
      action: 'emulated',
      message: 'Claude needs a conversation to open with a user turn: a user turn holding "." was put first.',
    });
  }
  const body: AnthropicMessageRequest = {
    model: target.upstreamModel,
    max_tokens: 0,
    messages,
  };
  if (system.length > 0) body.system = system;

  const requestedMax = request.max_completion_tokens ?? request.max_tokens ?? undefined;
  let maxTokens = requestedMax ?? target.maxOutputTokens;
  if (maxTokens > target.maxOutputTokens) {
    warnings.push({
      param: request.max_completion_tokens != null ? 'max_completion_tokens' : 'max_tokens',
      action: 'clamped',
      message: `${target.upstreamModel} writes at most ${target.maxOutputTokens} tokens; the limit was lowered to that.`,
    });
    maxTokens = target.maxOutputTokens;
  }
  body.max_tokens = maxTokens;

  const thinking = applyThinking(request, target, body, requestedMax, warnings);

  applySampling(request, body, thinking, warnings);

  if (request.stop != null) {
    body.stop_sequences = typeof request.stop === 'string' ? [request.stop] : [...request.stop];
  }
  if (request.user != null) body.metadata = { user_id: request.user };
  if (request.stream === true) body.stream = true;

  applyTools(request, body, thinking);
  return { body, warnings };
}

function rejectUnsupportedParameters(request: ChatCompletionRequest): void {
  const reject = (param: string, what: string) => {
    throw invalidParameter(
      param,
      `Anthropic's Messages API has no ${what}; remove \`${param}\` for Claude models.`,
    );
  };
  if (request.frequency_penalty != null && request.frequency_penalty !== 0)
    reject('frequency_penalty', 'frequency penalty');
  if (request.presence_penalty != null && request.presence_penalty !== 0)
    reject('presence_penalty', 'presence penalty');
  if (request.seed != null) reject('seed', 'seed');
  if (request.logit_bias && Object.keys(request.logit_bias).length > 0) reject('logit_bias', 'logit bias');
  if (request.logprobs === true) reject('logprobs', 'log probabilities');
  if (request.top_logprobs != null && request.top_logprobs > 0) reject('top_logprobs', 'log probabilities');
  if (request.temperature != null && request.temperature > 1) {
    throw invalidParameter(
      'temperature',
      `Anthropic accepts temperature from 0 to 1; got ${request.temperature}. Rescale it (Anthropic's 1 is its most random) or omit it.`,
      'invalid_value',
    );
  }
  if (
    request.temperature != null &&
    // 1 is Claude's default temperature: asking for it asks for nothing, so top_p alone is sent.
    request.temperature !== 1 &&
    request.top_p != null &&
    request.top_p !== 1 &&
    !(request.reasoning_effort != null && request.reasoning_effort !== 'none')
  ) {
    // Sonnet 4.5+, Opus 4.1+ and Haiku 4.5 answer 400 to both; applied to every Claude model so one request
    // behaves the same on every route a fallback may take.
    throw invalidParameter(
      'top_p',
      'Claude models do not accept temperature and top_p together; send only one of them.',
      'invalid_value',
    );
  }
}

interface ThinkingPlan {
  enabled: boolean;
}

function applyThinking(
  request: ChatCompletionRequest,
  target: UpstreamTarget,
  body: AnthropicMessageRequest,
  requestedMax: number | undefined,
  warnings: TranslationWarning[],
): ThinkingPlan {
  const effort = request.reasoning_effort;
  if (effort == null || effort === 'none') return { enabled: false };
  const supported = target.capabilities.reasoningEffort;
  if (!target.capabilities.reasoning || supported == null) {
    throw invalidParameter('reasoning_effort', `${target.publicModel} has no extended thinking.`);
  }
  if (isToolLoopWithoutThinking(body.messages)) {
    // With thinking on, Anthropic answers 400 to a tool loop whose last assistant turn does not start
    // with its (signed) thinking block, which clients that drop `reasoning_details` never send back:
    // https://docs.claude.com/en/docs/build-with-claude/extended-thinking#preserving-thinking-blocks
    warnings.push({
      param: 'reasoning_effort',
      action: 'dropped',
      message:
        'The last assistant turn calls tools without its thinking block (send reasoning_details back to keep thinking on), so Claude answers this turn without thinking.',
    });
    return { enabled: false };
  }
  if (supported.includes('max')) {
    // Adaptive thinking is the recommended (and on 4-6 models the non-deprecated) mode:
    // https://docs.claude.com/en/docs/build-with-claude/adaptive-thinking
    body.thinking = { type: 'adaptive' };
    body.output_config = { effort: ADAPTIVE_EFFORTS[effort] };
    return { enabled: true };
  }
  // OpenAI's max_completion_tokens counts reasoning tokens, as Anthropic's max_tokens counts thinking:
  // the budget is carved out of the limit, never added to it.
  let budget: number = THINKING_BUDGETS[effort];
  if (budget >= body.max_tokens) budget = body.max_tokens - 1;
  if (budget < MIN_THINKING_BUDGET) {
    throw invalidParameter(
      requestedMax != null && request.max_completion_tokens != null ? 'max_completion_tokens' : 'max_tokens',
      `With reasoning_effort, Claude needs room for at least ${MIN_THINKING_BUDGET} thinking tokens: ask for more than ${MIN_THINKING_BUDGET} tokens.`,
      'invalid_value',
    );
  }
  body.thinking = { type: 'enabled', budget_tokens: budget };
  return { enabled: true };
}

/** The conversation is inside a tool loop whose assistant turn carries no thinking block to replay. */
function isToolLoopWithoutThinking(messages: readonly AnthropicMessageParam[]): boolean {
  const last = messages.findLast((message) => message.role === 'assistant');
  if (!last?.content.some((block) => block.type === 'tool_use')) return false;
  const first = last.content[0]?.type;
  return first !== 'thinking' && first !== 'redacted_thinking';
}

function applySampling(
  request: ChatCompletionRequest,
  body: AnthropicMessageRequest,
  thinking: ThinkingPlan,
  warnings: TranslationWarning[],
): void {
  if (thinking.enabled) {
    // Thinking is incompatible with temperature and with top_p below 0.95:
    // https://docs.claude.com/en/docs/build-with-claude/extended-thinking#feature-compatibility
    if (request.temperature != null) {
      warnings.push({
        param: 'temperature',
        action: 'dropped',
        message: 'Claude ignores temperature while thinking; it was not sent.',
      });
    }
    if (request.top_p != null) {
      if (request.top_p >= 0.95) body.top_p = request.top_p;
      else
        warnings.push({
          param: 'top_p',
          action: 'dropped',
          message: 'Claude accepts top_p from 0.95 to 1 while thinking; it was not sent.',
        });
    }
    return;
  }
  if (request.temperature === 1 && request.top_p != null && request.top_p !== 1) {
    // Claude refuses temperature with top_p; temperature 1 is its default, so leaving it out keeps the meaning.
    warnings.push({
      param: 'temperature',
      action: 'dropped',
      message:
        "temperature 1 is Claude's default and Claude models do not accept it with top_p; only top_p was sent.",
    });
    body.top_p = request.top_p;
    return;
  }
  if (request.temperature != null) body.temperature = request.temperature;
  if (request.top_p == null) return;
  // top_p 1 means "no nucleus cut": left out so it never collides with temperature.
  if (request.temperature == null) body.top_p = request.top_p;
  else if (request.top_p !== 1) {
    // Only reachable when thinking was asked for and then turned off (see applyThinking).
    warnings.push({
      param: 'top_p',
      action: 'dropped',
      message: 'Claude models do not accept temperature and top_p together; top_p was not sent.',
    });
  }
}

function applyTools(
  request: ChatCompletionRequest,
  body: AnthropicMessageRequest,
  thinking: ThinkingPlan,
): void {
  const tools: AnthropicToolParam[] = (request.tools ?? []).map((tool) =>
    withCacheControl(
      {
        name: tool.function.name,
        ...(tool.function.description ? { description: tool.function.description } : {}),
        input_schema: tool.function.parameters ?? { type: 'object', properties: {} },
      },
      readCacheControl(tool) ? tool : tool.function,
    ),
  );

  let choice: AnthropicToolChoice | undefined;
  const userChoice = request.tool_choice;
  if (tools.length > 0 && userChoice != null) {
    if (userChoice === 'none') choice = { type: 'none' };
    else if (userChoice === 'auto') choice = { type: 'auto' };
    else if (userChoice === 'required') choice = { type: 'any' };
    else choice = { type: 'tool', name: userChoice.function.name };
  }

  const json = planJsonEmulation(request);
  if (json) {
    if (thinking.enabled) {
      // Forcing a tool is refused while thinking: https://docs.claude.com/en/docs/build-with-claude/extended-thinking#extended-thinking-with-tool-use
      throw invalidParameter(
        'response_format',
        'Claude cannot be held to a JSON answer while it thinks: send response_format or reasoning_effort, not both.',
        'unsupported_parameter',
      );
    }
    tools.push(buildJsonTool(request, json));
    if (choice?.type === 'tool') {
      // The client forced one of its own tools for this turn: the JSON answer comes on a later turn.
    } else if (tools.length > 1 && choice?.type !== 'none') {
      // Must call a tool: one of the client's, or the answer tool.
      choice = { type: 'any' };
    } else {
      choice = { type: 'tool', name: json.toolName };
    }
  }

  if (choice?.type === 'any' || choice?.type === 'tool') {
    if (thinking.enabled) {
      throw invalidParameter(
        'tool_choice',
        'While Claude thinks, tool_choice may only be "auto" or "none".',
        'unsupported_parameter',
      );
    }
  }

  if (request.parallel_tool_calls === false && tools.length > 0) {
    if (choice == null) choice = { type: 'auto' };
    if (choice.type !== 'none') choice.disable_parallel_tool_use = true;
  }

  if (tools.length > 0) body.tools = tools;
  if (choice) body.tool_choice = choice;
}

function buildJsonTool(request: ChatCompletionRequest, json: JsonEmulation): AnthropicToolParam {
  const format = request.response_format;
  if (format?.type === 'json_schema') {
    const schema = format.json_schema.schema ?? { type: 'object' };
    if (schema.type !== 'object') {
      // Anthropic's input_schema must describe an object, as OpenAI's structured outputs require too.
      throw invalidParameter(
        'response_format.json_schema.schema',
        'The schema of a JSON answer must describe an object at its root.',
        'invalid_value',
      );
    }
    return {
      name: json.toolName,
      description: `Give your final answer by calling this tool: its input is the answer${
        format.json_schema.description ? ` (${format.json_schema.description})` : ''
      }.`,
      input_schema: schema,
    };
  }
  return {
    name: json.toolName,
    description: 'Give your final answer by calling this tool: its input is the answer, as one JSON object.',
    input_schema: { type: 'object', additionalProperties: true },
  };
}
