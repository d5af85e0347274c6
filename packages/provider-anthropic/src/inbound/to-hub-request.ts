import type {
  AssistantMessage,
  ChatCompletionRequest,
  ChatMessage,
  ContentPart,
  ReasoningEffort,
  ToolCall,
} from '@llmux/contract';
import {
  effortOfBudget,
  type HubRequest,
  type InboundModel,
  invalidParameter,
  serveReasoningEffort,
  type TranslationWarning,
  unwrapForeignSignature,
} from '@llmux/provider-kit';
import { REASONING_FORMAT } from '../convert-messages.js';
import { THINKING_BUDGETS } from '../convert-request.js';
import type {
  AnthropicInboundContentBlock,
  AnthropicInboundMessage,
  AnthropicInboundRequest,
  AnthropicInboundTool,
  AnthropicKnownBlock,
} from './parse-request.js';

type Block<T extends AnthropicKnownBlock['type']> = Extract<AnthropicKnownBlock, { type: T }>;
type ImageBlock = Block<'image'>;
type DocumentBlock = Block<'document'>;

/** OpenAI's function names (https://platform.openai.com/docs/api-reference/chat/create), the hub's. */
const HUB_TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

/** Anthropic allows more; OpenAI's `stop` takes at most 4 (https://platform.openai.com/docs/api-reference/chat/create). */
const MAX_STOP_SEQUENCES = 4;

/**
 * Request fields the hub translation drops with a warning: each asks Anthropic's servers for something only
 * they do, and leaving it out still gives the client a normal answer. The README's Inbound table lists them.
 */
const DROPPED_FIELDS: Readonly<Record<string, string>> = {
  context_management:
    'context_management (server-side context editing) is an Anthropic feature; the whole history is sent',
  service_tier: "service_tier is Anthropic's; the upstream's default tier serves the request",
  container: 'container is for Anthropic-run tools, which other upstreams do not run',
  inference_geo: "inference_geo is Anthropic's; the upstream's region serves the request",
};

/**
 * Fields that ask Anthropic to run something on the client's behalf; no other upstream can, and the client
 * would wait for results that never come, so they are refused by name.
 */
const REFUSED_FIELDS: Readonly<Record<string, string>> = {
  mcp_servers: 'mcp_servers (MCP tools run by Anthropic) is served only for Claude models',
};

/** The fields read below; any other top-level field is dropped with a warning naming it. */
const READ_FIELDS: ReadonlySet<string> = new Set([
  'model',
  'messages',
  'system',
  'max_tokens',
  'temperature',
  'top_p',
  'top_k',
  'stop_sequences',
  'stream',
  'metadata',
  'tools',
  'tool_choice',
  'thinking',
  'output_config',
]);

/**
 * The catalog's view of the model, and its output limit when the caller knows it. Anthropic makes `max_tokens`
 * required, so clients send a large one whatever the model (Claude Code: 32,000), and vendors with a lower limit
 * (DeepSeek's 8K) answer 400; with the limit known, `max_tokens` is clamped to it instead.
 */
export type InboundModelWithLimit = InboundModel & { maxOutputTokens?: number };

/**
 * An Anthropic Messages request in the hub form (OpenAI chat) every adapter takes. Pure. What is dropped or
 * approximated comes back as warnings (params in Anthropic's notation); what no upstream could honour throws a
 * ProviderError 400 naming the field (`messages.2.content.0.source`, `tools.3`, `stop_sequences`).
 *
 * @example
 * const { request, warnings } = toHubRequest(parsed.request, { id: 'gpt-5-2', upstreamProtocol: 'openai-responses', reasoning: true, reasoningEffort: ['low', 'medium', 'high'] });
 */
export function toHubRequest(request: AnthropicInboundRequest, model: InboundModelWithLimit): HubRequest {
  const warnings: TranslationWarning[] = [];
  const context: TranslationContext = { warnings, cacheControl: false };

  const messages: ChatMessage[] = [];
  const system = systemText(request.system, 'system', context);
  if (system !== undefined) messages.push({ role: 'system', content: system });
  request.messages.forEach((message, index) => {
    messages.push(...convertMessage(message, `messages.${index}`, context));
  });

  const hub: ChatCompletionRequest & Record<string, unknown> = {
    model: request.model,
    messages,
    max_tokens: request.max_tokens,
  };
  const limit = model.maxOutputTokens;
  if (limit !== undefined && limit > 0 && request.max_tokens > limit) {
    hub.max_tokens = limit;
    warnings.push({
      param: 'max_tokens',
      action: 'clamped',
      message: `max_tokens ${request.max_tokens} clamped to ${limit}, the most ${model.id} writes`,
    });
  }
  if (request.temperature !== undefined) hub.temperature = request.temperature;
  if (request.top_p !== undefined) hub.top_p = request.top_p;
  applyTopK(request, model, hub, warnings);
  applyStopSequences(request, hub);
  if (request.stream === true) {
    hub.stream = true;
    hub.stream_options = { include_usage: true };
  }
  const userId = request.metadata?.user_id;
  if (typeof userId === 'string' && userId !== '') hub.user = userId;
  applyTools(request, hub, context);
  applyReasoning(request, model, hub, warnings);
  applyOutputFormat(request, hub);
  applyOtherFields(request, warnings);

  if (context.cacheControl) {
    warnings.unshift({
      param: 'cache_control',
      action: 'dropped',
      message: `cache_control breakpoints are Anthropic's; ${model.id} caches prompts by its own rules, if at all`,
    });
  }
  return { request: hub, warnings };
}

