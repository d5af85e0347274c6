import type { ChatCompletionRequest, ChatMessage, ContentPart } from '@llmux/contract';
import {
  invalidParameter,
  paramOfField,
  type SupportField,
  type TranslationWarning,
  type UpstreamCall,
  type UpstreamTarget,
} from '@llmux/provider-kit';
import { joinUrl } from '../chat/convert-request.js';
import { openAIChatDialect } from '../chat/openai-chat-dialect.js';
import { checkSupport } from '../support-check.js';
import { describeResponsesParameterSupport } from './parameter-support.js';

type Body = Record<string, unknown>;
type InputItem = Record<string, unknown>;

/** Values that ask for nothing beyond the default: left out with a warning instead of a 400. */
function isNeutralValue(field: SupportField, request: ChatCompletionRequest): boolean {
  if (field === 'temperature') return request.temperature === 1;
  if (field === 'top_p') return request.top_p === 1;
  if (field === 'parallel_tool_calls') return request.parallel_tool_calls === true;
  if (field === 'logprobs') return request.logprobs !== true && (request.top_logprobs ?? 0) === 0;
  return false;
}

function joinText(content: string | readonly { type: string; text?: string }[]): string {
  if (typeof content === 'string') return content;
  return content.map((part) => part.text ?? '').join('');
}

function convertUserPart(
  part: ContentPart,
  messageIndex: number,
  partIndex: number,
  target: UpstreamTarget,
): InputItem {
  switch (part.type) {
    case 'text':
      return { type: 'input_text', text: part.text };
    case 'image_url':
      return { type: 'input_image', image_url: part.image_url.url, detail: part.image_url.detail ?? 'auto' };
    case 'file': {
      const file: InputItem = { type: 'input_file' };
      if (part.file.file_id !== undefined) file.file_id = part.file.file_id;
      if (part.file.file_data !== undefined) file.file_data = part.file.file_data;
      if (part.file.filename !== undefined) file.filename = part.file.filename;
      return file;
    }
    case 'input_audio':
      // The Responses API takes no audio input (https://platform.openai.com/docs/api-reference/responses/create).
      throw invalidParameter(
        `messages[${messageIndex}].content[${partIndex}]`,
        `${target.publicModel} does not accept input_audio content parts`,
      );
  }
}

/** One chat message as Responses input items (an assistant turn with tool calls becomes several). */
function convertMessage(message: ChatMessage, messageIndex: number, target: UpstreamTarget): InputItem[] {
  switch (message.role) {
    case 'system':
    case 'developer':
      return []; // gathered into `instructions`
    case 'user': {
      const content =
        typeof message.content === 'string'
          ? [{ type: 'input_text', text: message.content }]
          : message.content.map((part, partIndex) => convertUserPart(part, messageIndex, partIndex, target));
      return [{ role: 'user', content }];
    }
    case 'assistant': {
      const items: InputItem[] = [];
      const parts: InputItem[] = [];
      const content = message.content;
      if (typeof content === 'string') {
        if (content !== '') parts.push({ type: 'output_text', text: content });
      } else if (Array.isArray(content)) {
        for (const part of content) {
          parts.push(
            part.type === 'text'
              ? { type: 'output_text', text: part.text }
              : { type: 'refusal', refusal: part.refusal },
          );
        }
      }
      if (message.refusal) parts.push({ type: 'refusal', refusal: message.refusal });
      if (parts.length > 0) items.push({ role: 'assistant', content: parts });
      // Reasoning text a client echoes back is dropped: the Responses API replays reasoning only as its
      // own encrypted items, which a Chat Completions client never holds.
      for (const call of message.tool_calls ?? []) {
        items.push({
          type: 'function_call',
          call_id: call.id,
          name: call.function.name,
          arguments: call.function.arguments,
        });
      }
      return items;
    }
    case 'tool':
      return [
        { type: 'function_call_output', call_id: message.tool_call_id, output: joinText(message.content) },
      ];
  }
}

function collectInstructions(request: ChatCompletionRequest): string | undefined {
  const texts = request.messages
    .filter((message) => message.role === 'system' || message.role === 'developer')
    .map((message) => joinText(message.content as string | { type: string; text?: string }[]));
  return texts.length > 0 ? texts.join('\n\n') : undefined;
}

