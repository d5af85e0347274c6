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
import { SKIP_THOUGHT_SIGNATURE } from '../convert-request.js';
import type {
  GeminiInboundBody,
  GeminiInboundContent,
  GeminiInboundPart,
  GeminiInboundRequest,
} from './parse-request.js';

/** OpenAI's function names (https://platform.openai.com/docs/api-reference/chat/create), the hub's. */
const HUB_TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;
/** Gemini takes up to 5 stop sequences; OpenAI's `stop` at most 4. */
const MAX_STOP_SEQUENCES = 4;
/**
 * `reasoning_details` as the Anthropic adapter reads them back (provider-anthropic's REASONING_FORMAT; not
 * imported: provider-anthropic is only a devDependency of this package).
 */
const ANTHROPIC_REASONING_FORMAT = 'anthropic-claude-v1';
/** The Gemini adapter's budgets per effort (convert-request.ts), read backwards for a client's thinkingBudget. */
const THINKING_BUDGETS: Readonly<Record<string, number>> = {
  minimal: 512,
  low: 1024,
  medium: 8192,
  high: 24576,
  xhigh: 32768,
};

/** The fields read below; any other top-level field is dropped with a warning naming it. */
const READ_FIELDS: ReadonlySet<string> = new Set([
  'model',
  'contents',
  'systemInstruction',
  'tools',
  'toolConfig',
  'generationConfig',
  'safetySettings',
]);

/** Fields whose meaning lives on Google's servers; without them the answer would be wrong, so they are refused. */
const REFUSED_FIELDS: Readonly<Record<string, string>> = {
  cachedContent: 'cachedContent (a Gemini context cache) is served only for Gemini models; send the contents',
};

/** generationConfig fields read below; others are dropped with a warning. */
const READ_GENERATION_FIELDS: ReadonlySet<string> = new Set([
  'stopSequences',
  'responseMimeType',
  'responseSchema',
  'responseJsonSchema',
  'responseModalities',
  'candidateCount',
  'maxOutputTokens',
  'temperature',
  'topP',
  'topK',
  'seed',
  'presencePenalty',
  'frequencyPenalty',
  'responseLogprobs',
  'logprobs',
  'thinkingConfig',
]);

interface Context {
  model: InboundModel;
  warnings: TranslationWarning[];
  /** Calls of earlier model turns not yet answered, by function name (oldest first), for id-less responses. */
  pendingByName: Map<string, string[]>;
}

/**
 * A Gemini generateContent request in the hub form (OpenAI chat) every adapter takes. Pure. What is dropped or
 * approximated comes back as warnings (params in Gemini's notation); what no upstream could honour throws a
 * ProviderError 400 naming the field (`contents[2].parts[0].fileData`, `generationConfig.stopSequences`).
 *
 * @example
 * const { request, warnings } = toHubRequest(parsed.request, { id: 'gpt-5-2', upstreamProtocol: 'openai-responses', reasoning: true, reasoningEffort: ['low', 'medium', 'high'] });
 */
export function toHubRequest(inbound: GeminiInboundRequest, model: InboundModel): HubRequest {
  const body = inbound.body;
  const warnings: TranslationWarning[] = [];
  const context: Context = { model, warnings, pendingByName: new Map() };

  const messages: ChatMessage[] = [];
  const system = systemText(body);
  if (system !== undefined) messages.push({ role: 'system', content: system });
  for (const turn of mergeTurns(body.contents)) messages.push(...convertTurn(turn, context));

  const hub: ChatCompletionRequest & Record<string, unknown> = { model: model.id, messages };
  if (inbound.stream) {
    hub.stream = true;
    hub.stream_options = { include_usage: true };
  }
  applyTools(body, hub, context);
  applyGenerationConfig(body, hub, context);
  applyOtherFields(body, model, warnings);
  return { request: hub, warnings };
}

function systemText(body: GeminiInboundBody): string | undefined {
  const texts = (body.systemInstruction?.parts ?? [])
    .map((part) => part.text)
    .filter((text): text is string => typeof text === 'string' && text !== '');
  return texts.length > 0 ? texts.join('\n\n') : undefined;
}

