import {
  type InboundLocation,
  invalidParameter,
  type ParsedInboundRequest,
  ProviderError,
} from '@llmux/provider-kit';
import { z } from 'zod';

/**
 * The body a client sends to `POST /v1beta/models/{model}:generateContent` (and `:streamGenerateContent`), as
 * Google documents it (https://ai.google.dev/api/generate-content#request-body). Strict on the fields the
 * gateway reads; every object is loose, so fields it does not read (`cachedContent`, `labels`, a newer one)
 * stay in the parsed body for the native relay to forward.
 */

const blobSchema = z.looseObject({ mimeType: z.string().min(1), data: z.string() });
const fileDataSchema = z.looseObject({ fileUri: z.string().min(1), mimeType: z.string().optional() });
const functionCallSchema = z.looseObject({
  name: z.string().min(1),
  args: z.looseObject({}).nullish(),
  id: z.string().optional(),
});
const functionResponseSchema = z.looseObject({
  name: z.string().min(1),
  response: z.looseObject({}).nullish(),
  id: z.string().optional(),
});

/** A Part holds one of its data fields (a union Google calls `data`); `thought` and the signature ride along. */
export const geminiInboundPartSchema = z.looseObject({
  text: z.string().optional(),
  inlineData: blobSchema.optional(),
  fileData: fileDataSchema.optional(),
  functionCall: functionCallSchema.optional(),
  functionResponse: functionResponseSchema.optional(),
  executableCode: z.looseObject({}).optional(),
  codeExecutionResult: z.looseObject({}).optional(),
  thought: z.boolean().optional(),
  thoughtSignature: z.string().optional(),
});
export type GeminiInboundPart = z.infer<typeof geminiInboundPartSchema>;

export const geminiInboundContentSchema = z.looseObject({
  // Google: "either 'user' or 'model'"; a missing role is taken as the user's, as Gemini does.
  role: z.enum(['user', 'model']).optional(),
  parts: z.array(geminiInboundPartSchema),
});
export type GeminiInboundContent = z.infer<typeof geminiInboundContentSchema>;

export const geminiFunctionDeclarationSchema = z.looseObject({
  name: z
    .string()
    .regex(/^[a-zA-Z_][a-zA-Z0-9_.:-]{0,127}$/, 'a name of 1 to 128 letters, digits, _ . : or -'),
  description: z.string().optional(),
  /** OpenAPI-3 subset with UPPER-CASE types (`Schema`). */
  parameters: z.looseObject({}).optional(),
  /** Plain JSON Schema (gemini-cli 0.61 sends this). */
  parametersJsonSchema: z.looseObject({}).optional(),
  response: z.looseObject({}).optional(),
  responseJsonSchema: z.looseObject({}).optional(),
});
export type GeminiFunctionDeclarationInbound = z.infer<typeof geminiFunctionDeclarationSchema>;

/** One Tool: function declarations and/or Google's built-in tools (`googleSearch`, `codeExecution`, ...). */
export const geminiInboundToolSchema = z.looseObject({
  functionDeclarations: z.array(geminiFunctionDeclarationSchema).optional(),
});
export type GeminiInboundTool = z.infer<typeof geminiInboundToolSchema>;

export const geminiToolConfigSchema = z.looseObject({
  functionCallingConfig: z
    .looseObject({
      mode: z.enum(['MODE_UNSPECIFIED', 'AUTO', 'ANY', 'NONE', 'VALIDATED']).optional(),
      allowedFunctionNames: z.array(z.string().min(1)).optional(),
    })
    .optional(),
});

export const GEMINI_THINKING_LEVELS = [
  'THINKING_LEVEL_UNSPECIFIED',
  'MINIMAL',
  'LOW',
  'MEDIUM',
  'HIGH',
] as const;

export const geminiThinkingConfigSchema = z.looseObject({
  includeThoughts: z.boolean().optional(),
  // -1 asks for a dynamic budget (https://ai.google.dev/gemini-api/docs/thinking#set-budget).
  thinkingBudget: z.int().min(-1).optional(),
  // The REST enum is upper-case; the SDKs and docs also show lower-case, which Gemini takes. Checked, not
  // rewritten: the native relay forwards the body as the client sent it.
  thinkingLevel: z
    .string()
    .refine(
      (level) => (GEMINI_THINKING_LEVELS as readonly string[]).includes(level.toUpperCase()),
      `one of ${GEMINI_THINKING_LEVELS.join(', ')}`,
    )
    .optional(),
});

export const geminiGenerationConfigSchema = z.looseObject({
  stopSequences: z.array(z.string()).optional(),
  responseMimeType: z.string().optional(),
  responseSchema: z.looseObject({}).optional(),
  responseJsonSchema: z.looseObject({}).optional(),
  responseModalities: z.array(z.string()).optional(),
  candidateCount: z.int().min(1).optional(),
  maxOutputTokens: z.int().min(1).optional(),
  temperature: z.number().min(0).max(2).optional(),
  topP: z.number().min(0).max(1).optional(),
  topK: z.int().min(0).optional(),
  seed: z.int().optional(),
  presencePenalty: z.number().optional(),
  frequencyPenalty: z.number().optional(),
  responseLogprobs: z.boolean().optional(),
  logprobs: z.int().min(0).optional(),
  thinkingConfig: geminiThinkingConfigSchema.optional(),
});

export const geminiSystemInstructionSchema = z.looseObject({
  role: z.string().optional(),
  parts: z.array(geminiInboundPartSchema),
});