function applyResponseFormat(request: ChatCompletionRequest, text: Body): void {
  const format = request.response_format;
  if (!format) return;
  if (format.type === 'json_schema') {
    const { name, description, schema, strict } = format.json_schema;
    text.format = {
      type: 'json_schema',
      name,
      ...(description === undefined ? {} : { description }),
      schema: schema ?? { type: 'object' },
      ...(strict === undefined || strict === null ? {} : { strict }),
    };
    return;
  }
  text.format = { type: format.type };
}

function applyTools(request: ChatCompletionRequest, body: Body, target: UpstreamTarget): void {
  const tools = request.tools && request.tools.length > 0 ? request.tools : undefined;
  if (tools) {
    body.tools = tools.map((tool) => ({
      type: 'function',
      name: tool.function.name,
      ...(tool.function.description === undefined ? {} : { description: tool.function.description }),
      parameters: tool.function.parameters ?? { type: 'object', properties: {} },
      // Responses function tools are strict unless told otherwise; Chat Completions tools are not, and a
      // schema written for Chat (optional properties, no additionalProperties: false) fails strict mode.
      strict: tool.function.strict ?? false,
    }));
  }
  const choice = request.tool_choice;
  if (choice !== undefined) {
    if (typeof choice === 'object') {
      if (!tools?.some((tool) => tool.function.name === choice.function.name)) {
        throw invalidParameter(
          'tool_choice',
          `tool_choice names the function "${choice.function.name}", which is not in tools`,
          'invalid_value',
        );
      }
      body.tool_choice = { type: 'function', name: choice.function.name };
    } else body.tool_choice = choice;
  }
  if (request.parallel_tool_calls !== undefined && target.capabilities.parallelToolCalls) {
    body.parallel_tool_calls = request.parallel_tool_calls;
  }
}

/** OpenAI refuses a smaller `max_output_tokens` (400 "integer_below_min_value. Expected a value >= 16"). */
const MIN_OUTPUT_TOKENS = 16;

/**
 * `max_tokens` / `max_completion_tokens` → `max_output_tokens`. A limit under the Responses minimum is
 * raised to it with a `clamped` warning: a client that probes with `max_tokens: 1` (valid on Chat
 * Completions) still gets a short, `length`-finished answer instead of a 400 about a field it never sent.
 */
function applyOutputLimit(
  request: ChatCompletionRequest,
  body: Body,
  target: UpstreamTarget,
  warnings: TranslationWarning[],
): void {
  const param = request.max_completion_tokens != null ? 'max_completion_tokens' : 'max_tokens';
  const limit = request.max_completion_tokens ?? request.max_tokens;
  if (limit === undefined || limit === null) return;
  if (limit >= MIN_OUTPUT_TOKENS) {
    body.max_output_tokens = limit;
    return;
  }
  body.max_output_tokens = MIN_OUTPUT_TOKENS;
  warnings.push({
    param,
    action: 'clamped',
    message: `${param} ${limit} raised to ${MIN_OUTPUT_TOKENS}: ${target.publicModel} is served by the Responses API, whose minimum is ${MIN_OUTPUT_TOKENS}`,
  });
}

/**
 * The effort asked for: the client's `reasoning_effort`, else the catalog endpoint's
 * `options.reasoningEffort` (the gpt-5-codex-high / -low aliases). The client's value wins when the model
 * accepts it; the aliases' catalog entries accept only their own effort, so asking an alias for another
 * one is a 400 rather than a silent change of model behaviour.
 */
function resolveReasoningEffort(request: ChatCompletionRequest, target: UpstreamTarget): string | undefined {
  const fromOptions = target.options?.reasoningEffort;
  const effort = request.reasoning_effort ?? (typeof fromOptions === 'string' ? fromOptions : undefined);
  if (effort === undefined) return undefined;
  const accepted = target.capabilities.reasoningEffort;
  if (accepted === null) return undefined; // a client value was refused earlier; an operator default is ignored
  if (!accepted.includes(effort)) {
    throw invalidParameter(
      'reasoning_effort',
      `${target.publicModel} accepts reasoning_effort ${accepted.map((value) => `"${value}"`).join(', ')}; got "${effort}"`,
      'unsupported_value',
    );
  }
  return effort;
}