interface TranslationContext {
  warnings: TranslationWarning[];
  /** Whether any `cache_control` was seen (reported once). */
  cacheControl: boolean;
}

function noteCacheControl(source: object, context: TranslationContext): void {
  if ('cache_control' in source && source.cache_control != null) context.cacheControl = true;
}

function systemText(
  system: AnthropicInboundRequest['system'] | AnthropicInboundMessage['content'],
  param: string,
  context: TranslationContext,
): string | undefined {
  if (system === undefined) return undefined;
  if (typeof system === 'string') return system === '' ? undefined : system;
  const texts: string[] = [];
  system.forEach((block, index) => {
    noteCacheControl(block, context);
    if (block.type !== 'text') throw unsupportedBlock(block, `${param}.${index}`, 'a system turn');
    if (typeof block.text === 'string' && block.text !== '') texts.push(block.text);
  });
  return texts.length > 0 ? texts.join('\n\n') : undefined;
}

function convertMessage(
  message: AnthropicInboundMessage,
  param: string,
  context: TranslationContext,
): ChatMessage[] {
  noteCacheControl(message, context);
  if (message.role === 'system') {
    const text = systemText(message.content, `${param}.content`, context);
    return text === undefined ? [] : [{ role: 'system', content: text }];
  }
  const blocks: AnthropicInboundContentBlock[] =
    typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
  return message.role === 'user'
    ? convertUserTurn(blocks, `${param}.content`, context)
    : [convertAssistantTurn(blocks, `${param}.content`, context)];
}

/**
 * Tool results become hub `tool` messages placed before the rest of the turn, the order OpenAI requires (tool
 * messages right after the assistant turn that called them). A tool message holds text only, so images a tool
 * returned go in the user message that follows, after a line naming the call they came from.
 */
function convertUserTurn(
  blocks: readonly AnthropicInboundContentBlock[],
  param: string,
  context: TranslationContext,
): ChatMessage[] {
  const toolMessages: ChatMessage[] = [];
  const toolImages: ContentPart[] = [];
  const parts: ContentPart[] = [];
  blocks.forEach((block, index) => {
    const at = `${param}.${index}`;
    noteCacheControl(block, context);
    switch (block.type) {
      case 'text':
        if (typeof block.text === 'string' && block.text !== '')
          parts.push({ type: 'text', text: block.text });
        break;
      case 'image':
        parts.push(convertImage(block as ImageBlock, at));
        break;
      case 'document':
        parts.push(convertDocument(block as DocumentBlock, at));
        break;
      case 'tool_result': {
        const result = convertToolResult(block as Block<'tool_result'>, at, context);
        toolMessages.push(result.message);
        if (result.images.length > 0) {
          toolImages.push({
            type: 'text',
            text: `Attachments returned by tool call ${result.message.tool_call_id}:`,
          });
          toolImages.push(...result.images);
        }
        break;
      }
      default:
        throw unsupportedBlock(block, at, 'a user turn');
    }
  });
  const content = [...toolImages, ...parts];
  if (content.length === 0) return toolMessages;
  return [...toolMessages, { role: 'user', content: simplifyContent(content) }];
}

/** One text part as a plain string: every upstream takes that, some flatten arrays badly. */
function simplifyContent(parts: ContentPart[]): string | ContentPart[] {
  const only = parts[0];
  return parts.length === 1 && only?.type === 'text' ? only.text : parts;
}

interface ToolResult {
  message: Extract<ChatMessage, { role: 'tool' }>;
  images: ContentPart[];
}