const requestShape = {
  // Only in the body of a countTokens `generateContentRequest`; the URL names the model otherwise.
  model: z.string().optional(),
  contents: z.array(geminiInboundContentSchema).min(1),
  systemInstruction: geminiSystemInstructionSchema.optional(),
  tools: z.array(geminiInboundToolSchema).optional(),
  toolConfig: geminiToolConfigSchema.optional(),
  safetySettings: z.array(z.looseObject({})).optional(),
  generationConfig: geminiGenerationConfigSchema.optional(),
  cachedContent: z.string().optional(),
};

export const geminiInboundBodySchema = z.looseObject(requestShape);
/** The JSON body of a generateContent request, as parsed (unknown fields kept). */
export type GeminiInboundBody = z.infer<typeof geminiInboundBodySchema>;

/**
 * How a streamed answer is framed for the client: `sse` with `?alt=sse` (the SDKs), else Gemini's default, one
 * JSON array whose elements arrive as they are made (`[{...}\n,{...}\n]`, content-type `application/json`).
 * Read only when the request streams.
 */
export type GeminiStreamFraming = 'sse' | 'json-array';

/**
 * A parsed Gemini request: the body, and what the URL said about it (the response side reads `framing`
 * from `context.request`).
 */
export interface GeminiInboundRequest {
  body: GeminiInboundBody;
  framing: GeminiStreamFraming;
  /** The URL's operation was `:streamGenerateContent`. */
  stream: boolean;
}

/** `POST /v1beta/models/{model}:countTokens`: `{contents}` alone, or a whole `{generateContentRequest}`. */
export const geminiCountTokensBodySchema = z.looseObject({
  contents: z.array(geminiInboundContentSchema).optional(),
  generateContentRequest: geminiInboundBodySchema.optional(),
});
export type GeminiCountTokensBody = z.infer<typeof geminiCountTokensBodySchema>;

/** The request a count is made for: the `generateContentRequest`, or the bare `contents` as one. */
export type GeminiCountTokensRequest = GeminiInboundBody;

/** The model id from `{model}` in the path, without the `models/` prefix some clients repeat. */
export function modelFromLocation(location: InboundLocation | undefined): string {
  const raw = location?.params.model ?? '';
  const model = raw.startsWith('models/') ? raw.slice('models/'.length) : raw;
  if (model === '') {
    throw new ProviderError({
      status: 400,
      type: 'invalid_request_error',
      message: 'The URL must name a model: /v1beta/models/{model}:generateContent.',
      code: 'invalid_request',
      param: 'model',
    });
  }
  return model;
}

/**
 * Validates a JSON body as a generateContent request, with the URL it came to.
 * Throws a ProviderError (400 `invalid_request_error`) whose `param` names the field in Gemini's notation
 * (`contents[0].parts[1].inlineData`).
 *
 * @example
 * parseGeminiRequest(body, { path: '/v1beta/models/gpt-5-2:streamGenerateContent', params: { model: 'gpt-5-2' },
 *   query: new URLSearchParams('alt=sse') }); // { model: 'gpt-5-2', stream: true, request: { framing: 'sse', ... } }
 */
export function parseGeminiRequest(
  body: unknown,
  location?: InboundLocation,
): ParsedInboundRequest<GeminiInboundRequest> {
  const parsed = parseWith(geminiInboundBodySchema, body);
  const model = modelFromLocation(location);
  const stream = location?.path.endsWith(':streamGenerateContent') === true;
  const framing: GeminiStreamFraming = location?.query.get('alt') === 'sse' ? 'sse' : 'json-array';
  const request: GeminiInboundRequest = { body: parsed, framing, stream };
  if (stream && framing === 'json-array') {
    return { request, model, stream, streamContentType: 'application/json' };
  }
  return { request, model, stream };
}

/** Validates a countTokens body; same errors as parseGeminiRequest. */
export function parseGeminiCountTokensRequest(
  body: unknown,
  location?: InboundLocation,
): { request: GeminiCountTokensRequest; model: string } {
  const parsed = parseWith(geminiCountTokensBodySchema, body);
  const model = modelFromLocation(location);
  if (parsed.generateContentRequest !== undefined) return { request: parsed.generateContentRequest, model };
  if (parsed.contents === undefined) {
    throw invalidParameter(
      'contents',
      'contents: either contents or generateContentRequest is required',
      'invalid_request',
    );
  }
  return { request: { contents: parsed.contents }, model };
}

/** A zod path in Gemini's notation: `contents[0].parts[1].inlineData`. */
export function geminiPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

function parseWith<T>(schema: z.ZodType<T>, body: unknown): T {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ProviderError({
      status: 400,
      type: 'invalid_request_error',
      message: 'The request body must be a JSON object.',
      code: 'invalid_request',
    });
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = deepestIssue(result.error.issues);
  const param = geminiPath(issue.path);
  const message = param === '' ? issue.message : `${param}: ${issue.message}`;
  throw invalidParameter(param, message, 'invalid_request');
}

type Issue = z.core.$ZodIssue;

/** A union's issue says only "invalid input"; the branch that got furthest names what is really wrong. */
function deepestIssue(issues: readonly Issue[], prefix: readonly PropertyKey[] = []): Issue {
  let best: Issue | undefined;
  for (const issue of issues) {
    let candidate: Issue = { ...issue, path: [...prefix, ...issue.path] } as Issue;
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const branches = issue.errors.map((branch) => deepestIssue(branch, candidate.path));
      candidate = branches.reduce((a, b) => (b.path.length > a.path.length ? b : a));
    }
    if (best === undefined || candidate.path.length > best.path.length) best = candidate;
  }
  return best ?? (issues[0] as Issue);
}