/** A part and where it stood in the request (`contents[2].parts[0]`), for error params and call ids. */
interface LocatedPart {
  part: GeminiInboundPart;
  at: string;
}

interface Turn {
  model: boolean;
  parts: LocatedPart[];
}

/**
 * Consecutive contents of one role as one turn, parts in order: @google/genai's chat history keeps one `model`
 * content per streamed chunk (`Chat.recordHistory`), which is one assistant message to every other vendor.
 */
function mergeTurns(contents: readonly GeminiInboundContent[]): Turn[] {
  const turns: Turn[] = [];
  contents.forEach((content, index) => {
    const model = content.role === 'model';
    const parts = content.parts.map((part, partIndex) => ({
      part,
      at: `contents[${index}].parts[${partIndex}]`,
    }));
    const last = turns.at(-1);
    if (last !== undefined && last.model === model) last.parts.push(...parts);
    else turns.push({ model, parts });
  });
  return turns;
}

function convertTurn(turn: Turn, context: Context): ChatMessage[] {
  return turn.model ? [convertModelTurn(turn.parts, context)] : convertUserTurn(turn.parts, context);
}

/** The deterministic id of a call the client sent without one: where it stands in the request. */
function callId(param: string): string {
  return `call_${param.replace(/\D+/g, '_').replace(/^_|_$/g, '')}`;
}

/**
 * A user turn's function responses become hub `tool` messages placed first, the order OpenAI requires (right
 * after the assistant turn that called them); the rest of the turn follows as one user message.
 */
function convertUserTurn(located: readonly LocatedPart[], context: Context): ChatMessage[] {
  const toolMessages: ChatMessage[] = [];
  const parts: ContentPart[] = [];
  located.forEach(({ part, at }) => {
    if (part.functionResponse !== undefined) {
      toolMessages.push(convertFunctionResponse(part.functionResponse, at, context));
    } else if (part.functionCall !== undefined) {
      throw invalidParameter(
        `${at}.functionCall`,
        `${at}.functionCall: a function call belongs in a turn of role "model".`,
        'invalid_value',
      );
    } else if (part.inlineData !== undefined) {
      parts.push(convertInlineData(part.inlineData, `${at}.inlineData`));
    } else if (part.fileData !== undefined) {
      parts.push(convertFileData(part.fileData, `${at}.fileData`));
    } else if (typeof part.text === 'string') {
      if (part.text !== '' && part.thought !== true) parts.push({ type: 'text', text: part.text });
    } else {
      dropOrRefusePart(part, at, context);
    }
  });
  if (parts.length === 0) return toolMessages;
  return [...toolMessages, { role: 'user', content: simplifyContent(parts) }];
}

function simplifyContent(parts: ContentPart[]): string | ContentPart[] {
  const only = parts[0];
  return parts.length === 1 && only?.type === 'text' ? only.text : parts;
}

/** A functionResponse is linked to its call by `id`, else to the oldest unanswered call of that name. */
function convertFunctionResponse(
  response: NonNullable<GeminiInboundPart['functionResponse']>,
  param: string,
  context: Context,
): ChatMessage {
  const pending = context.pendingByName.get(response.name) ?? [];
  let id = response.id;
  if (id !== undefined && id !== '') {
    const position = pending.indexOf(id);
    if (position >= 0) pending.splice(position, 1);
  } else {
    id = pending.shift();
    if (id === undefined) {
      throw invalidParameter(
        `${param}.functionResponse`,
        `${param}.functionResponse: no earlier functionCall of "${response.name}" is left for this response.`,
        'invalid_value',
      );
    }
  }
  return { role: 'tool', tool_call_id: id, content: functionResponseText(response.response) };
}

/**
 * Gemini's response is an object; by Google's convention `output` holds the result and `error` a failure
 * (https://ai.google.dev/api/caching#FunctionResponse). A lone one is sent as its text, as OpenAI-style models
 * are shown tool output; a failure is prefixed "Error:" as the Anthropic surface does.
 */
