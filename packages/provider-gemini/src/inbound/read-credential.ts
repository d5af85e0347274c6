import { type HeadersLike, headerValue } from '@llmux/provider-kit';

/**
 * The gateway key a Gemini client presented: `x-goog-api-key`, as Google's SDKs and gemini-cli send it, else the
 * `key` query parameter Google also documents (https://ai.google.dev/api#authentication; curl examples use it),
 * else an `Authorization: Bearer` token (clients configured for Vertex-style or proxy auth).
 *
 * @example
 * readGeminiCredential({ 'x-goog-api-key': 'llmux-key' }, new URLSearchParams()); // 'llmux-key'
 */
export function readGeminiCredential(headers: HeadersLike, query: URLSearchParams): string | undefined {
  const apiKey = headerValue(headers, 'x-goog-api-key')?.trim();
  if (apiKey) return apiKey;
  const key = query.get('key')?.trim();
  if (key) return key;
  const authorization = headerValue(headers, 'authorization')?.trim();
  const match = authorization === undefined ? null : /^Bearer\s+(\S+)$/i.exec(authorization);
  return match?.[1];
}
