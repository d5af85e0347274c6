import { type HeadersLike, headerValue } from '@llmux/provider-kit';

/**
 * The gateway key an Anthropic client presented: `x-api-key`, as Anthropic's SDKs send it
 * (https://docs.claude.com/en/api/overview#authentication), else an `Authorization: Bearer` token, which
 * Claude Code sends when `ANTHROPIC_AUTH_TOKEN` is set. The query string is not read: Anthropic takes no key
 * there, and keys in URLs end up in access logs.
 *
 * @example
 * readAnthropicCredential({ 'x-api-key': 'llmux-key' }, new URLSearchParams()); // 'llmux-key'
 */
export function readAnthropicCredential(headers: HeadersLike, _query: URLSearchParams): string | undefined {
  const apiKey = headerValue(headers, 'x-api-key')?.trim();
  if (apiKey) return apiKey;
  const authorization = headerValue(headers, 'authorization')?.trim();
  const match = authorization === undefined ? null : /^Bearer\s+(\S+)$/i.exec(authorization);
  return match?.[1];
}
