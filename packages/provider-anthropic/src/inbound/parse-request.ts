import { invalidParameter, type ParsedInboundRequest, ProviderError } from '@llmux/provider-kit';
import { z } from 'zod';

/**
 * The body a client sends to `POST /v1/messages`, as Anthropic documents it
 * (https://docs.claude.com/en/api/messages). Strict on the fields the gateway reads (types, ranges, the block
 * shapes it translates); every object is loose, so fields it does not read (a newer beta, `cache_control`,
 * `defer_loading`) stay in the parsed request for the native relay to forward.
 */

/**
 * Tool names as Anthropic takes them (longer than OpenAI's 64, so MCP-prefixed names fit); the hub translation
 * refuses what OpenAI-style upstreams would not take.
 */
const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,128}$/;

export const anthropicTextBlockSchema = z.looseObject({ type: z.literal('text'), text: z.string() });

const base64SourceSchema = z.looseObject({
  type: z.literal('base64'),
  media_type: z.string().min(1),
  data: z.string(),
});
const urlSourceSchema = z.looseObject({ type: z.literal('url'), url: z.string().min(1) });
const fileSourceSchema = z.looseObject({ type: z.literal('file'), file_id: z.string().min(1) });

export const anthropicImageBlockSchema = z.looseObject({
  type: z.literal('image'),
  source: z.discriminatedUnion('type', [base64SourceSchema, urlSourceSchema, fileSourceSchema]),
});

export const anthropicDocumentBlockSchema = z.looseObject({
  type: z.literal('document'),
  source: z.discriminatedUnion('type', [
    base64SourceSchema,
    urlSourceSchema,
    fileSourceSchema,
    z.looseObject({ type: z.literal('text'), media_type: z.string().optional(), data: z.string() }),
    z.looseObject({ type: z.literal('content'), content: z.union([z.string(), z.array(z.looseObject({}))]) }),
  ]),
  title: z.string().nullish(),
  context: z.string().nullish(),
});

export const anthropicToolUseBlockSchema = z.looseObject({
  type: z.literal('tool_use'),
  id: z.string().min(1),
  name: z.string().min(1),
  input: z.looseObject({}),
});

/** What a tool_result may hold: text and images (documents and search results too, for Claude). */
const toolResultContentBlockSchema = openBlockUnion(
  z.discriminatedUnion('type', [
    anthropicTextBlockSchema,
    anthropicImageBlockSchema,
    anthropicDocumentBlockSchema,
  ]),
  ['text', 'image', 'document'],
);

export const anthropicToolResultBlockSchema = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string().min(1),
  content: z.union([z.string(), z.array(toolResultContentBlockSchema)]).optional(),
  is_error: z.boolean().optional(),
});

export const anthropicThinkingBlockSchema = z.looseObject({
  type: z.literal('thinking'),
  thinking: z.string(),
  signature: z.string(),
});

export const anthropicRedactedThinkingBlockSchema = z.looseObject({
  type: z.literal('redacted_thinking'),
  data: z.string(),
});

/** Any block type the gateway does not translate (`server_tool_use`, `search_result`, a future one). */
export interface AnthropicOtherBlock {
  type: string;
  [key: string]: unknown;
}

/**
 * A discriminated union that also admits block types it does not list (they are kept, so the native relay can
 * forward them to Claude; the hub translation refuses them by name). Not `z.union([known, catchAll])`: zod
 * reports a failed union by the branch that failed last, which would call a malformed `image` an unknown type.
 */
function openBlockUnion<T extends z.ZodType<{ type: string }>>(
  known: T,
  knownTypes: readonly string[],
): z.ZodType<z.infer<T> | AnthropicOtherBlock> {
  const types: ReadonlySet<string> = new Set(knownTypes);
  return z.looseObject({ type: z.string() }).superRefine((value, context) => {
    if (!types.has(value.type)) return;
    const result = known.safeParse(value);
    if (result.success) return;
    for (const issue of result.error.issues)
      context.addIssue({ ...issue } as Parameters<typeof context.addIssue>[0]);
  }) as unknown as z.ZodType<z.infer<T> | AnthropicOtherBlock>;
}

export const KNOWN_BLOCK_TYPES = [
  'text',
  'image',
  'document',
  'tool_use',
  'tool_result',
  'thinking',
  'redacted_thinking',
] as const;

const knownBlockSchema = z.discriminatedUnion('type', [
  anthropicTextBlockSchema,
  anthropicImageBlockSchema,
  anthropicDocumentBlockSchema,
  anthropicToolUseBlockSchema,
  anthropicToolResultBlockSchema,
  anthropicThinkingBlockSchema,
  anthropicRedactedThinkingBlockSchema,
]);
export type AnthropicKnownBlock = z.infer<typeof knownBlockSchema>;

export const anthropicContentBlockSchema = openBlockUnion(knownBlockSchema, KNOWN_BLOCK_TYPES);
export type AnthropicInboundContentBlock = z.infer<typeof anthropicContentBlockSchema>;

