import type { HeadersLike, ProviderError } from '@llmux/provider-kit';
import type { UpstreamErrorKind } from '../chat/dialect.js';
import { convertChatError, createKindError, OPENAI_ERROR_CODES } from '../chat/errors.js';
import type { OpenAIResponsesError } from './responses-api.js';

/**
 * Codes the Responses API puts in `response.error.code` of a failed response, beyond the ones it
 * shares with Chat Completions (https://platform.openai.com/docs/api-reference/responses/object).
 */
export const RESPONSES_ERROR_CODES: Readonly<Record<string, UpstreamErrorKind>> = {
  invalid_prompt: 'invalid_request',
  vector_store_timeout: 'timeout',
  invalid_image: 'invalid_request',
  invalid_image_format: 'invalid_request',
  invalid_base64_image: 'invalid_request',
  invalid_image_url: 'invalid_request',
  image_too_large: 'invalid_request',
  image_too_small: 'invalid_request',
  image_parse_error: 'invalid_request',
  image_content_policy_violation: 'content_filter',
  invalid_image_mode: 'invalid_request',
  image_file_too_large: 'invalid_request',
  unsupported_image_media_type: 'invalid_request',
  empty_image_file: 'invalid_request',
  failed_to_download_image: 'invalid_request',
  image_file_not_found: 'invalid_request',
};

const DIALECT = { name: 'openai', errorCodes: RESPONSES_ERROR_CODES };

/** An HTTP error answer of the Responses API (the same envelope as Chat Completions) as a ProviderError. */
export function convertResponsesError(status: number, body: unknown, headers: HeadersLike): ProviderError {
  return convertChatError(status, body, headers, DIALECT);
}

function kindOf(value: string | number | null | undefined): UpstreamErrorKind | undefined {
  if (value === undefined || value === null) return undefined;
  const code = String(value);
  return RESPONSES_ERROR_CODES[code] ?? OPENAI_ERROR_CODES[code];
}

/**
 * The error of a `response.failed` event, an `error` event or a whole response with status `failed`.
 * There is no HTTP status to go by (the stream began with a 200), so an unknown code counts as a server
 * failure: retryable, and another deployment may do better.
 */
export function convertResponsesFailure(error: OpenAIResponsesError | null | undefined): ProviderError {
  const kind = kindOf(error?.code) ?? kindOf(error?.type) ?? 'server';
  const vendorCode =
    error?.code === undefined || error.code === null ? (error?.type ?? undefined) : String(error.code);
  return createKindError(kind, {
    ...(kind === 'server'
      ? { message: `OpenAI reported that the response failed${vendorCode ? ` (${vendorCode})` : ''}.` }
      : {}),
    vendorMessage: error?.message ?? undefined,
    vendorCode,
    vendorStatus: 200,
    param: kind === 'invalid_request' ? (error?.param ?? undefined) : undefined,
  });
}
