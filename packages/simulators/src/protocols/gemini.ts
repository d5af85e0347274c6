import type { Scenario, ScenarioUsage } from '../scenario.js';
import {
  isRecord,
  type NormalizedRequest,
  type ProtocolSimulator,
  type SimulatorIds,
  SimulatorRequestError,
  type SseFrame,
} from './protocol.js';
import { splitText } from './split-text.js';

/**
 * Google's Gemini API (https://ai.google.dev/api/generate-content): `POST /v1beta/models/{model}:generateContent`
 * and `:streamGenerateContent?alt=sse`. Streams are `data: <GenerateContentResponse>` frames separated by
 * CRLF CRLF, with no event names and no `[DONE]`: the last chunk carries the finishReason. Thoughts are
 * `thought: true` text parts; function calls arrive whole, without ids, and the first one of a turn
 * carries a `thoughtSignature`, as Google's answers do.
 */
const PATH = /^\/(v1beta|v1)\/models\/([^/:]+):(generateContent|streamGenerateContent|countTokens)$/;

export const geminiSimulator: ProtocolSimulator = {
  protocol: 'gemini',

  matches(method, path) {
    return method === 'POST' && PATH.test(path);
  },

  normalize(path, query, body) {
    const match = PATH.exec(path);
    if (!match) throw new SimulatorRequestError(`Unknown path ${path}.`, 404);
    const model = decodeURIComponent(match[2]!);
    const stream = match[3] === 'streamGenerateContent';
    // https://ai.google.dev/api/tokens: `contents`, or a whole `generateContentRequest`.
    const countTokens = match[3] === 'countTokens';
    if (countTokens && isRecord(body) && isRecord(body.generateContentRequest))
      body = body.generateContentRequest;
    // Without alt=sse Google streams one JSON array; only the SSE form is simulated.
    if (stream && query.get('alt') !== 'sse')
      throw new SimulatorRequestError(
        'The simulator streams only with alt=sse (a JSON-array stream is not simulated).',
      );
    if (!isRecord(body)) throw new SimulatorRequestError('Invalid JSON payload received.');
    if (!Array.isArray(body.contents) || body.contents.length === 0)
      throw new SimulatorRequestError('* GenerateContentRequest.contents: contents is not specified\n');
    const contents = body.contents.map((content, index) => readContent(content, index));
    const config = isRecord(body.generationConfig) ? body.generationConfig : {};
    for (const field of ['presencePenalty', 'frequencyPenalty'] as const) {
      // Gemini 2.5 and 3 refuse penalties (providers.md §4).
      if (config[field] !== undefined && !model.startsWith('gemini-2.0') && !model.startsWith('gemini-1'))
        throw new SimulatorRequestError(`Penalty is not enabled for models/${model}`);
    }
    if (isGemini3(model)) checkThoughtSignatures(contents);

    const lastUser = contents.findLast(
      (content) => content.role === 'user' && content.parts.some((part) => typeof part.text === 'string'),
    );
    const last = contents.at(-1)!;
    const tools = (Array.isArray(body.tools) ? body.tools : [])
      .filter(isRecord)
      .flatMap((tool) => (Array.isArray(tool.functionDeclarations) ? tool.functionDeclarations : []))
      .filter(isRecord)
      .filter(
        (declaration): declaration is Record<string, unknown> & { name: string } =>
          typeof declaration.name === 'string',
      )
      .map((declaration) => ({
        name: declaration.name,
        parameters: declaration.parametersJsonSchema ?? readOpenApiSchema(declaration.parameters),
      }));
    const candidateCount =
      typeof config.candidateCount === 'number' && config.candidateCount > 0 ? config.candidateCount : 1;
    const systemText = isRecord(body.systemInstruction) ? JSON.stringify(body.systemInstruction).length : 0;
    return {
      model,
      stream,
      ...(countTokens ? { countTokens: true } : {}),
      lastUserText: lastUser
        ? lastUser.parts.map((part) => (typeof part.text === 'string' ? part.text : '')).join('')
        : '',
      lastTurnIsToolResult: last.parts.some((part) => isRecord(part.functionResponse)),
      tools,
      toolChoice: toolChoiceOf(body.toolConfig),
      wantsJson: config.responseMimeType === 'application/json',
      responseSchema: config.responseJsonSchema ?? readOpenApiSchema(config.responseSchema),
      choices: candidateCount,
      maxTokens: typeof config.maxOutputTokens === 'number' ? config.maxOutputTokens : undefined,
      hasImages: contents.some((content) =>
        content.parts.some((part) => {
          const data = isRecord(part.inlineData)
            ? part.inlineData
            : isRecord(part.fileData)
              ? part.fileData
              : undefined;
          return typeof data?.mimeType === 'string' ? data.mimeType.startsWith('image/') : data !== undefined;
        }),
      ),
      promptCharacters:
        JSON.stringify(body.contents).length + systemText + JSON.stringify(body.tools ?? []).length,
      streamUsage: true,
    } satisfies NormalizedRequest;
  },

  renderTokenCount(inputTokens) {
    return { totalTokens: inputTokens };
  },

  renderResponse(scenario, request, ids) {
    const usage = renderUsage(scenario.usage);
    return {
      candidates: Array.from({ length: candidateCountOf(scenario, request) }, (_, index) => ({
        content: { parts: renderParts(scenario, request, ids, index), role: 'model' },
        finishReason: finishReasonOf(scenario),
        index,
      })),
      usageMetadata: usage,
      modelVersion: request.model,
      responseId: responseIdOf(ids),
    };
  },

  renderStream(scenario, request, ids) {
    const size = scenario.chunkSize ?? 8;
    const finalUsage = renderUsage(scenario.usage);
    const pieces: Array<{ index: number; part?: Record<string, unknown>; finish?: boolean }> = [];
    for (let index = 0; index < candidateCountOf(scenario, request); index++) {
      for (const text of splitText(scenario.reasoning ?? '', size))
        pieces.push({ index, part: { text, thought: true } });
      for (const text of splitText(scenario.text ?? '', size)) pieces.push({ index, part: { text } });
      (scenario.toolCalls ?? []).forEach((call, position) => {
        const part: Record<string, unknown> = {
          functionCall: { name: call.name, args: parseArgs(call.arguments) },
        };
        if (position === 0) part.thoughtSignature = signatureOf(ids, index);
        pieces.push({ index, part });
      });
      pieces.push({ index, finish: true });
    }
    return pieces.map((piece, position) => {
      // usageMetadata rides on every chunk and grows; the last one is final (as Google sends it).
      const share = (position + 1) / pieces.length;
      const usage =
        piece.finish && position === pieces.length - 1 ? finalUsage : scaleUsage(finalUsage, share);
      const candidate: Record<string, unknown> = piece.finish
        ? {
            // Gemini closes a candidate with an empty text part (signed on Gemini 3) and the finishReason.
            content: {
              parts: [
                isGemini3(request.model) && !scenario.toolCalls?.length
                  ? { text: '', thoughtSignature: signatureOf(ids, piece.index) }
                  : { text: '' },
              ],
              role: 'model',
            },
            finishReason: finishReasonOf(scenario),
            index: piece.index,
          }
        : { content: { parts: [piece.part], role: 'model' }, index: piece.index };
      return frame({
        candidates: [candidate],
        usageMetadata: usage,
        modelVersion: request.model,
        responseId: responseIdOf(ids),
      });
    });
  },

  renderStreamError(message) {
    return frame({ error: { code: 500, message, status: 'INTERNAL' } });
  },

  renderError(status, message) {
    return {
      error: {
        code: status,
        message,
        status: STATUS_NAMES[status] ?? (status >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT'),
      },
    };
  },

  responseHeaders(stream) {
    return {
      'content-type': stream ? 'text/event-stream' : 'application/json; charset=UTF-8',
      vary: 'Origin, X-Origin, Referer',
      server: 'scaffolding on HTTPServer2',
    };
  },
};

/** google.rpc.Code names by HTTP status (https://cloud.google.com/apis/design/errors#handling_errors). */
const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'NOT_IMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

interface ReadContent {
  role: 'user' | 'model';
  parts: Array<Record<string, unknown>>;
}

function readContent(content: unknown, index: number): ReadContent {
  if (!isRecord(content)) throw new SimulatorRequestError(`Invalid value at 'contents[${index}]'.`);
  const role = content.role ?? 'user';
  if (role !== 'user' && role !== 'model')
    throw new SimulatorRequestError(`Please use a valid role: user, model.`);
  if (!Array.isArray(content.parts) || content.parts.length === 0)
    throw new SimulatorRequestError(
      `* GenerateContentRequest.contents[${index}].parts: contents.parts must not be empty.\n`,
    );
  const parts = content.parts.filter(isRecord);
  for (const part of parts) {
    if (isRecord(part.functionCall) && typeof part.functionCall.name !== 'string')
      throw new SimulatorRequestError(
        `* GenerateContentRequest.contents[${index}].parts: function_call.name is empty.`,
      );
    if (isRecord(part.functionResponse) && typeof part.functionResponse.name !== 'string')
      throw new SimulatorRequestError(
        `* GenerateContentRequest.contents[${index}].parts: function_response.name is empty.`,
      );
  }
  return { role, parts };
}

/**
 * Gemini 3 refuses the current turn's function calls without their signature
 * (https://ai.google.dev/gemini-api/docs/thought-signatures): the first call of each model step after
 * the last user text must carry one.
 */
function checkThoughtSignatures(contents: ReadContent[]): void {
  const lastUserText = contents.findLastIndex(
    (content) => content.role === 'user' && content.parts.some((part) => typeof part.text === 'string'),
  );
  contents.slice(lastUserText + 1).forEach((content, offset) => {
    if (content.role !== 'model') return;
    const firstCall = content.parts.find((part) => isRecord(part.functionCall));
    if (firstCall && typeof firstCall.thoughtSignature !== 'string')
      throw new SimulatorRequestError(
        `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${String((firstCall.functionCall as Record<string, unknown>).name)}\` , position ${lastUserText + 1 + offset}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`,
      );
  });
}

function renderParts(scenario: Scenario, request: NormalizedRequest, ids: SimulatorIds, index: number) {
  const parts: Array<Record<string, unknown>> = [];
  if (scenario.reasoning) parts.push({ text: scenario.reasoning, thought: true });
  if (scenario.text) parts.push({ text: scenario.text });
  (scenario.toolCalls ?? []).forEach((call, position) => {
    const part: Record<string, unknown> = {
      functionCall: { name: call.name, args: parseArgs(call.arguments) },
    };
    if (position === 0) part.thoughtSignature = signatureOf(ids, index);
    parts.push(part);
  });
  const last = parts.at(-1);
  if (last && !last.thought && !last.functionCall && isGemini3(request.model))
    last.thoughtSignature = signatureOf(ids, index);
  if (parts.length === 0) parts.push({ text: '' });
  return parts;
}

function isGemini3(model: string): boolean {
  return /^gemini-(\d{2,}|[3-9])/.test(model);
}

/** An opaque, deterministic stand-in for Google's signature (base64, like the real one). */
function signatureOf(ids: SimulatorIds, index: number): string {
  return Buffer.from(`simulated-thought-signature:${ids.responseId}:${index}`).toString('base64');
}

function parseArgs(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text || '{}');
    return isRecord(value) ? value : { value };
  } catch {
    return { raw: text };
  }
}