const SUMMARY_SETTINGS = new Set(['auto', 'concise', 'detailed']);

/**
 * A summary is what the Responses API offers instead of raw reasoning; it becomes `reasoning_content`, so
 * it is asked for by default (`auto`). OpenAI answers 400 to a summary request from an organization that
 * is not verified, so an operator can set the endpoint option `reasoningSummary` to `false` (or `'none'`)
 * to stop asking, or to `'concise'` / `'detailed'`.
 */
function resolveReasoningSummary(target: UpstreamTarget): string | undefined {
  const setting = target.options?.reasoningSummary;
  if (setting === false || setting === 'none') return undefined;
  return typeof setting === 'string' && SUMMARY_SETTINGS.has(setting) ? setting : 'auto';
}

/** Request fields OpenAI accepts on both APIs under the same name, passed as they are. */
const PASS_THROUGH_FIELDS = ['metadata', 'service_tier', 'prompt_cache_key', 'safety_identifier'] as const;

/**
 * Translates a Chat Completions request into a Responses API request
 * (https://platform.openai.com/docs/api-reference/responses/create). Throws a ProviderError (400, naming
 * the parameter) for what the model cannot do.
 */
export function convertResponsesRequest(
  request: ChatCompletionRequest,
  target: UpstreamTarget,
): UpstreamCall {
  const capabilities = target.capabilities;
  const support = describeResponsesParameterSupport(capabilities);
  const warnings: TranslationWarning[] = [];
  checkSupport(request, target, support, warnings, {
    isDefaultValue: (field) => isNeutralValue(field, request),
    describeRejection: (field) => {
      const note = support[field].note;
      return `${target.publicModel} does not support ${paramOfField(field)}${note ? ` (${note})` : ''}`;
    },
  });

  const body: Body = { model: target.upstreamModel };
  const instructions = collectInstructions(request);
  if (instructions !== undefined) body.instructions = instructions;
  body.input = request.messages.flatMap((message, index) => convertMessage(message, index, target));

  applyOutputLimit(request, body, target, warnings);
  if (request.temperature != null && capabilities.temperature !== null)
    body.temperature = request.temperature;
  if (request.top_p != null && capabilities.topP) body.top_p = request.top_p;
  if (request.n != null && request.n > 1) {
    // The support table says `emulate`: the gateway fans out n calls of one answer each.
    warnings.push({
      param: 'n',
      action: 'emulated',
      message: `${target.publicModel} returns one answer per call: n = ${request.n} is made of parallel calls`,
    });
  }

  const text: Body = {};
  applyResponseFormat(request, text);
  const verbosity = (request as Record<string, unknown>).verbosity;
  if (typeof verbosity === 'string') text.verbosity = verbosity;
  if (Object.keys(text).length > 0) body.text = text;

  applyTools(request, body, target);

  const effort = resolveReasoningEffort(request, target);
  if (capabilities.reasoning || effort !== undefined) {
    const summary = resolveReasoningSummary(target);
    const reasoning = { ...(effort === undefined ? {} : { effort }), ...(summary ? { summary } : {}) };
    if (Object.keys(reasoning).length > 0) body.reasoning = reasoning;
  }
  if (request.user !== undefined) body.user = request.user;
  // Stateless: the gateway re-sends the whole conversation, and must not leave copies at OpenAI.
  body.store = false;

  const extras = request as Record<string, unknown>;
  for (const field of PASS_THROUGH_FIELDS) {
    if (extras[field] !== undefined && extras[field] !== null) body[field] = extras[field];
  }

  const stream = request.stream === true;
  if (stream) body.stream = true;

  return {
    request: {
      url: joinUrl(target.baseUrl, '/responses'),
      method: 'POST',
      headers: { 'content-type': 'application/json', ...openAIChatDialect.createHeaders(target) },
      body,
      stream,
    },
    warnings,
  };
}
