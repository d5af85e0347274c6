import type { ServerResponse } from 'node:http';
import { anthropicInbound } from '@llmux/provider-anthropic';
import type { InboundSurface } from '@llmux/provider-kit';
import { type ErrorResponse, toErrorResponse } from './http/respond.js';
import { inboundErrorFraming } from './pipeline/handle-inbound.js';

/** One inbound protocol's URLs at the gateway root, where its vendor's SDKs and agents post by default. */
export interface InboundRoute {
  surface: InboundSurface;
  /** Where a model is asked for an answer, whole or streamed (query strings such as `?beta=true` are fine). */
  generatePath: string;
  countTokensPath: string;
}

/** Every inbound protocol but OpenAI chat (which has its own handler and fast path). */
export const INBOUND_ROUTES: readonly InboundRoute[] = [
  { surface: anthropicInbound, generatePath: '/v1/messages', countTokensPath: '/v1/messages/count_tokens' },
];

const byPath = new Map<string, InboundRoute>();
for (const route of INBOUND_ROUTES) {
  byPath.set(route.generatePath, route);
  byPath.set(route.countTokensPath, route);
}

/** The inbound protocol a path belongs to: its errors, even a 401 or 405, are written in that protocol's shape. */
export function inboundRouteOf(path: string): InboundRoute | undefined {
  return byPath.get(path);
}

/** An error refused before the handler took the request (401, 405, 413), in the surface's envelope. */
export function sendInboundError(
  surface: InboundSurface,
  response: ServerResponse,
  error: unknown,
): ErrorResponse {
  const mapped = toErrorResponse(error);
  if (response.headersSent) {
    response.destroy();
    return mapped;
  }
  const { status, body } = inboundErrorFraming(surface).answer(mapped);
  response.writeHead(status, {
    ...mapped.headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
  return mapped;
}
