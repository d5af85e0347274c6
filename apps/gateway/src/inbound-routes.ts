import type { ServerResponse } from 'node:http';
import { anthropicInbound } from '@llmux/provider-anthropic';
import { geminiInbound } from '@llmux/provider-gemini';
import type { InboundOperation, InboundSurface } from '@llmux/provider-kit';
import { type ErrorResponse, toErrorResponse } from './http/respond.js';
import { createRouteTable } from './http/route-table.js';
import { inboundErrorFraming } from './pipeline/handle-inbound.js';

/** One inbound protocol's URLs at the gateway root, where its vendor's SDKs and agents post by default. */
export interface InboundRoute {
  surface: InboundSurface;
  /**
   * Path patterns (`http/route-table.ts`) and what each asks: of a model (POST), or the protocol's model listing
   * (GET, for a surface with `models`). Query strings are fine.
   */
  paths: ReadonlyArray<{ pattern: string; operation: InboundRouteOperation }>;
}

export type InboundRouteOperation = InboundOperation | 'list-models' | 'get-model';

/** The HTTP method of each operation. */
export function methodOf(operation: InboundRouteOperation): 'GET' | 'POST' {
  return operation === 'list-models' || operation === 'get-model' ? 'GET' : 'POST';
}

/** Every inbound protocol but OpenAI chat (which has its own handler and fast path). */
export const INBOUND_ROUTES: readonly InboundRoute[] = [
  {
    surface: anthropicInbound,
    paths: [
      { pattern: '/v1/messages', operation: 'generate' },
      { pattern: '/v1/messages/count_tokens', operation: 'count-tokens' },
    ],
  },
  {
    surface: geminiInbound,
    // `@google/genai` 3.x posts under /v1 by default, gemini-cli under /v1beta: both are served. These POST
    // patterns sit beside OpenAI's `GET /v1/models/{id}` without colliding: a model id never holds a colon.
    paths: [
      ...['/v1beta', '/v1'].flatMap((version): InboundRoute['paths'] => [
        { pattern: `${version}/models/{model}:generateContent`, operation: 'generate' },
        { pattern: `${version}/models/{model}:streamGenerateContent`, operation: 'generate' },
        { pattern: `${version}/models/{model}:countTokens`, operation: 'count-tokens' },
      ]),
      { pattern: '/v1beta/models', operation: 'list-models' },
      { pattern: '/v1beta/models/{model}', operation: 'get-model' },
    ],
  },
];

const byPath = createRouteTable(
  INBOUND_ROUTES.flatMap((route) =>
    route.paths.map(({ pattern, operation }) => ({
      pattern,
      methods: [methodOf(operation)],
      handler: route,
    })),
  ),
);

/** The inbound protocol a path belongs to: its errors, even a 401 or 405, are written in that protocol's shape. */
export function inboundRouteOf(path: string): InboundRoute | undefined {
  return byPath.find(path)?.handler;
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
