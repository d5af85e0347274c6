import { defineAdapter, type ProviderAdapter } from '@llmux/provider-kit';
import { convertResponsesRequest } from './convert-request.js';
import { convertResponsesResponse } from './convert-response.js';
import { createResponsesStreamTranslator } from './convert-stream.js';
import { convertResponsesError } from './errors.js';
import { describeResponsesParameterSupport } from './parameter-support.js';

/**
 * The adapter for OpenAI's Responses API (`POST {baseUrl}/responses`), for the models OpenAI serves
 * only there (gpt-5-pro, the codex family). Clients still speak Chat Completions: requests and answers
 * are translated both ways.
 *
 * @example
 * const adapter = createOpenAIResponsesAdapter();
 * const { request } = adapter.toUpstream(chatRequest, {
 *   publicModel: 'gpt-5-3-codex', upstreamModel: 'gpt-5.3-codex', baseUrl: OPENAI_BASE_URL,
 *   apiKey: process.env.OPENAI_API_KEY ?? '', capabilities, maxOutputTokens: 128_000,
 * });
 */
export function createOpenAIResponsesAdapter(): ProviderAdapter {
  return defineAdapter({
    protocol: 'openai-responses',
    name: 'openai-responses',
    parameterSupport: describeResponsesParameterSupport,
    toUpstream: convertResponsesRequest,
    fromResponse: convertResponsesResponse,
    createStreamTranslator: createResponsesStreamTranslator,
    fromError: convertResponsesError,
  });
}