function functionResponseText(response: Record<string, unknown> | null | undefined): string {
  if (response == null) return '';
  const keys = Object.keys(response);
  if (keys.length === 1 && typeof response.output === 'string') return response.output;
  if (keys.length === 1 && typeof response.error === 'string') return `Error: ${response.error}`;
  return JSON.stringify(response);
}

function convertInlineData(data: NonNullable<GeminiInboundPart['inlineData']>, param: string): ContentPart {
  const mimeType = data.mimeType.toLowerCase();
  if (mimeType.startsWith('image/')) {
    return { type: 'image_url', image_url: { url: `data:${mimeType};base64,${data.data}` } };
  }
  if (mimeType === 'application/pdf') {
    return {
      type: 'file',
      file: { file_data: `data:application/pdf;base64,${data.data}`, filename: 'document.pdf' },
    };
  }
  throw invalidParameter(
    `${param}.mimeType`,
    `${param}.mimeType: models other than Gemini take inline images and PDFs; got ${data.mimeType}.`,
    'unsupported_value',
  );
}

function convertFileData(data: NonNullable<GeminiInboundPart['fileData']>, param: string): ContentPart {
  const mimeType = data.mimeType?.toLowerCase();
  // Files API URIs are readable only by Gemini itself.
  const isHttp =
    /^https?:\/\//i.test(data.fileUri) && !data.fileUri.includes('generativelanguage.googleapis.com');
  if (isHttp && (mimeType === undefined || mimeType.startsWith('image/'))) {
    return { type: 'image_url', image_url: { url: data.fileUri } };
  }
  throw invalidParameter(
    param,
    `${param}: models other than Gemini take fileData only for images at http(s) URLs; send other files as inlineData.`,
    'unsupported_value',
  );
}

/** Code execution parts are results of Google's own tool: dropped; any other part type is refused by name. */
function dropOrRefusePart(part: GeminiInboundPart, param: string, context: Context): void {
  if (part.executableCode !== undefined || part.codeExecutionResult !== undefined) {
    context.warnings.push({
      param,
      action: 'dropped',
      message: 'code execution parts come from a tool Gemini runs; they were left out',
    });
    return;
  }
  if (part.thoughtSignature !== undefined && Object.keys(part).length === 1) return;
  const kind = Object.keys(part).find((key) => key !== 'thoughtSignature' && key !== 'thought') ?? 'empty';
  throw invalidParameter(
    param,
    `${param}: a "${kind}" part is served only for Gemini models.`,
    'unsupported_value',
  );
}

/**
 * A model turn's text, calls and thoughts. Signatures say whose reasoning a part carries
 * (provider-kit foreign-signature.ts): a Claude one goes back as `reasoning_details` the Anthropic adapter
 * reads; unsigned reasoning (`none`: DeepSeek, Kimi) as `reasoning_content`, which those vendors require on
 * tool-call turns; OpenAI's encrypted reasoning has nowhere to go. A Gemini signature (wrapped or Gemini's
 * own) rides on the next function call as `extra_content.google.thought_signature`, as the Gemini adapter
 * reads it (https://ai.google.dev/gemini-api/docs/thought-signatures: it signs the first call of a turn).
 */