function responseIdOf(ids: SimulatorIds): string {
  return `sim-${ids.responseId}`;
}

function candidateCountOf(scenario: Scenario, request: NormalizedRequest): number {
  return Math.max(1, scenario.choices ?? request.choices);
}

/** Gemini has no finish reason for function calls: a turn that calls tools stops with STOP. */
function finishReasonOf(scenario: Scenario): string {
  switch (scenario.finishReason) {
    case 'length':
      return 'MAX_TOKENS';
    case 'content_filter':
      return 'SAFETY';
    default:
      return 'STOP';
  }
}

interface GeminiUsage {
  promptTokenCount: number;
  candidatesTokenCount: number;
  totalTokenCount: number;
  promptTokensDetails: Array<{ modality: string; tokenCount: number }>;
  thoughtsTokenCount?: number;
  cachedContentTokenCount?: number;
}

/** Gemini counts thoughts apart from candidates (completion = candidates + thoughts in OpenAI's terms). */
function renderUsage(usage: ScenarioUsage | undefined): GeminiUsage {
  const prompt = usage?.promptTokens ?? 0;
  const reasoning = usage?.reasoningTokens ?? 0;
  const candidates = Math.max(0, (usage?.completionTokens ?? 0) - reasoning);
  const rendered: GeminiUsage = {
    promptTokenCount: prompt,
    candidatesTokenCount: candidates,
    totalTokenCount: prompt + candidates + reasoning,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: prompt }],
  };
  if (reasoning > 0) rendered.thoughtsTokenCount = reasoning;
  if (usage?.cachedTokens) rendered.cachedContentTokenCount = usage.cachedTokens;
  return rendered;
}

