import { defineAdapter, type ProviderAdapter } from '@llmux/provider-kit';
import { describeChatParameterSupport } from './chat-parameter-support.js';
import { convertChatRequest } from './convert-request.js';
import { convertChatResponse } from './convert-response.js';
import { createChatStreamTranslator } from './convert-stream.js';
import type { ChatDialect } from './dialect.js';
import { convertChatError } from './errors.js';
import { openAIChatDialect } from './openai-chat-dialect.js';

/** An adapter for any server that speaks OpenAI's Chat Completions, with one dialect's rules. */
export function createChatDialectAdapter(dialect: ChatDialect): ProviderAdapter {
  return defineAdapter({
    protocol: 'openai-chat',
    name: dialect.name,
    parameterSupport: (capabilities) => describeChatParameterSupport(dialect, capabilities),
    toUpstream: (request, target) => convertChatRequest(request, target, dialect),
    fromResponse: (body, context) => convertChatResponse(body, context, dialect),
    createStreamTranslator: (context) => createChatStreamTranslator(context, dialect),
    fromError: (status, body, headers) => convertChatError(status, body, headers, dialect),
  });
}

/**
 * The adapter for OpenAI's Chat Completions API.
 *
 * @example
 * const adapter = createOpenAIChatAdapter();
 * const { request, warnings } = adapter.toUpstream(chatRequest, {
 *   publicModel: 'gpt-5-1', upstreamModel: 'gpt-5.1', baseUrl: OPENAI_BASE_URL,
 *   apiKey: process.env.OPENAI_API_KEY ?? '', capabilities, maxOutputTokens: 128_000,
 * });
 */
export function createOpenAIChatAdapter(): ProviderAdapter {
  return createChatDialectAdapter(openAIChatDialect);
}