function convertToolResult(
  block: Block<'tool_result'>,
  param: string,
  context: TranslationContext,
): ToolResult {
  const texts: string[] = [];
  const images: ContentPart[] = [];
  const content = block.content ?? '';
  if (typeof content === 'string') {
    if (content !== '') texts.push(content);
  } else {
    content.forEach((item, index) => {
      const at = `${param}.content.${index}`;
      noteCacheControl(item, context);
      if (item.type === 'text') {
        if (typeof item.text === 'string' && item.text !== '') texts.push(item.text);
      } else if (item.type === 'image') {
        images.push(convertImage(item as ImageBlock, at));
      } else if (item.type === 'document') {
        const part = convertDocument(item as DocumentBlock, at);
        if (part.type === 'text') texts.push(part.text);
        else images.push(part);
      } else {
        throw unsupportedBlock(item, at, 'a tool_result');
      }
    });
  }
  let text = texts.join('\n');
  // The hub's tool message has no error flag; a leading "Error:" is how OpenAI-style models are shown a
  // failed call (the OpenAI Agents SDK and LiteLLM do the same), so they react to it rather than trust it.
  if (block.is_error === true) text = text === '' ? 'Error' : `Error: ${text}`;
  return { message: { role: 'tool', tool_call_id: block.tool_use_id, content: text }, images };
}

function convertImage(block: ImageBlock, param: string): ContentPart {
  const source = block.source;
  if (source.type === 'base64') {
    return { type: 'image_url', image_url: { url: `data:${source.media_type};base64,${source.data}` } };
  }
  if (source.type === 'url') return { type: 'image_url', image_url: { url: source.url } };
  throw invalidParameter(
    `${param}.source`,
    `${param}.source: Files API ids (source.type "file") are Anthropic's; send the image as base64 or a URL.`,
  );
}

function convertDocument(block: DocumentBlock, param: string): ContentPart {
  const source = block.source;
  if (source.type === 'base64') {
    if (source.media_type !== 'application/pdf') {
      throw invalidParameter(
        `${param}.source.media_type`,
        `${param}.source.media_type: a base64 document must be application/pdf; got ${source.media_type}.`,
        'invalid_value',
      );
    }
    const filename = typeof block.title === 'string' && block.title !== '' ? block.title : 'document.pdf';
    return { type: 'file', file: { file_data: `data:application/pdf;base64,${source.data}`, filename } };
  }
  if (source.type === 'text') return { type: 'text', text: withTitle(block, source.data) };
  if (source.type === 'content') {
    const text =
      typeof source.content === 'string'
        ? source.content
        : source.content
            .map((item) => (item.type === 'text' && typeof item.text === 'string' ? item.text : ''))
            .filter((item) => item !== '')
            .join('\n');
    return { type: 'text', text: withTitle(block, text) };
  }
  // The hub's file part carries the bytes or an OpenAI file id, never a URL the vendor would fetch.
  throw invalidParameter(
    `${param}.source`,
    `${param}.source: a document of source type "${source.type}" is served only for Claude models; send a PDF as base64 or the text itself.`,
  );
}

function withTitle(block: DocumentBlock, text: string): string {
  return typeof block.title === 'string' && block.title !== '' ? `${block.title}\n\n${text}` : text;
}

/**
 * Thinking blocks carry the proof their vendor needs back, marked by the gateway when it is not Anthropic's
 * (foreign-signature.ts): a Gemini thought signature goes on the next tool call, where the Gemini adapter
 * reads it; unsigned reasoning (DeepSeek, Kimi) is `reasoning_content`, which those vendors require on
 * tool-call turns; Anthropic's own become `reasoning_details` as the Anthropic adapter reads them.
 */
