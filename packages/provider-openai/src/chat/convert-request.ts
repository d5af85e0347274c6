import type { ChatCompletionRequest, ChatMessage, ContentPart } from '@llmux/contract';
import {
  type AnswerRelay,
  invalidParameter,
  type ModelCapabilities,
  type ParameterSupport,
  paramOfField,
  type SupportField,
  type TranslationWarning,
  type UpstreamCall,
  type UpstreamTarget,
} from '@llmux/provider-kit';
import { checkSupport } from '../support-check.js';
import { describeRequestParameterSupport } from './chat-parameter-support.js';
import type { ChatDialect } from './dialect.js';
import { createChatRelay } from './relay.js';

type Body = Record<string, unknown>;

/**
 * Values that ask for nothing beyond the model's default: a model that has no such knob is sent nothing
 * (with a warning) instead of a 400, because leaving the field out gives the very same answer.
 */
function isDefaultValue(field: SupportField, request: ChatCompletionRequest, dialect: ChatDialect): boolean {
  if (field === 'temperature') return request.temperature === fixedTemperatureOf(request, dialect);
  if (field === 'top_p') return request.top_p === 1;
  if (field === 'parallel_tool_calls') return request.parallel_tool_calls === true;
  return false;
}

/** The one temperature a model without a temperature knob runs at (OpenAI's reasoning models: 1). */
function fixedTemperatureOf(request: ChatCompletionRequest, dialect: ChatDialect): number {
  return dialect.fixedTemperature?.(request) ?? 1;
}

function describeRejection(
  field: SupportField,
  request: ChatCompletionRequest,
  target: UpstreamTarget,
  support: ParameterSupport,
  dialect: ChatDialect,
): string {
  const model = target.publicModel;
  if (field === 'temperature') {
    const fixed = fixedTemperatureOf(request, dialect);
    return `${model} accepts only the default temperature (${fixed}); got ${request.temperature}`;
  }
  if (field === 'top_p') return `${model} accepts only the default top_p (1); got ${request.top_p}`;
  if (field === 'parallel_tool_calls') {
    return `${model} does not support parallel_tool_calls: false (only the default, true, is accepted)`;
  }
  if (field === 'image_url') return `${model} does not accept image input`;
  const note = support[field].note;
  return note ? note.replace(/^This model/, model) : `${model} does not support ${paramOfField(field)}`;
}

function joinText(content: string | readonly { type: string; text?: string }[]): string {
  if (typeof content === 'string') return content;
  return content.map((part) => part.text ?? '').join('');
}

function convertUserContent(
  content: string | ContentPart[],
  messageIndex: number,
  dialect: ChatDialect,
  target: UpstreamTarget,
): unknown {
  if (typeof content === 'string') return content;
  const isOpenAI = dialect.name === 'openai';
  for (const [partIndex, part] of content.entries()) {
    // Audio and file parts are OpenAI features; an OpenAI-compatible vendor would fail on them obscurely.
    if (!isOpenAI && (part.type === 'input_audio' || part.type === 'file')) {
      throw invalidParameter(
        `messages[${messageIndex}].content[${partIndex}]`,
        `${target.publicModel} does not accept ${part.type} content parts`,
      );
    }
  }
  if (dialect.flattenTextParts && content.every((part) => part.type === 'text')) return joinText(content);
  return content;
}

