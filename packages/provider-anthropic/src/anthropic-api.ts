import { z } from 'zod';

/**
 * Zod schemas of the Anthropic Messages API wire format: only the fields this adapter reads, loose
 * toward the vendor (unknown fields and new block types never break a translation).
 * Reference: https://docs.claude.com/en/api/messages and https://docs.claude.com/en/api/messages-streaming
 */

export const ANTHROPIC_VERSION = '2023-06-01';

export const anthropicUsageSchema = z.looseObject({
  input_tokens: z.number().nullish(),
  output_tokens: z.number().nullish(),
  cache_creation_input_tokens: z.number().nullish(),
  cache_read_input_tokens: z.number().nullish(),
});
export type AnthropicUsage = z.infer<typeof anthropicUsageSchema>;

export const anthropicTextBlockSchema = z.looseObject({ type: z.literal('text'), text: z.string() });
export const anthropicThinkingBlockSchema = z.looseObject({
  type: z.literal('thinking'),
  thinking: z.string(),
  signature: z.string().optional(),
});
export const anthropicRedactedThinkingBlockSchema = z.looseObject({
  type: z.literal('redacted_thinking'),
  data: z.string(),
});
export const anthropicToolUseBlockSchema = z.looseObject({
  type: z.literal('tool_use'),
  id: z.string(),
  name: z.string(),
  input: z.unknown(),
});
/** Server-tool blocks (web search, code execution...) and future types: read as opaque. */
const anthropicOtherBlockSchema = z.looseObject({ type: z.string() });

export const anthropicContentBlockSchema = z.union([
  anthropicTextBlockSchema,
  anthropicThinkingBlockSchema,
  anthropicRedactedThinkingBlockSchema,
  anthropicToolUseBlockSchema,
  anthropicOtherBlockSchema,
]);
export type AnthropicContentBlock = z.infer<typeof anthropicContentBlockSchema>;

export const anthropicStopDetailsSchema = z.looseObject({
  type: z.string().optional(),
  category: z.string().nullish(),
  explanation: z.string().nullish(),
});

export const anthropicMessageSchema = z.looseObject({
  id: z.string(),
  type: z.literal('message').optional(),
  role: z.literal('assistant').optional(),
  model: z.string().optional(),
  content: z.array(anthropicContentBlockSchema),
  stop_reason: z.string().nullish(),
  stop_sequence: z.string().nullish(),
  stop_details: anthropicStopDetailsSchema.nullish(),
  usage: anthropicUsageSchema.nullish(),
});
export type AnthropicMessage = z.infer<typeof anthropicMessageSchema>;

export const anthropicErrorSchema = z.looseObject({
  type: z.string(),
  message: z.string().optional(),
  details: z.looseObject({ error_code: z.string().optional() }).nullish(),
});

/** `{"type":"error","error":{"type","message"},"request_id"}`: https://docs.claude.com/en/api/errors */
export const anthropicErrorBodySchema = z.looseObject({
  type: z.literal('error').optional(),
  error: anthropicErrorSchema,
  request_id: z.string().nullish(),
});
export type AnthropicErrorBody = z.infer<typeof anthropicErrorBodySchema>;

const anthropicDeltaSchema = z.union([
  z.looseObject({ type: z.literal('text_delta'), text: z.string() }),
  z.looseObject({ type: z.literal('input_json_delta'), partial_json: z.string() }),
  z.looseObject({ type: z.literal('thinking_delta'), thinking: z.string() }),
  z.looseObject({ type: z.literal('signature_delta'), signature: z.string() }),
  // citations_delta and future delta types.
  z.looseObject({ type: z.string() }),
]);

/** One SSE payload of a streamed message; the `type` field repeats the SSE event name. */
export const anthropicStreamEventSchema = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('message_start'),
    message: z.looseObject({
      id: z.string(),
      model: z.string().optional(),
      usage: anthropicUsageSchema.nullish(),
    }),
  }),
  z.looseObject({
    type: z.literal('content_block_start'),
    index: z.number(),
    content_block: anthropicContentBlockSchema,
  }),
  z.looseObject({ type: z.literal('content_block_delta'), index: z.number(), delta: anthropicDeltaSchema }),
  z.looseObject({ type: z.literal('content_block_stop'), index: z.number() }),
  z.looseObject({
    type: z.literal('message_delta'),
    delta: z.looseObject({
      stop_reason: z.string().nullish(),
      stop_sequence: z.string().nullish(),
      stop_details: anthropicStopDetailsSchema.nullish(),
    }),
    usage: anthropicUsageSchema.nullish(),
  }),
  z.looseObject({ type: z.literal('message_stop') }),
  z.looseObject({ type: z.literal('ping') }),
  z.looseObject({ type: z.literal('error'), error: anthropicErrorSchema }),
]);
export type AnthropicStreamEvent = z.infer<typeof anthropicStreamEventSchema>;

/** The request body we send: typed loosely, since it is built here and serialised by the gateway. */
export interface AnthropicMessageRequest {
  model: string;
  max_tokens: number;
  messages: AnthropicMessageParam[];
  system?: Array<{ type: 'text'; text: string; cache_control?: { type: 'ephemeral'; ttl?: string } }>;
  temperature?: number;
  top_p?: number;
  stop_sequences?: string[];
  stream?: boolean;
  metadata?: { user_id: string };
  tools?: AnthropicToolParam[];
  tool_choice?: AnthropicToolChoice;
  thinking?: { type: 'enabled'; budget_tokens: number } | { type: 'adaptive' };
  output_config?: { effort: string };
}

export interface AnthropicMessageParam {
  role: 'user' | 'assistant';
  content: AnthropicContentBlockParam[];
}

export type AnthropicContentBlockParam = Record<string, unknown> & { type: string };

export interface AnthropicToolParam {
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
}

export type AnthropicToolChoice =
  | { type: 'auto' | 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' };