function convertAssistantTurn(
  blocks: readonly AnthropicInboundContentBlock[],
  param: string,
  context: TranslationContext,
): AssistantMessage {
  const texts: string[] = [];
  const reasoning: string[] = [];
  let hasReasoning = false;
  const details: Record<string, unknown>[] = [];
  const toolCalls: ToolCall[] = [];
  let pendingGeminiSignature: string | undefined;
  let pendingAt: string | undefined;

  blocks.forEach((block, index) => {
    const at = `${param}.${index}`;
    noteCacheControl(block, context);
    switch (block.type) {
      case 'text':
        if (typeof block.text === 'string' && block.text !== '') texts.push(block.text);
        break;
      case 'tool_use': {
        const use = block as Block<'tool_use'>;
        const call: ToolCall = {
          id: use.id,
          type: 'function',
          function: { name: use.name, arguments: JSON.stringify(use.input) },
        };
        if (pendingGeminiSignature !== undefined) {
          Object.assign(call, { extra_content: { google: { thought_signature: pendingGeminiSignature } } });
          pendingGeminiSignature = undefined;
        }
        toolCalls.push(call);
        break;
      }
      case 'thinking': {
        const thinking = block as Block<'thinking'>;
        const foreign = unwrapForeignSignature(thinking.signature);
        if (thinking.thinking !== '') reasoning.push(thinking.thinking);
        if (foreign?.vendor !== 'gemini') hasReasoning = true;
        if (foreign === undefined) {
          details.push({
            type: 'reasoning.text',
            text: thinking.thinking,
            signature: thinking.signature,
            format: REASONING_FORMAT,
          });
        } else if (foreign.vendor === 'gemini') {
          pendingGeminiSignature = foreign.signature;
          pendingAt = at;
        } else if (foreign.vendor === 'openai' && foreign.signature !== '') {
          // The Responses adapter replays no reasoning items (a Chat Completions client never holds them), so
          // OpenAI's encrypted reasoning has nowhere to go; the model reasons afresh.
          context.warnings.push({
            param: `${at}.signature`,
            action: 'dropped',
            message: "OpenAI's encrypted reasoning is not sent back upstream",
          });
        }
        break;
      }
      case 'redacted_thinking': {
        const data = (block as Block<'redacted_thinking'>).data;
        if (unwrapForeignSignature(data) === undefined) {
          details.push({ type: 'reasoning.encrypted', data, format: REASONING_FORMAT });
        } else {
          context.warnings.push({
            param: at,
            action: 'dropped',
            message: 'encrypted reasoning of a vendor other than Anthropic is not sent back upstream',
          });
        }
        break;
      }
      default:
        throw unsupportedBlock(block, at, 'an assistant turn');
    }
  });
  if (pendingGeminiSignature !== undefined && pendingAt !== undefined) {
    context.warnings.push({
      param: `${pendingAt}.signature`,
      action: 'dropped',
      message: 'a Gemini thought signature with no tool_use after it has nothing to sign and was left out',
    });
  }

  const message: AssistantMessage & Record<string, unknown> = {
    role: 'assistant',
    // null only beside tool calls: OpenAI refuses an assistant message with neither content nor tool calls.
    content: texts.length > 0 ? texts.join('\n\n') : toolCalls.length > 0 ? null : '',
  };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  // Present, even empty, whenever the turn had thinking: DeepSeek answers 400 when a thinking-mode tool-call
  // turn lacks the field (https://api-docs.deepseek.com/guides/thinking_mode).
  if (hasReasoning) message.reasoning_content = reasoning.join('\n\n');
  if (details.length > 0) message.reasoning_details = details;
  return message;
}

function unsupportedBlock(block: { type: string }, param: string, where: string) {
  return invalidParameter(
    param,
    `${param}: a "${block.type}" block in ${where} is served only for Claude models.`,
    'unsupported_value',
  );
}

function applyTopK(
  request: AnthropicInboundRequest,
  model: InboundModel,
  hub: Record<string, unknown>,
  warnings: TranslationWarning[],
): void {
  if (request.top_k === undefined) return;
  // OpenAI has no top_k at all (https://platform.openai.com/docs/api-reference/responses/create).
  if (model.upstreamProtocol === 'openai-responses') {
    throw invalidParameter('top_k', `${model.id} does not support top_k.`);
  }
  // Kept under its own name: the adapters of vendors that take it forward it (DashScope's profile does);
  // the others leave unknown fields out.
  hub.top_k = request.top_k;
  warnings.push({
    param: 'top_k',
    action: 'translated',
    message: 'top_k is forwarded only to upstreams that take it; others ignore it',
  });
}

function applyStopSequences(request: AnthropicInboundRequest, hub: ChatCompletionRequest): void {
  const stop = request.stop_sequences;
  if (stop === undefined || stop.length === 0) return;
  if (stop.length > MAX_STOP_SEQUENCES) {
    throw invalidParameter(
      'stop_sequences',
      `stop_sequences: at most ${MAX_STOP_SEQUENCES} sequences for models other than Claude; got ${stop.length}.`,
      'invalid_value',
    );
  }
  hub.stop = stop;
}

function isCustomTool(
  tool: AnthropicInboundTool,
): tool is Extract<AnthropicInboundTool, { input_schema: object }> {
  return 'input_schema' in tool && typeof tool.input_schema === 'object' && tool.input_schema !== null;
}

/**
 * Anthropic's own tools (`web_search_20250305`, `bash_20250124`, ...) are dropped with a warning rather than
 * refused: Claude Code and other agents offer them as optional extras, a 400 would end the client's session,
 * and without them the model still has the client's own tools. A tool_choice naming one is refused.
 */