export const anthropicInboundMessageSchema = z.looseObject({
  // `system` is not Anthropic's: Claude Code puts a system turn inside `messages` for models it does not know
  // as Claude ones, so the gateway takes it for a system message in place.
  role: z.enum(['user', 'assistant', 'system']),
  content: z.union([z.string(), z.array(anthropicContentBlockSchema)]),
});
export type AnthropicInboundMessage = z.infer<typeof anthropicInboundMessageSchema>;

export const anthropicCustomToolSchema = z.looseObject({
  type: z.literal('custom').optional(),
  name: z.string().regex(TOOL_NAME_PATTERN, 'a name of 1 to 128 letters, digits, _ or -'),
  description: z.string().optional(),
  input_schema: z.looseObject({}),
  strict: z.boolean().optional(),
});

/** Anthropic's server and client-executed tools (`web_search_20250305`, `bash_20250124`, ...): a type, a name. */
export const anthropicServerToolSchema = z.looseObject({
  type: z.string().refine((type) => type !== 'custom', 'a versioned tool type'),
  name: z.string().min(1),
});

export const anthropicToolSchema = z.union([anthropicCustomToolSchema, anthropicServerToolSchema]);
export type AnthropicInboundTool = z.infer<typeof anthropicToolSchema>;

const disableParallel = { disable_parallel_tool_use: z.boolean().optional() };
export const anthropicToolChoiceSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('auto'), ...disableParallel }),
  z.looseObject({ type: z.literal('any'), ...disableParallel }),
  z.looseObject({ type: z.literal('tool'), name: z.string().min(1), ...disableParallel }),
  z.looseObject({ type: z.literal('none') }),
]);
export type AnthropicToolChoice = z.infer<typeof anthropicToolChoiceSchema>;

export const anthropicThinkingSchema = z.discriminatedUnion('type', [
  // https://docs.claude.com/en/docs/build-with-claude/extended-thinking: budget_tokens ≥ 1024.
  z.looseObject({ type: z.literal('enabled'), budget_tokens: z.int().min(1024) }),
  z.looseObject({ type: z.literal('adaptive') }),
  z.looseObject({ type: z.literal('disabled') }),
]);
export type AnthropicThinking = z.infer<typeof anthropicThinkingSchema>;

export const ANTHROPIC_EFFORTS = ['low', 'medium', 'high', 'xhigh', 'max'] as const;

export const anthropicOutputConfigSchema = z.looseObject({
  effort: z.enum(ANTHROPIC_EFFORTS).nullish(),
  format: z.looseObject({ type: z.literal('json_schema'), schema: z.looseObject({}) }).nullish(),
});

const systemSchema = z.union([z.string(), z.array(anthropicTextBlockSchema)]);

const requestShape = {
  model: z.string().min(1),
  messages: z.array(anthropicInboundMessageSchema).min(1),
  system: systemSchema.optional(),
  max_tokens: z.int().min(1),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.int().min(0).optional(),
  stop_sequences: z.array(z.string()).optional(),
  stream: z.boolean().optional(),
  metadata: z.looseObject({ user_id: z.string().nullish() }).optional(),
  tools: z.array(anthropicToolSchema).optional(),
  tool_choice: anthropicToolChoiceSchema.optional(),
  thinking: anthropicThinkingSchema.optional(),
  output_config: anthropicOutputConfigSchema.optional(),
  service_tier: z.string().optional(),
};

export const anthropicInboundRequestSchema = z.looseObject(requestShape);
export type AnthropicInboundRequest = z.infer<typeof anthropicInboundRequestSchema>;

/** `POST /v1/messages/count_tokens`: the request without `max_tokens` and the sampling fields. */
export const anthropicCountTokensRequestSchema = z.looseObject({
  model: requestShape.model,
  messages: requestShape.messages,
  system: requestShape.system,
  tools: requestShape.tools,
  tool_choice: requestShape.tool_choice,
  thinking: requestShape.thinking,
});
export type AnthropicCountTokensRequest = z.infer<typeof anthropicCountTokensRequestSchema>;

/**
 * Validates a JSON body as a Messages request.
 * Throws a ProviderError (400 `invalid_request_error`) whose `param` names the field in Anthropic's dotted
 * notation (`messages.0.content.1.source`), as Anthropic's own errors do.
 *
 * @example
 * const { request, model, stream } = parseAnthropicRequest(JSON.parse(text));
 */
export function parseAnthropicRequest(body: unknown): ParsedInboundRequest<AnthropicInboundRequest> {
  const request = parseWith(anthropicInboundRequestSchema, body);
  return { request, model: request.model, stream: request.stream === true };
}

/** Validates a count_tokens body; same errors as parseAnthropicRequest. */
export function parseAnthropicCountTokensRequest(body: unknown): {
  request: AnthropicCountTokensRequest;
  model: string;
} {
  const request = parseWith(anthropicCountTokensRequestSchema, body);
  return { request, model: request.model };
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
  const param = issue.path.map(String).join('.');
  const message = param === '' ? issue.message : `${param}: ${issue.message}`;
  throw invalidParameter(param, message, 'invalid_request');
}

type Issue = z.core.$ZodIssue;

/**
 * A union's issue says only "invalid input"; the branch that got furthest (the known block type whose field is
 * wrong, rather than the catch-all branch refusing the type) names what is really wrong.
 */
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