function convertModelTurn(located: readonly LocatedPart[], context: Context): AssistantMessage {
  const texts: string[] = [];
  const reasoning: string[] = [];
  let hasReasoning = false;
  const details: Record<string, unknown>[] = [];
  const toolCalls: ToolCall[] = [];
  const toGemini = context.model.upstreamProtocol === 'gemini';
  let pendingSignature: string | undefined;

  const takeSignature = (signature: string | undefined, thoughtText: string | undefined, at: string) => {
    if (signature === undefined || signature === '') return;
    if (signature === SKIP_THOUGHT_SIGNATURE) {
      if (toGemini) pendingSignature = signature;
      return;
    }
    const foreign = unwrapForeignSignature(signature);
    if (foreign === undefined || foreign.vendor === 'gemini') {
      // Only Gemini can check its signature; other upstreams get the reasoning afresh.
      if (toGemini) pendingSignature = foreign?.signature ?? signature;
    } else if (foreign.vendor === 'anthropic') {
      // The response side writes Claude's redacted_thinking as an empty thought whose signature is its data.
      details.push(
        thoughtText === undefined || thoughtText === ''
          ? { type: 'reasoning.encrypted', data: foreign.signature, format: ANTHROPIC_REASONING_FORMAT }
          : {
              type: 'reasoning.text',
              text: thoughtText,
              signature: foreign.signature,
              format: ANTHROPIC_REASONING_FORMAT,
            },
      );
    } else if (foreign.vendor === 'none') {
      hasReasoning = true;
    } else if (foreign.signature !== '') {
      context.warnings.push({
        param: `${at}.thoughtSignature`,
        action: 'dropped',
        message: "OpenAI's encrypted reasoning is not sent back upstream",
      });
    }
  };

  const proof = readCallProof(located);
  located.forEach(({ part, at }) => {
    if (part.functionCall !== undefined) {
      const call = part.functionCall;
      // A signature on the call part signs that call; one before it (on a thought) signs the first call.
      if (proof === undefined) takeSignature(part.thoughtSignature, undefined, at);
      const id = call.id !== undefined && call.id !== '' ? call.id : callId(at);
      const toolCall: ToolCall = {
        id,
        type: 'function',
        function: { name: call.name, arguments: JSON.stringify(call.args ?? {}) },
      };
      if (pendingSignature !== undefined) {
        Object.assign(toolCall, { extra_content: { google: { thought_signature: pendingSignature } } });
        pendingSignature = undefined;
      }
      toolCalls.push(toolCall);
      const queue = context.pendingByName.get(call.name) ?? [];
      queue.push(id);
      context.pendingByName.set(call.name, queue);
    } else if (typeof part.text === 'string' && part.thought === true) {
      if (proof !== undefined) return;
      if (part.text !== '') reasoning.push(part.text);
      takeSignature(part.thoughtSignature, part.text, at);
    } else if (typeof part.text === 'string') {
      if (part.text !== '') texts.push(part.text);
      if (proof === undefined) takeSignature(part.thoughtSignature, undefined, at);
    } else if (part.functionResponse !== undefined) {
      throw invalidParameter(
        `${at}.functionResponse`,
        `${at}.functionResponse: a function response belongs in a turn of role "user".`,
        'invalid_value',
      );
    } else if (part.inlineData !== undefined || part.fileData !== undefined) {
      throw invalidParameter(
        at,
        `${at}: files in a model turn are served only for Gemini models.`,
        'unsupported_value',
      );
    } else {
      if (proof === undefined) takeSignature(part.thoughtSignature, undefined, at);
      dropOrRefusePart(part, at, context);
    }
  });

  const message: AssistantMessage & Record<string, unknown> = {
    role: 'assistant',
    // null only beside tool calls: OpenAI refuses an assistant message with neither content nor tool calls.
    content: texts.length > 0 ? texts.join('') : toolCalls.length > 0 ? null : '',
  };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  if (proof?.reasoning !== undefined) {
    hasReasoning = true;
    reasoning.splice(0, reasoning.length, proof.reasoning);
  }
  if (proof?.details !== undefined) details.push(...proof.details);
  // Present, even empty, whenever the turn had unsigned reasoning: DeepSeek answers 400 when a thinking-mode
  // tool-call turn lacks it (https://api-docs.deepseek.com/guides/thinking_mode).
  if (hasReasoning) message.reasoning_content = reasoning.join('\n\n');
  if (details.length > 0) message.reasoning_details = details;
  return message;
}

interface CallProof {
  /** Unsigned reasoning (DeepSeek, Kimi), for `reasoning_content`. */
  reasoning?: string;
  /** Claude's thinking blocks, as `reasoning_details`. */
  details?: Record<string, unknown>[];
}

/**
 * The reasoning proof the response side put on a turn's first call (encode-response.ts `reasoningProof`).
 * gemini-cli keeps only that signature, so when it is there it wins over any thought parts.
 */
