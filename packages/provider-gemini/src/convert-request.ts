import type { ChatCompletionRequest, ChatMessage, ContentPart } from '@llmux/contract';
import {
  invalidParameter,
  parseDataUrl,
  parseToolArguments,
  type TranslationWarning,
  type UpstreamTarget,
} from '@llmux/provider-kit';
import { convertJsonSchema } from './convert-json-schema.js';
import type {
  GeminiContent,
  GeminiFunctionDeclaration,
  GeminiGenerateContentRequest,
  GeminiGenerationConfig,
  GeminiInlineData,
  GeminiRequestPart,
  GeminiThinkingConfig,
} from './gemini-api.js';
import { readThoughtSignature } from './thought-signature.js';

/** An image the gateway downloaded for Gemini, which cannot fetch arbitrary URLs itself. */
export type InlinedImage = GeminiInlineData;

/**
 * The `target.options` keys this adapter reads.
 * - `inlinedImages`: url → image, for every URL that {@link collectRemoteImages} returned.
 */
export interface GeminiTargetOptions {
  inlinedImages?: Readonly<Record<string, InlinedImage>> | ReadonlyMap<string, InlinedImage>;
  reasoningEffort?: string;
}

/**
 * Gemini 3 refuses a function-call turn without its thought signature; when a client dropped it, this
 * documented placeholder makes Gemini skip the check (https://ai.google.dev/gemini-api/docs/thought-signatures).
 */
export const SKIP_THOUGHT_SIGNATURE = 'skip_thought_signature_validator';

/** 2.5 thinking budgets per effort (https://ai.google.dev/gemini-api/docs/thinking#set-budget). */
const THINKING_BUDGETS: Record<string, number> = {
  minimal: 512,
  low: 1024,
  medium: 8192,
  high: 24576,
  xhigh: 32768,
};
const EFFORT_ORDER = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'];

/** URLs Gemini itself can read (https://ai.google.dev/gemini-api/docs/file-input-methods): sent as fileData. */
function isGeminiReadableUrl(url: string): boolean {
  return (
    url.startsWith('https://generativelanguage.googleapis.com/') ||
    /^https:\/\/(www\.)?(youtube\.com\/watch\?|youtu\.be\/)/.test(url)
  );
}

function isRemoteUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

/**
 * The http(s) image URLs of a request that the gateway must download and hand back through
 * `target.options.inlinedImages` before calling `toUpstream` (Gemini does not fetch arbitrary URLs).
 *
 * @example
 * const urls = collectRemoteImages(request);
 * const inlinedImages = Object.fromEntries(
 *   await Promise.all(urls.map(async (url) => [url, await fetchImageForInlining(url, { fetch })])),
 * );
 */
export function collectRemoteImages(request: ChatCompletionRequest): string[] {
  const urls = new Set<string>();
  for (const message of request.messages) {
    if (message.role !== 'user' || !Array.isArray(message.content)) continue;
    for (const part of message.content) {
      if (part.type !== 'image_url') continue;
      const url = part.image_url.url;
      if (isRemoteUrl(url) && !isGeminiReadableUrl(url)) urls.add(url);
    }
  }
  return [...urls];
}

export type GeminiGeneration = '2.0' | '2.5' | '3';