function convertMessage(
  message: ChatMessage,
  messageIndex: number,
  dialect: ChatDialect,
  target: UpstreamTarget,
  capabilities: ModelCapabilities,
): Body {
  const textOf = (content: string | { type: 'text'; text: string }[]) =>
    dialect.flattenTextParts ? joinText(content) : content;
  const withName = (body: Body) =>
    message.role !== 'tool' && message.name ? { ...body, name: message.name } : body;
  switch (message.role) {
    case 'system':
    case 'developer': {
      const role = dialect.instructionRole(capabilities);
      return withName({ role: role === 'as-sent' ? message.role : role, content: textOf(message.content) });
    }
    case 'user':
      return withName({
        role: 'user',
        content: convertUserContent(message.content, messageIndex, dialect, target),
      });
    case 'assistant': {
      const body: Body = { role: 'assistant' };
      const content = message.content;
      body.content =
        content === undefined || content === null
          ? null
          : typeof content === 'string'
            ? content
            : dialect.flattenTextParts
              ? content.map((part) => (part.type === 'text' ? part.text : part.refusal)).join('')
              : content;
      if (message.refusal) body.refusal = message.refusal;
      if (message.tool_calls && message.tool_calls.length > 0) {
        body.tool_calls = message.tool_calls.map((call) => ({
          id: call.id,
          type: 'function',
          function: { name: call.function.name, arguments: call.function.arguments },
        }));
      }
      // A string, even empty, is sent: DeepSeek and Kimi answer 400 when a tool-call turn in thinking
      // mode lacks the field, and DeepSeek streams an empty one before some tool calls.
      if (typeof message.reasoning_content === 'string') {
        if (dialect.reasoningContentUpstream === 'pass') body.reasoning_content = message.reasoning_content;
        else if (
          dialect.reasoningContentUpstream === 'reasoning_details' &&
          message.reasoning_content !== ''
        ) {
          body.reasoning_details = [{ type: 'reasoning.text', text: message.reasoning_content }];
        }
      }
      return withName(body);
    }
    case 'tool':
      return { role: 'tool', tool_call_id: message.tool_call_id, content: textOf(message.content) };
  }
}

function applyTemperature(
  request: ChatCompletionRequest,
  body: Body,
  dialect: ChatDialect,
  capabilities: ModelCapabilities,
  target: UpstreamTarget,
  warnings: TranslationWarning[],
): void {
  const temperature = request.temperature;
  const range = capabilities.temperature;
  if (temperature === undefined || temperature === null || range === null) return;
  if (temperature >= range.min && temperature <= range.max) {
    body.temperature = temperature;
    return;
  }
  if (dialect.temperatureOutOfRange === 'reject') {
    throw invalidParameter(
      'temperature',
      `${target.publicModel} accepts temperature from ${range.min} to ${range.max}; got ${temperature}`,
      'unsupported_value',
    );
  }
  const clamped = Math.min(range.max, Math.max(range.min, temperature));
  body.temperature = clamped;
  warnings.push({
    param: 'temperature',
    action: 'clamped',
    message: `temperature ${temperature} clamped to ${clamped}: ${target.publicModel} accepts ${range.min} to ${range.max}`,
  });
}

const JSON_OBJECT_INSTRUCTION = 'Respond with a single valid JSON object and nothing else.';

function describeSchemaInstruction(name: string, schema: unknown): string {
  return `${JSON_OBJECT_INSTRUCTION} It must match this JSON Schema (named "${name}"):\n${JSON.stringify(schema ?? {})}`;
}

function applyResponseFormat(
  request: ChatCompletionRequest,
  body: Body,
  messages: Body[],
  capabilities: ModelCapabilities,
  warnings: TranslationWarning[],
): void {
  const format = request.response_format;
  if (!format || format.type === 'text') {
    if (format) body.response_format = format;
    return;
  }
  if (format.type === 'json_object') {
    if (capabilities.jsonMode) {
      body.response_format = format;
      return;
    }
    messages.unshift({ role: 'system', content: JSON_OBJECT_INSTRUCTION });
    warnings.push({
      param: 'response_format',
      action: 'emulated',
      message: 'json_object emulated by a system message: the model has no JSON mode',
    });
    return;
  }
  if (capabilities.jsonSchema) {
    body.response_format = format;
    return;
  }
  messages.unshift({
    role: 'system',
    content: describeSchemaInstruction(format.json_schema.name, format.json_schema.schema),
  });
  if (capabilities.jsonMode) body.response_format = { type: 'json_object' };
  warnings.push({
    param: 'response_format',
    action: 'emulated',
    message: capabilities.jsonMode
      ? 'json_schema sent as json_object with the schema in a system message: the model has no structured outputs'
      : 'json_schema emulated by a system message: the model has no JSON mode',
  });
}