function readCallProof(located: readonly LocatedPart[]): CallProof | undefined {
  const first = located.find(({ part }) => part.functionCall !== undefined)?.part;
  const signature = first?.thoughtSignature;
  if (signature === undefined) return undefined;
  const foreign = unwrapForeignSignature(signature);
  if (foreign?.vendor === 'none') return { reasoning: foreign.signature };
  if (foreign?.vendor !== 'anthropic') return undefined;
  const blocks = parseAnthropicProof(foreign.signature);
  if (blocks === undefined) return undefined;
  const details: Record<string, unknown>[] = [];
  for (const block of blocks) {
    if (typeof block.data === 'string') {
      details.push({ type: 'reasoning.encrypted', data: block.data, format: ANTHROPIC_REASONING_FORMAT });
    } else if (typeof block.signature === 'string' && block.signature !== '') {
      details.push({
        type: 'reasoning.text',
        text: typeof block.thinking === 'string' ? block.thinking : '',
        signature: block.signature,
        format: ANTHROPIC_REASONING_FORMAT,
      });
    }
  }
  return { details };
}

/** `[{thinking, signature} | {data}]` (or one such object); undefined for a bare signature, as thoughts carry. */
function parseAnthropicProof(payload: string): Array<Record<string, unknown>> | undefined {
  if (!payload.startsWith('[') && !payload.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(payload);
    const list = Array.isArray(parsed) ? parsed : [parsed];
    return list.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null);
  } catch {
    return undefined;
  }
}

/** Google's built-in tools (googleSearch, codeExecution, urlContext, ...) have no counterpart: dropped. */
function applyTools(body: GeminiInboundBody, hub: ChatCompletionRequest, context: Context): void {
  const tools: NonNullable<ChatCompletionRequest['tools']> = [];
  const names = new Set<string>();
  body.tools?.forEach((tool, toolIndex) => {
    for (const key of Object.keys(tool)) {
      if (key === 'functionDeclarations' || tool[key] === undefined) continue;
      context.warnings.push({
        param: `tools[${toolIndex}].${key}`,
        action: 'dropped',
        message: `${key} is a tool Google runs; other upstreams cannot, so it was left out`,
      });
    }
    tool.functionDeclarations?.forEach((declaration, index) => {
      const at = `tools[${toolIndex}].functionDeclarations[${index}]`;
      if (!HUB_TOOL_NAME_PATTERN.test(declaration.name)) {
        throw invalidParameter(
          `${at}.name`,
          `${at}.name: models other than Gemini take function names of at most 64 letters, digits, _ or -.`,
          'invalid_value',
        );
      }
      names.add(declaration.name);
      tools.push({
        type: 'function',
        function: {
          name: declaration.name,
          ...(declaration.description === undefined ? {} : { description: declaration.description }),
          parameters: declarationParameters(declaration),
        },
      });
    });
  });
  if (tools.length > 0) hub.tools = tools;

  const config = body.toolConfig?.functionCallingConfig;
  if (config === undefined) return;
  const mode = config.mode ?? 'AUTO';
  const allowed = config.allowedFunctionNames ?? [];
  for (const [index, name] of allowed.entries()) {
    if (!names.has(name)) {
      throw invalidParameter(
        `toolConfig.functionCallingConfig.allowedFunctionNames[${index}]`,
        `toolConfig.functionCallingConfig.allowedFunctionNames[${index}]: no function "${name}" in tools.`,
        'invalid_value',
      );
    }
  }
  if (mode === 'NONE') {
    hub.tool_choice = 'none';
    return;
  }
  if (tools.length === 0) return;
  if (mode === 'ANY') {
    if (allowed.length === 1) {
      hub.tool_choice = { type: 'function', function: { name: allowed[0] as string } };
      return;
    }
    hub.tool_choice = 'required';
    if (allowed.length > 1) {
      context.warnings.push({
        param: 'toolConfig.functionCallingConfig.allowedFunctionNames',
        action: 'translated',
        message:
          'several allowedFunctionNames: the model must call a function, but may call any of the tools',
      });
    }
    return;
  }
  hub.tool_choice = 'auto';
  if (mode === 'VALIDATED') {
    context.warnings.push({
      param: 'toolConfig.functionCallingConfig.mode',
      action: 'translated',
      message: 'VALIDATED is served as AUTO: the upstream does not promise schema-valid calls',
    });
  }
  if (allowed.length > 0) {
    context.warnings.push({
      param: 'toolConfig.functionCallingConfig.allowedFunctionNames',
      action: 'dropped',
      message:
        'allowedFunctionNames limits only mode ANY for models other than Gemini; every tool may be called',
    });
  }
}

