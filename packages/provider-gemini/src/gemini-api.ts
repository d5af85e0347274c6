import { z } from 'zod';

/**
 * Google's Gemini API wire format (https://ai.google.dev/api/generate-content), only the fields we
 * read, loose toward the vendor: unknown fields are kept and missing optional ones never fail a parse.
 */

// ---------------------------------------------------------------------------------------------------
// Request (built by us, so plain types are enough)

export interface GeminiInlineData {
  mimeType: string;
  /** Base64, no `data:` prefix. */
  data: string;
}

export interface GeminiFunctionCall {
  name: string;
  args?: Record<string, unknown>;
  id?: string;
}

export interface GeminiFunctionResponse {
  name: string;
  response: Record<string, unknown>;
  id?: string;
}

export interface GeminiRequestPart {
  text?: string;
  thought?: boolean;
  thoughtSignature?: string;
  inlineData?: GeminiInlineData;
  fileData?: { fileUri: string; mimeType?: string };
  functionCall?: GeminiFunctionCall;
  functionResponse?: GeminiFunctionResponse;
}

export interface GeminiContent {
  role: 'user' | 'model';
  parts: GeminiRequestPart[];
}

export interface GeminiFunctionDeclaration {
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
}

export interface GeminiThinkingConfig {
  includeThoughts?: boolean;
  thinkingBudget?: number;
  thinkingLevel?: 'minimal' | 'low' | 'medium' | 'high';
}

export interface GeminiGenerationConfig {
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  stopSequences?: string[];
  candidateCount?: number;
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  responseMimeType?: string;
  responseSchema?: Record<string, unknown>;
  thinkingConfig?: GeminiThinkingConfig;
  responseModalities?: Array<'TEXT' | 'IMAGE'>;
}

export interface GeminiGenerateContentRequest {
  contents: GeminiContent[];
  systemInstruction?: { parts: Array<{ text: string }> };
  generationConfig?: GeminiGenerationConfig;
  tools?: Array<{ functionDeclarations: GeminiFunctionDeclaration[] }>;
  toolConfig?: {
    functionCallingConfig: { mode: 'AUTO' | 'ANY' | 'NONE'; allowedFunctionNames?: string[] };
  };
}

// ---------------------------------------------------------------------------------------------------
// Response

/**
 * One streamed piece of a function call's arguments (Vertex AI `streamFunctionCallArguments`): the
 * value at `jsonPath`; a string value with `willContinue` goes on in the next piece.
 */
export const geminiPartialArgSchema = z.looseObject({
  jsonPath: z.string(),
  stringValue: z.string().optional(),
  numberValue: z.number().optional(),
  boolValue: z.boolean().optional(),
  nullValue: z.unknown().optional(),
  willContinue: z.boolean().optional(),
});
export type GeminiPartialArg = z.infer<typeof geminiPartialArgSchema>;

export const geminiFunctionCallSchema = z.looseObject({
  id: z.string().nullish(),
  name: z.string().nullish(),
  args: z.record(z.string(), z.unknown()).nullish(),
  partialArgs: z.array(geminiPartialArgSchema).nullish(),
  willContinue: z.boolean().nullish(),
});
export type GeminiResponseFunctionCall = z.infer<typeof geminiFunctionCallSchema>;

export const geminiResponsePartSchema = z.looseObject({
  text: z.string().nullish(),
  thought: z.boolean().nullish(),
  thoughtSignature: z.string().nullish(),
  functionCall: geminiFunctionCallSchema.nullish(),
  inlineData: z.looseObject({ mimeType: z.string(), data: z.string() }).nullish(),
});
export type GeminiResponsePart = z.infer<typeof geminiResponsePartSchema>;

export const geminiCandidateSchema = z.looseObject({
  content: z
    .looseObject({
      role: z.string().nullish(),
      parts: z.array(geminiResponsePartSchema).nullish(),
    })
    .nullish(),
  finishReason: z.string().nullish(),
  finishMessage: z.string().nullish(),
  index: z.number().int().nullish(),
});
export type GeminiCandidate = z.infer<typeof geminiCandidateSchema>;

export const geminiUsageMetadataSchema = z.looseObject({
  promptTokenCount: z.number().nullish(),
  candidatesTokenCount: z.number().nullish(),
  totalTokenCount: z.number().nullish(),
  cachedContentTokenCount: z.number().nullish(),
  thoughtsTokenCount: z.number().nullish(),
  toolUsePromptTokenCount: z.number().nullish(),
});
export type GeminiUsageMetadata = z.infer<typeof geminiUsageMetadataSchema>;

export const geminiPromptFeedbackSchema = z.looseObject({
  blockReason: z.string().nullish(),
  blockReasonMessage: z.string().nullish(),
});

export const geminiGenerateContentResponseSchema = z.looseObject({
  candidates: z.array(geminiCandidateSchema).nullish(),
  promptFeedback: geminiPromptFeedbackSchema.nullish(),
  usageMetadata: geminiUsageMetadataSchema.nullish(),
  modelVersion: z.string().nullish(),
  responseId: z.string().nullish(),
});
export type GeminiGenerateContentResponse = z.infer<typeof geminiGenerateContentResponseSchema>;

// ---------------------------------------------------------------------------------------------------
// Errors: Google's `google.rpc.Status` JSON (https://ai.google.dev/gemini-api/docs/troubleshooting)

export const geminiErrorDetailSchema = z.looseObject({
  '@type': z.string().optional(),
  reason: z.string().optional(),
  retryDelay: z.string().optional(),
});

export const geminiErrorBodySchema = z.looseObject({
  error: z.looseObject({
    code: z.number().optional(),
    message: z.string().optional(),
    status: z.string().optional(),
    details: z.array(geminiErrorDetailSchema).optional(),
  }),
});
export type GeminiErrorBody = z.infer<typeof geminiErrorBodySchema>;