function applyTools(
  request: AnthropicInboundRequest,
  hub: ChatCompletionRequest,
  context: TranslationContext,
): void {
  const tools: NonNullable<ChatCompletionRequest['tools']> = [];
  const names = new Set<string>();
  let deferred = false;
  request.tools?.forEach((tool, index) => {
    noteCacheControl(tool, context);
    if (!isCustomTool(tool)) {
      context.warnings.push({
        param: `tools.${index}`,
        action: 'dropped',
        message: `${String(tool.type)} is a tool Anthropic runs; other upstreams cannot, so it was left out`,
      });
      return;
    }
    if (!HUB_TOOL_NAME_PATTERN.test(tool.name)) {
      throw invalidParameter(
        `tools.${index}.name`,
        `tools.${index}.name: models other than Claude take tool names of at most 64 characters.`,
        'invalid_value',
      );
    }
    if ('defer_loading' in tool && tool.defer_loading === true) deferred = true;
    const { $schema: _schema, ...parameters } = tool.input_schema as Record<string, unknown>;
    names.add(tool.name);
    tools.push({
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description === undefined ? {} : { description: tool.description }),
        // `$schema` says only which draft the schema is; several OpenAI-compatible vendors refuse it.
        parameters,
        ...(tool.strict === undefined ? {} : { strict: tool.strict }),
      },
    });
  });
  if (deferred) {
    context.warnings.push({
      param: 'tools',
      action: 'dropped',
      message: "defer_loading (tool search) is Anthropic's; deferred tools are sent with the others",
    });
  }
  if (tools.length > 0) hub.tools = tools;

  const choice = request.tool_choice;
  if (choice === undefined) return;
  if (choice.type === 'none') {
    hub.tool_choice = 'none';
    return;
  }
  if (tools.length === 0) {
    if (choice.type === 'tool') {
      throw invalidParameter(
        'tool_choice.name',
        `tool_choice.name: no tool "${choice.name}" in tools.`,
        'invalid_value',
      );
    }
    return;
  }
  if (choice.type === 'auto') hub.tool_choice = 'auto';
  else if (choice.type === 'any') hub.tool_choice = 'required';
  else {
    if (!names.has(choice.name)) {
      throw invalidParameter(
        'tool_choice.name',
        `tool_choice.name: "${choice.name}" is not one of the tools this model can call.`,
        'invalid_value',
      );
    }
    hub.tool_choice = { type: 'function', function: { name: choice.name } };
  }
  if (choice.disable_parallel_tool_use === true) hub.parallel_tool_calls = false;
}

/**
 * `thinking` and `output_config.effort` become `reasoning_effort`, the nearest value the model accepts. Never a
 * 400: Claude Code sends thinking on every request, whatever the model.
 */
function applyReasoning(
  request: AnthropicInboundRequest,
  model: InboundModel,
  hub: ChatCompletionRequest,
  warnings: TranslationWarning[],
): void {
  const thinking = request.thinking;
  const effort = request.output_config?.effort ?? undefined;
  if (thinking === undefined && effort === undefined) return;
  const param = thinking === undefined ? 'output_config.effort' : 'thinking';

  let wanted: ReasoningEffort;
  if (thinking?.type === 'disabled') wanted = 'none';
  else if (thinking?.type === 'enabled') wanted = effortOfBudget(thinking.budget_tokens, THINKING_BUDGETS);
  else wanted = effort ?? 'medium';

  serveReasoningEffort(wanted, model, param, hub, warnings);
}

function applyOutputFormat(request: AnthropicInboundRequest, hub: ChatCompletionRequest): void {
  const format = request.output_config?.format;
  if (format == null) return;
  hub.response_format = {
    type: 'json_schema',
    json_schema: { name: 'output', schema: format.schema, strict: true },
  };
}

function applyOtherFields(request: AnthropicInboundRequest, warnings: TranslationWarning[]): void {
  for (const [field, value] of Object.entries(request)) {
    if (value === undefined || READ_FIELDS.has(field)) continue;
    const refused = REFUSED_FIELDS[field];
    if (refused !== undefined) throw invalidParameter(field, refused);
    warnings.push({
      param: field,
      action: 'dropped',
      message: DROPPED_FIELDS[field] ?? `${field} is not translated for models other than Claude`,
    });
  }
  const outputConfig = request.output_config;
  if (outputConfig !== undefined) {
    for (const [field, value] of Object.entries(outputConfig)) {
      if (value === undefined || field === 'effort' || field === 'format') continue;
      warnings.push({
        param: `output_config.${field}`,
        action: 'dropped',
        message: `output_config.${field} is not translated for models other than Claude`,
      });
    }
  }
}