function declarationParameters(
  declaration: NonNullable<NonNullable<GeminiInboundBody['tools']>[number]['functionDeclarations']>[number],
): Record<string, unknown> {
  if (declaration.parametersJsonSchema !== undefined) {
    // `$schema` says only which draft the schema is; several OpenAI-compatible vendors refuse it.
    const { $schema: _schema, ...schema } = declaration.parametersJsonSchema as Record<string, unknown>;
    return schema;
  }
  if (declaration.parameters !== undefined)
    return openApiToJsonSchema(declaration.parameters) as Record<string, unknown>;
  return { type: 'object', properties: {} };
}

/**
 * Gemini's `Schema` (an OpenAPI 3.0 subset, https://ai.google.dev/api/caching#Schema) as JSON Schema: types
 * upper-case (`OBJECT`) become lower-case, `nullable: true` becomes a `null` type; the rest is JSON Schema
 * already (properties, items, required, enum, anyOf, min/max...).
 */
export function openApiToJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(openApiToJsonSchema);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema as Record<string, unknown>)) {
    if (key === 'type' && typeof value === 'string') {
      if (value !== 'TYPE_UNSPECIFIED') out.type = value.toLowerCase();
    } else if (key === 'nullable') {
      // applied below
    } else if (key === 'properties' && typeof value === 'object' && value !== null) {
      out.properties = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([name, property]) => [
          name,
          openApiToJsonSchema(property),
        ]),
      );
    } else if (key === 'propertyOrdering') {
      // Gemini's own ordering hint; JSON Schema has no such keyword.
    } else if (key === 'items' || key === 'anyOf' || key === 'oneOf' || key === 'allOf' || key === 'not') {
      out[key] = openApiToJsonSchema(value);
    } else {
      out[key] = value;
    }
  }
  if ((schema as Record<string, unknown>).nullable === true && typeof out.type === 'string') {
    out.type = [out.type, 'null'];
  }
  return out;
}

function applyGenerationConfig(
  body: GeminiInboundBody,
  hub: ChatCompletionRequest & Record<string, unknown>,
  context: Context,
): void {
  const config = body.generationConfig;
  if (config === undefined) return;
  const { model, warnings } = context;
  if (config.temperature !== undefined) hub.temperature = config.temperature;
  if (config.topP !== undefined) hub.top_p = config.topP;
  if (config.topK !== undefined) {
    // OpenAI has no top_k at all (https://platform.openai.com/docs/api-reference/responses/create); gemini-cli
    // sends one on every request, so it is dropped rather than refused.
    if (model.upstreamProtocol === 'openai-responses') {
      warnings.push({
        param: 'generationConfig.topK',
        action: 'dropped',
        message: `${model.id} has no topK`,
      });
    } else {
      // Kept under its own name: adapters of vendors that take it forward it; the others leave it out.
      hub.top_k = config.topK;
      warnings.push({
        param: 'generationConfig.topK',
        action: 'translated',
        message: 'topK is forwarded only to upstreams that take it; others ignore it',
      });
    }
  }
  if (config.maxOutputTokens !== undefined) {
    hub.max_tokens = config.maxOutputTokens;
    const limit = model.maxOutputTokens;
    if (limit !== undefined && limit > 0 && config.maxOutputTokens > limit) {
      hub.max_tokens = limit;
      warnings.push({
        param: 'generationConfig.maxOutputTokens',
        action: 'clamped',
        message: `maxOutputTokens ${config.maxOutputTokens} clamped to ${limit}, the most ${model.id} writes`,
      });
    }
  }
  const stop = config.stopSequences;
  if (stop !== undefined && stop.length > 0) {
    if (stop.length > MAX_STOP_SEQUENCES) {
      throw invalidParameter(
        'generationConfig.stopSequences',
        `generationConfig.stopSequences: at most ${MAX_STOP_SEQUENCES} sequences for models other than Gemini; got ${stop.length}.`,
        'invalid_value',
      );
    }
    hub.stop = stop;
  }
  if (config.candidateCount !== undefined && config.candidateCount > 1) hub.n = config.candidateCount;
  if (config.seed !== undefined) hub.seed = config.seed;
  if (config.presencePenalty !== undefined) hub.presence_penalty = config.presencePenalty;
  if (config.frequencyPenalty !== undefined) hub.frequency_penalty = config.frequencyPenalty;
  if (config.responseLogprobs === true) {
    hub.logprobs = true;
    if (config.logprobs !== undefined) hub.top_logprobs = config.logprobs;
  }
  applyResponseFormat(config, hub);
  const modalities = config.responseModalities?.filter((modality) => modality.toUpperCase() !== 'TEXT') ?? [];
  if (modalities.length > 0) {
    warnings.push({
      param: 'generationConfig.responseModalities',
      action: 'dropped',
      message: `${model.id} answers in text only`,
    });
  }
  applyThinking(config.thinkingConfig, hub, context);
  for (const [field, value] of Object.entries(config)) {
    if (value === undefined || READ_GENERATION_FIELDS.has(field)) continue;
    warnings.push({
      param: `generationConfig.${field}`,
      action: 'dropped',
      message: `generationConfig.${field} is not translated for models other than Gemini`,
    });
  }
}