/** Which thinking knob a model has: 2.5 takes a token budget, 3 a level, older models none. */
export function detectGeminiGeneration(upstreamModel: string): GeminiGeneration {
  const name = upstreamModel.replace(/^models\//, '');
  if (/^gemini-(\d{2,}|[3-9])/.test(name)) return '3';
  if (name.startsWith('gemini-2.5')) return '2.5';
  return '2.0';
}

export interface ConvertRequestResult {
  body: GeminiGenerateContentRequest;
  warnings: TranslationWarning[];
}

/**
 * Translates an OpenAI chat request into a Gemini `generateContent` body. Throws a ProviderError (400
 * naming the parameter) for what Gemini cannot serve.
 */
export function convertRequest(request: ChatCompletionRequest, target: UpstreamTarget): ConvertRequestResult {
  const warnings: TranslationWarning[] = [];
  const options = (target.options ?? {}) as GeminiTargetOptions;
  const generation = detectGeminiGeneration(target.upstreamModel);
  const { contents, systemTexts } = convertMessages(request.messages, options, generation, warnings);

  if (contents.length === 0)
    throw invalidParameter(
      'messages',
      'Gemini needs at least one user or assistant message besides system messages.',
    );
  const body: GeminiGenerateContentRequest = { contents };
  if (systemTexts.length > 0) body.systemInstruction = { parts: systemTexts.map((text) => ({ text })) };

  const generationConfig = convertGenerationConfig(request, target, options, generation, warnings);
  if (Object.keys(generationConfig).length > 0) body.generationConfig = generationConfig;

  if (request.tools && request.tools.length > 0) {
    if (!target.capabilities.tools)
      throw invalidParameter('tools', `The model ${target.publicModel} does not support tools.`);
    body.tools = [
      { functionDeclarations: request.tools.map((tool, index) => convertTool(tool, index, warnings)) },
    ];
  }
  if (request.tool_choice !== undefined && request.tools && request.tools.length > 0) {
    body.toolConfig = { functionCallingConfig: convertToolChoice(request.tool_choice, request, target) };
  }
  if (request.parallel_tool_calls === false)
    warnings.push({
      param: 'parallel_tool_calls',
      action: 'dropped',
      message: 'Gemini has no switch for parallel function calls; it may still return several calls.',
    });
  if (request.user !== undefined)
    warnings.push({ param: 'user', action: 'dropped', message: 'Gemini has no end-user field.' });
  return { body, warnings };
}

// ---------------------------------------------------------------------------------------------------
// Messages

function convertMessages(
  messages: ChatMessage[],
  options: GeminiTargetOptions,
  generation: GeminiGeneration,
  warnings: TranslationWarning[],
): { contents: GeminiContent[]; systemTexts: string[] } {
  const systemTexts: string[] = [];
  const contents: GeminiContent[] = [];
  const toolNames = new Map<string, string>();
  const push = (role: GeminiContent['role'], parts: GeminiRequestPart[]) => {
    if (parts.length === 0) return;
    const last = contents.at(-1);
    // Gemini wants turns to alternate, and all responses to one call turn in one user turn.
    if (last && last.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  };

  messages.forEach((message, messageIndex) => {
    const at = `messages[${messageIndex}]`;
    switch (message.role) {
      case 'system':
      case 'developer': {
        const text = readText(message.content);
        if (contents.length > 0)
          warnings.push({
            param: at,
            action: 'translated',
            message: 'Gemini has one system instruction; this later system message was appended to it.',
          });
        if (text.length > 0) systemTexts.push(text);
        break;
      }
      case 'user': {
        const parts =
          typeof message.content === 'string'
            ? textParts(message.content)
            : message.content.flatMap((part, partIndex) =>
                convertUserPart(part, `${at}.content[${partIndex}]`, options),
              );
        push('user', parts);
        break;
      }
      case 'assistant': {
        const parts: GeminiRequestPart[] = [];
        const content = message.content;
        if (typeof content === 'string') parts.push(...textParts(content));
        else if (Array.isArray(content))
          for (const part of content)
            parts.push(...textParts(part.type === 'text' ? part.text : part.refusal));
        const calls = message.tool_calls ?? [];
        calls.forEach((call, callIndex) => {
          toolNames.set(call.id, call.function.name);
          const part: GeminiRequestPart = {
            functionCall: {
              name: call.function.name,
              args: parseToolArguments(
                call.function.arguments,
                `${at}.tool_calls[${callIndex}].function.arguments`,
              ),
            },
          };
          const signature = readThoughtSignature(call);
          if (signature) part.thoughtSignature = signature;
          parts.push(part);
        });
        // Gemini 3 checks the signature on the first function call of each model turn.
        const firstCall = parts.find((part) => part.functionCall);
        if (generation === '3' && firstCall && !parts.some((part) => part.thoughtSignature)) {
          firstCall.thoughtSignature = SKIP_THOUGHT_SIGNATURE;
          warnings.push({
            param: `${at}.tool_calls`,
            action: 'emulated',
            message:
              'The tool calls came back without their Gemini thought signature (extra_content.google.thought_signature); ' +
              'the placeholder that skips validation was sent, which may lower answer quality.',
          });
        }
        push('model', parts);
        break;
      }
      case 'tool': {
        const name = toolNames.get(message.tool_call_id);
        if (!name)
          throw invalidParameter(
            `${at}.tool_call_id`,
            `No earlier assistant tool call has the id "${message.tool_call_id}"; Gemini needs the function's name for a tool result.`,
            'invalid_tool_call_id',
          );
        push('user', [
          { functionResponse: { name, response: convertToolResult(readText(message.content)) } },
        ]);
        break;
      }
    }
  });
  return { contents, systemTexts };
}

function readText(content: string | Array<{ type: 'text'; text: string }>): string {
  return typeof content === 'string' ? content : content.map((part) => part.text).join('');
}

/** Gemini rejects empty text parts, so empty text is left out. */
function textParts(text: string | null | undefined): GeminiRequestPart[] {
  return text ? [{ text }] : [];
}

/** A function response must be an object (https://ai.google.dev/api/caching#FunctionResponse). */
function convertToolResult(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // not JSON: sent as text below
  }
  return { content: text };
}

/** Gemini's inlineData takes base64 only. */
function readInlineData(url: string, param: string): GeminiInlineData {
  const parsed = parseDataUrl(url);
  if (!parsed?.base64)
    throw invalidParameter(
      param,
      'A data: URL must be base64-encoded (data:<mime type>;base64,<data>).',
      'invalid_image_url',
    );
  return { mimeType: parsed.mediaType, data: parsed.data };
}

function convertUserPart(
  part: ContentPart,
  param: string,
  options: GeminiTargetOptions,
): GeminiRequestPart[] {
  switch (part.type) {
    case 'text':
      return textParts(part.text);
    case 'image_url': {
      const url = part.image_url.url;
      if (url.startsWith('data:')) return [{ inlineData: readInlineData(url, `${param}.image_url.url`) }];
      if (isGeminiReadableUrl(url)) return [{ fileData: { fileUri: url } }];
      if (isRemoteUrl(url)) {
        const inlined = readInlinedImage(options, url);
        if (!inlined)
          throw invalidParameter(
            `${param}.image_url.url`,
            'Gemini cannot fetch image URLs and this image was not downloaded for it; send it as a data: URL.',
            'image_not_inlined',
          );
        return [{ inlineData: { mimeType: inlined.mimeType, data: inlined.data } }];
      }
      throw invalidParameter(
        `${param}.image_url.url`,
        'An image URL must be http(s) or a data: URL.',
        'invalid_image_url',
      );
    }
    case 'input_audio':
      return [{ inlineData: { mimeType: `audio/${part.input_audio.format}`, data: part.input_audio.data } }];
    case 'file': {
      if (part.file.file_data?.startsWith('data:'))
        return [{ inlineData: readInlineData(part.file.file_data, `${param}.file.file_data`) }];
      throw invalidParameter(
        `${param}.file`,
        'Gemini takes files as data: URLs in file_data; uploaded file ids are not supported.',
        'unsupported_file',
      );
    }
  }
}

function readInlinedImage(options: GeminiTargetOptions, url: string): InlinedImage | undefined {
  const images = options.inlinedImages;
  if (!images) return undefined;
  if (images instanceof Map) return images.get(url);
  return Object.hasOwn(images, url) ? (images as Record<string, InlinedImage>)[url] : undefined;
}

// ---------------------------------------------------------------------------------------------------
// Generation config

function convertGenerationConfig(
  request: ChatCompletionRequest,
  target: UpstreamTarget,
  options: GeminiTargetOptions,
  generation: GeminiGeneration,
  warnings: TranslationWarning[],
): GeminiGenerationConfig {
  const { capabilities } = target;
  const config: GeminiGenerationConfig = {};
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (maxTokens != null) config.maxOutputTokens = maxTokens;
  if (request.temperature != null) {
    const range = capabilities.temperature;
    if (!range || request.temperature < range.min || request.temperature > range.max)
      throw invalidParameter(
        'temperature',
        range
          ? `${target.publicModel} accepts a temperature from ${range.min} to ${range.max}.`
          : `${target.publicModel} accepts only its default temperature.`,
      );
    config.temperature = request.temperature;
  }
  if (request.top_p != null) {
    if (!capabilities.topP) throw invalidParameter('top_p', `${target.publicModel} does not support top_p.`);
    config.topP = request.top_p;
  }
  if (request.stop != null) {
    const stop = typeof request.stop === 'string' ? [request.stop] : request.stop;
    if (stop.length > 0) config.stopSequences = stop;
  }
  if (request.n != null && request.n > 1) {
    if (!capabilities.nativeN)
      // The gateway emulates n with parallel calls of n: 1; a direct caller of the adapter gets this 400.
      throw invalidParameter('n', `${target.publicModel} returns one candidate per call; n must be 1.`);
    config.candidateCount = request.n;
  }
  if (request.seed != null) config.seed = request.seed;
  // Gemini 2.5 and 3 answer 400 "Penalty is not enabled for models/…": say so before the call, naming the field.
  for (const [field, key] of [
    ['presence_penalty', 'presencePenalty'],
    ['frequency_penalty', 'frequencyPenalty'],
  ] as const) {
    const value = request[field];
    if (value == null || value === 0) continue;
    if (!capabilities.penalties)
      throw invalidParameter(
        field,
        `${target.publicModel} does not support ${field} (Gemini accepts penalties on 2.0 models only).`,
      );
    config[key] = value;
  }
  if (request.logprobs === true || request.top_logprobs != null)
    throw invalidParameter('logprobs', 'The Gemini adapter does not return logprobs.');
  if (request.logit_bias && Object.keys(request.logit_bias).length > 0)
    throw invalidParameter('logit_bias', 'Gemini has no logit_bias.');

  const format = request.response_format;
  if (format?.type === 'json_object') {
    if (!capabilities.jsonMode)
      throw invalidParameter('response_format', `${target.publicModel} has no JSON mode.`);
    config.responseMimeType = 'application/json';
  } else if (format?.type === 'json_schema') {
    if (!capabilities.jsonSchema)
      throw invalidParameter('response_format', `${target.publicModel} does not support json_schema.`);
    config.responseMimeType = 'application/json';
    const converted = convertJsonSchema(format.json_schema.schema, 'response_format.json_schema.schema');
    warnings.push(...converted.warnings);
    if (converted.schema && Object.keys(converted.schema).length > 0)
      config.responseSchema = converted.schema;
  }

  // Image-output models answer with images only when asked to (https://ai.google.dev/gemini-api/docs/image-generation).
  if (/-image(-|$)/.test(target.upstreamModel)) config.responseModalities = ['TEXT', 'IMAGE'];
  const thinking = convertReasoning(request, target, options, generation, warnings);
  if (thinking) config.thinkingConfig = thinking;
  return config;
}

function convertReasoning(
  request: ChatCompletionRequest,
  target: UpstreamTarget,
  options: GeminiTargetOptions,
  generation: GeminiGeneration,
  warnings: TranslationWarning[],
): GeminiThinkingConfig | undefined {
  const effort = options.reasoningEffort ?? request.reasoning_effort ?? undefined;
  if (!target.capabilities.reasoning || generation === '2.0') {
    if (effort != null)
      throw invalidParameter('reasoning_effort', `${target.publicModel} is not a thinking model.`);
    return undefined;
  }
  // includeThoughts makes Gemini return thought summaries, which become reasoning_content.
  if (effort == null) return { includeThoughts: true };
  if (generation === '3') {
    const accepted = target.capabilities.reasoningEffort ?? ['low', 'high'];
    const level = pickNearestEffort(effort, accepted);
    if (level !== effort)
      warnings.push({
        param: 'reasoning_effort',
        action: 'clamped',
        message: `${target.publicModel} takes thinking levels ${accepted.join(', ')}; "${effort}" was sent as "${level}".`,
      });
    return { includeThoughts: true, thinkingLevel: level as GeminiThinkingConfig['thinkingLevel'] };
  }
  // 2.5 Pro cannot turn thinking off (minimum budget 128); Flash can (budget 0).
  const isPro = /pro/.test(target.upstreamModel);
  const maxBudget = isPro ? 32768 : 24576;
  if (effort === 'none') {
    if (!isPro) return { thinkingBudget: 0 };
    warnings.push({
      param: 'reasoning_effort',
      action: 'clamped',
      message: `${target.publicModel} cannot turn thinking off; the smallest budget (128 tokens) was used.`,
    });
    return { includeThoughts: true, thinkingBudget: 128 };
  }
  const budget = THINKING_BUDGETS[effort] ?? THINKING_BUDGETS.medium!;
  if (budget > maxBudget)
    warnings.push({
      param: 'reasoning_effort',
      action: 'clamped',
      message: `${target.publicModel} thinks at most ${maxBudget} tokens; "${effort}" was sent as that budget.`,
    });
  return { includeThoughts: true, thinkingBudget: Math.min(budget, maxBudget) };
}

/** The accepted effort closest to the requested one; on a tie the higher one (never think less than asked). */
function pickNearestEffort(effort: string, accepted: readonly string[]): string {
  if (accepted.includes(effort)) return effort;
  const wanted = EFFORT_ORDER.indexOf(effort);
  let best = accepted[0] ?? effort;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of accepted) {
    const distance = Math.abs(EFFORT_ORDER.indexOf(candidate) - wanted);
    if (distance < bestDistance || (distance === bestDistance && EFFORT_ORDER.indexOf(candidate) > wanted)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------------
// Tools

function convertTool(
  tool: NonNullable<ChatCompletionRequest['tools']>[number],
  index: number,
  warnings: TranslationWarning[],
): GeminiFunctionDeclaration {
  const declaration: GeminiFunctionDeclaration = { name: tool.function.name };
  if (tool.function.description) declaration.description = tool.function.description;
  const converted = convertJsonSchema(tool.function.parameters, `tools[${index}].function.parameters`);
  warnings.push(...converted.warnings);
  const schema = converted.schema;
  // Gemini refuses an OBJECT schema with no properties: a function without arguments has no parameters.
  const hasProperties =
    schema && typeof schema.properties === 'object' && Object.keys(schema.properties as object).length > 0;
  if (schema && (hasProperties || schema.type !== 'object')) declaration.parameters = schema;
  return declaration;
}

function convertToolChoice(
  choice: NonNullable<ChatCompletionRequest['tool_choice']>,
  request: ChatCompletionRequest,
  target: UpstreamTarget,
): NonNullable<GeminiGenerateContentRequest['toolConfig']>['functionCallingConfig'] {
  if (choice === 'auto') return { mode: 'AUTO' };
  if (choice === 'none') return { mode: 'NONE' };
  if (!target.capabilities.toolChoiceRequired)
    throw invalidParameter('tool_choice', `${target.publicModel} cannot be forced to call a tool.`);
  if (choice === 'required') return { mode: 'ANY' };
  const name = choice.function.name;
  if (!request.tools?.some((tool) => tool.function.name === name))
    throw invalidParameter('tool_choice', `tool_choice names "${name}", which is not among the tools.`);
  return { mode: 'ANY', allowedFunctionNames: [name] };
}