function scaleUsage(usage: GeminiUsage, share: number): GeminiUsage {
  const candidates = Math.floor(usage.candidatesTokenCount * share);
  return {
    ...usage,
    candidatesTokenCount: candidates,
    totalTokenCount: usage.promptTokenCount + candidates + (usage.thoughtsTokenCount ?? 0),
  };
}

function toolChoiceOf(toolConfig: unknown): string | undefined {
  if (!isRecord(toolConfig) || !isRecord(toolConfig.functionCallingConfig)) return undefined;
  const { mode, allowedFunctionNames } = toolConfig.functionCallingConfig;
  if (mode === 'NONE') return 'none';
  if (mode === 'ANY' || mode === 'VALIDATED') {
    if (
      Array.isArray(allowedFunctionNames) &&
      allowedFunctionNames.length === 1 &&
      typeof allowedFunctionNames[0] === 'string'
    )
      return allowedFunctionNames[0];
    return 'required';
  }
  if (mode === 'AUTO') return 'auto';
  return undefined;
}

/**
 * Gemini's OpenAPI-style Schema as JSON Schema, for the default answer: the SDKs send upper-case type
 * names (`OBJECT`, `STRING`), JSON Schema spells them in lower case.
 */
function readOpenApiSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(readOpenApiSchema);
  if (!isRecord(schema)) return schema;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'type' && typeof value === 'string') result.type = value.toLowerCase();
    else if (key === 'properties' && isRecord(value))
      result.properties = Object.fromEntries(
        Object.entries(value).map(([name, property]) => [name, readOpenApiSchema(property)]),
      );
    else if (key === 'items' || key === 'anyOf') result[key] = readOpenApiSchema(value);
    else result[key] = value;
  }
  return result;
}

function frame(value: unknown): SseFrame {
  return `data: ${JSON.stringify(value)}\r\n\r\n`;
}