function applyResponseFormat(
  config: NonNullable<GeminiInboundBody['generationConfig']>,
  hub: ChatCompletionRequest,
): void {
  const schema =
    config.responseJsonSchema ??
    (config.responseSchema === undefined
      ? undefined
      : (openApiToJsonSchema(config.responseSchema) as Record<string, unknown>));
  if (schema !== undefined) {
    hub.response_format = { type: 'json_schema', json_schema: { name: 'output', schema } };
    return;
  }
  if (config.responseMimeType?.toLowerCase() === 'application/json')
    hub.response_format = { type: 'json_object' };
}

/**
 * thinkingConfig becomes `reasoning_effort`, the nearest value the model accepts. Never a 400: gemini-cli
 * sends a thinkingConfig on every request, whatever the model.
 */
function applyThinking(
  thinking: NonNullable<GeminiInboundBody['generationConfig']>['thinkingConfig'],
  hub: ChatCompletionRequest,
  context: Context,
): void {
  if (thinking === undefined) return;
  const { model, warnings } = context;
  let wanted: ReasoningEffort | undefined;
  let param = 'generationConfig.thinkingConfig';
  const level = thinking.thinkingLevel?.toLowerCase();
  if (level !== undefined && level !== 'thinking_level_unspecified') {
    wanted = level as ReasoningEffort;
    param = 'generationConfig.thinkingConfig.thinkingLevel';
  } else if (thinking.thinkingBudget !== undefined && thinking.thinkingBudget !== -1) {
    wanted =
      thinking.thinkingBudget === 0 ? 'none' : effortOfBudget(thinking.thinkingBudget, THINKING_BUDGETS);
    param = 'generationConfig.thinkingConfig.thinkingBudget';
  }
  // includeThoughts alone, or a dynamic budget (-1): the model's default effort.
  if (wanted === undefined) return;

  serveReasoningEffort(wanted, model, param, hub, warnings);
}

function applyOtherFields(
  body: GeminiInboundBody,
  model: InboundModel,
  warnings: TranslationWarning[],
): void {
  if (body.safetySettings !== undefined && body.safetySettings.length > 0) {
    warnings.push({
      param: 'safetySettings',
      action: 'dropped',
      message: `safetySettings are Gemini's; ${model.id} applies its own safety rules`,
    });
  }
  for (const [field, value] of Object.entries(body)) {
    if (value === undefined || READ_FIELDS.has(field)) continue;
    const refused = REFUSED_FIELDS[field];
    if (refused !== undefined) throw invalidParameter(field, refused);
    warnings.push({
      param: field,
      action: 'dropped',
      message: `${field} is not translated for models other than Gemini`,
    });
  }
}