function applyTools(
  request: ChatCompletionRequest,
  body: Body,
  dialect: ChatDialect,
  capabilities: ModelCapabilities,
  target: UpstreamTarget,
  warnings: TranslationWarning[],
): void {
  const choice = request.tool_choice;
  const tools = request.tools && request.tools.length > 0 ? request.tools : undefined;
  if (choice === 'none' && dialect.toolChoiceNone === 'omit-tools') {
    if (tools) {
      warnings.push({
        param: 'tool_choice',
        action: 'translated',
        message: `tool_choice "none" honoured by not sending the tools: ${dialect.name} accepts only "auto"`,
      });
    }
    return;
  }
  if (tools) {
    body.tools = tools.map((tool) => ({
      type: 'function',
      function: {
        name: tool.function.name,
        ...(tool.function.description === undefined ? {} : { description: tool.function.description }),
        ...(tool.function.parameters === undefined ? {} : { parameters: tool.function.parameters }),
        ...(tool.function.strict === undefined || tool.function.strict === null
          ? {}
          : { strict: tool.function.strict }),
      },
    }));
  }
  if (choice !== undefined) {
    if (choice === 'required' && !capabilities.toolChoiceRequired) {
      throw invalidParameter(
        'tool_choice',
        `${target.publicModel} does not support tool_choice "required" (only "auto" and "none")`,
        'unsupported_value',
      );
    }
    if (typeof choice === 'object' && !dialect.namedToolChoice) {
      throw invalidParameter(
        'tool_choice',
        `${target.publicModel} does not support choosing a function by name in tool_choice`,
        'unsupported_value',
      );
    }
    body.tool_choice = choice;
  }
  if (request.parallel_tool_calls !== undefined && capabilities.parallelToolCalls && tools) {
    body.parallel_tool_calls = request.parallel_tool_calls;
  }
}

function applyUser(
  request: ChatCompletionRequest,
  body: Body,
  dialect: ChatDialect,
  warnings: TranslationWarning[],
) {
  if (request.user === undefined) return;
  const policy = dialect.user;
  if (policy === 'pass') body.user = request.user;
  else if (policy === 'omit') {
    warnings.push({
      param: 'user',
      action: 'dropped',
      message: `user not sent: ${dialect.name} has no end-user field`,
    });
  } else body[policy.rename] = request.user;
}

function applyReasoningEffort(
  request: ChatCompletionRequest,
  body: Body,
  capabilities: ModelCapabilities,
  target: UpstreamTarget,
): void {
  const fromOptions = target.options?.reasoningEffort;
  const effort = request.reasoning_effort ?? (typeof fromOptions === 'string' ? fromOptions : undefined);
  if (effort === undefined) return;
  const accepted = capabilities.reasoningEffort;
  if (accepted === null) return; // rejected earlier when the client asked; an operator default is ignored
  if (!accepted.includes(effort)) {
    throw invalidParameter(
      'reasoning_effort',
      `${target.publicModel} accepts reasoning_effort ${accepted.map((value) => `"${value}"`).join(', ')}; got "${effort}"`,
      'unsupported_value',
    );
  }
  body.reasoning_effort = effort;
}

/** Joins a base URL and a path without doubling or losing the slash between them. */
export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

const supportTables = new WeakMap<ChatDialect, WeakMap<ModelCapabilities, ParameterSupport>>();

/**
 * The per-request support table, built once per dialect and capabilities object: catalog capabilities are
 * frozen and shared, so on the hot path this is a lookup, not a 20-field table built for every request.
 * The table is only read here; `describeChatParameterSupport` builds its own copy.
 */
function requestParameterSupport(dialect: ChatDialect, capabilities: ModelCapabilities): ParameterSupport {
  let byCapabilities = supportTables.get(dialect);
  if (byCapabilities === undefined) {
    byCapabilities = new WeakMap();
    supportTables.set(dialect, byCapabilities);
  }
  let table = byCapabilities.get(capabilities);
  if (table === undefined) {
    table = describeRequestParameterSupport(dialect, capabilities);
    byCapabilities.set(capabilities, table);
  }
  return table;
}

