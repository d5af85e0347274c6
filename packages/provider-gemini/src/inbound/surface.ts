import type { InboundSurface } from '@llmux/provider-kit';
import { geminiTokenCounter } from './count-tokens.js';
import { encodeGeminiError } from './encode-error.js';
import { encodeGeminiResponse } from './encode-response.js';
import { createGeminiStreamEncoder } from './encode-stream.js';
import { encodeGeminiModel, encodeGeminiModelList } from './models.js';
import { createGeminiNativeRelay } from './native-relay.js';
import { type GeminiInboundRequest, parseGeminiRequest } from './parse-request.js';
import { readGeminiCredential } from './read-credential.js';
import { geminiHubFields, toGeminiParam } from './to-gemini-param.js';
import { toHubRequest } from './to-hub-request.js';

/**
 * Gemini's API as the gateway serves it (`:generateContent`, `:streamGenerateContent` as SSE or a JSON array,
 * `:countTokens`, the model list): gemini-* relayed natively, every other model translated through the hub form.
 */
export const geminiInbound: InboundSurface<GeminiInboundRequest> = {
  protocol: 'gemini',
  // Google's responseId is opaque; a prefix keeps the gateway's apart from the vendor's.
  answerIdPrefix: 'llmux-',
  credentialHint: '"x-goog-api-key: <key>", the "key" query parameter, or "Authorization: Bearer <key>"',
  readCredential: readGeminiCredential,
  parseRequest: parseGeminiRequest,
  toHubRequest,
  encodeResponse: encodeGeminiResponse,
  createStreamEncoder: createGeminiStreamEncoder,
  encodeError: encodeGeminiError,
  relay: createGeminiNativeRelay(),
  inboundParam: toGeminiParam,
  hubFields: geminiHubFields,
  // gemini-cli sends temperature 1 and topP 0.95 on every request (its recorded requests in
  // apps/gateway/test/fixtures/agents/gemini-cli): gpt-5 takes neither, and must still be usable from it.
  clientDefaultFields: ['temperature', 'top_p'],
  countTokens: geminiTokenCounter,
  models: {
    encodeList: (models) => JSON.stringify(encodeGeminiModelList(models)),
    encodeOne: (model) => JSON.stringify(encodeGeminiModel(model)),
  },
};