/**
 * Translates a contract request into the body an OpenAI-dialect upstream expects, under the rules of
 * one dialect. Throws a ProviderError (400, naming the parameter) for what the model cannot do.
 */
export function convertChatRequest(
  request: ChatCompletionRequest,
  target: UpstreamTarget,
  dialect: ChatDialect,
): UpstreamCall {
  const capabilities = dialect.adjustCapabilities?.(target.capabilities, request) ?? target.capabilities;
  const support = requestParameterSupport(dialect, capabilities);
  const warnings: TranslationWarning[] = [];
  const omitted = checkSupport(request, target, support, warnings, {
    isDefaultValue: (field) => isDefaultValue(field, request, dialect),
    describeRejection: (field) => describeRejection(field, request, target, support, dialect),
  });

  const messages = request.messages.map((message, index) =>
    convertMessage(message, index, dialect, target, capabilities),
  );
  const body: Body = { model: target.upstreamModel, messages };

  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (maxTokens !== undefined && maxTokens !== null) body[dialect.maxTokensField(capabilities)] = maxTokens;
  if (!omitted.has('temperature')) applyTemperature(request, body, dialect, capabilities, target, warnings);
  if (request.top_p !== undefined && request.top_p !== null && capabilities.topP) body.top_p = request.top_p;
  if (capabilities.penalties) {
    if (request.frequency_penalty != null) body.frequency_penalty = request.frequency_penalty;
    if (request.presence_penalty != null) body.presence_penalty = request.presence_penalty;
  }
  if (request.stop != null && capabilities.stop) body.stop = request.stop;
  if (request.n != null && request.n !== 1) {
    if (capabilities.nativeN) body.n = request.n;
    else {
      // The support table says `emulate`: the gateway fans out n calls of one choice each.
      warnings.push({
        param: 'n',
        action: 'emulated',
        message: `${target.publicModel} returns one choice per call: n = ${request.n} is made of parallel calls`,
      });
    }
  }
  if (request.seed != null) {
    if (capabilities.seed) body.seed = request.seed;
    else
      warnings.push({
        param: 'seed',
        action: 'dropped',
        message: `seed not sent: ${target.publicModel} has none`,
      });
  }
  if (capabilities.logprobs) {
    if (request.logprobs != null) body.logprobs = request.logprobs;
    if (request.top_logprobs != null) body.top_logprobs = request.top_logprobs;
  }
  if (request.logit_bias != null && capabilities.logitBias) body.logit_bias = request.logit_bias;
  applyResponseFormat(request, body, messages, capabilities, warnings);
  applyTools(request, body, dialect, capabilities, target, warnings);
  applyUser(request, body, dialect, warnings);
  applyReasoningEffort(request, body, capabilities, target);

  const stream = request.stream === true;
  if (stream) {
    body.stream = true;
    // Always asked for, so usage is known for billing even when the client did not ask; the stream
    // translator emits it last and the gateway drops it for such a client.
    if (dialect.streamOptions) body.stream_options = { include_usage: true };
  }
  const extras = request as Record<string, unknown>;
  for (const field of dialect.passThroughFields) {
    if (extras[field] !== undefined && body[field] === undefined) body[field] = extras[field];
  }

  dialect.adjustRequest?.(body, { request, target, capabilities, warnings });

  return {
    request: {
      url: joinUrl(target.baseUrl, dialect.resolvePath?.(target) ?? dialect.path),
      method: 'POST',
      headers: { 'content-type': 'application/json', ...dialect.createHeaders(target) },
      body,
      stream,
    },
    warnings,
    ...(dialect.relay === true && target.options?.relay !== false ? { relay: relayOf(dialect) } : {}),
  };
}

const relays = new WeakMap<ChatDialect, AnswerRelay>();

function relayOf(dialect: ChatDialect): AnswerRelay {
  let relay = relays.get(dialect);
  if (relay === undefined) {
    relay = createChatRelay(dialect);
    relays.set(dialect, relay);
  }
  return relay;
}
