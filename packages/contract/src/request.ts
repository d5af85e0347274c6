import { z } from 'zod';

/**
 * Schemas of the body a client sends to `POST /v1/chat/completions`.
 *
 * Field types and ranges follow OpenAI's API reference
 * (https://platform.openai.com/docs/api-reference/chat/create). Where OpenAI documents a
 * parameter as nullable, `null` is accepted and means "not set".
 */

/** Largest `n` we accept. OpenAI allows up to 128, but each choice may be a separate upstream call. */
export const MAX_CHOICES = 8;

const FUNCTION_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * How `parseChatRequest` names what a union branch expects, for unions whose branches zod alone
 * would describe only as "an object" or "an array". Internal: not exported from the package.
 */
export const unionBranchLabels = new WeakMap<object, string>();

function label<T extends object>(schema: T, text: string): T {
  unionBranchLabels.set(schema, text);
  return schema;
}

/**
 * A JSON Schema object, as a function's `parameters` or a response format's `schema`.
 *
 * `z.looseObject({})` and `.catchall()` rather than `z.record(z.string(), …)` throughout: the same
 * check and JSON Schema, at about half the cost per call (records validate every key with the key
 * schema), and this runs on every request.
 */
export const jsonSchemaObjectSchema = z.looseObject({});

export const textPartSchema = z.looseObject({
  type: z.literal('text'),
  text: z.string(),
});
export type TextPart = z.infer<typeof textPartSchema>;

export const imagePartSchema = z.looseObject({
  type: z.literal('image_url'),
  image_url: z.looseObject({
    url: z.string(),
    detail: z.enum(['auto', 'low', 'high', 'original']).optional(),
  }),
});
export type ImagePart = z.infer<typeof imagePartSchema>;

export const audioPartSchema = z.looseObject({
  type: z.literal('input_audio'),
  input_audio: z.looseObject({
    data: z.string(),
    format: z.enum(['wav', 'mp3']),
  }),
});
export type AudioPart = z.infer<typeof audioPartSchema>;

export const filePartSchema = z.looseObject({
  type: z.literal('file'),
  file: z.looseObject({
    file_data: z.string().optional(),
    file_id: z.string().optional(),
    filename: z.string().optional(),
  }),
});
export type FilePart = z.infer<typeof filePartSchema>;

export const refusalPartSchema = z.looseObject({
  type: z.literal('refusal'),
  refusal: z.string(),
});
export type RefusalPart = z.infer<typeof refusalPartSchema>;

/** A part of a user message's content. */
export const contentPartSchema = z.discriminatedUnion('type', [
  textPartSchema,
  imagePartSchema,
  audioPartSchema,
  filePartSchema,
]);
export type ContentPart = z.infer<typeof contentPartSchema>;

const textContentSchema = z.union([z.string(), label(z.array(textPartSchema), 'an array of text parts')]);

export const toolCallSchema = z.looseObject({
  id: z.string(),
  type: z.literal('function'),
  function: z.looseObject({
    name: z.string(),
    // Always a JSON-encoded string on the wire, never an object.
    arguments: z.string(),
  }),
});
export type ToolCall = z.infer<typeof toolCallSchema>;

const nameSchema = z.string().optional();

export const systemMessageSchema = z.looseObject({
  role: z.literal('system'),
  content: textContentSchema,
  name: nameSchema,
});
export type SystemMessage = z.infer<typeof systemMessageSchema>;

export const developerMessageSchema = z.looseObject({
  role: z.literal('developer'),
  content: textContentSchema,
  name: nameSchema,
});
export type DeveloperMessage = z.infer<typeof developerMessageSchema>;

export const userMessageSchema = z.looseObject({
  role: z.literal('user'),
  content: z.union([z.string(), label(z.array(contentPartSchema), 'an array of content parts')]),
  name: nameSchema,
});
export type UserMessage = z.infer<typeof userMessageSchema>;

/**
 * Loose on purpose: an assistant turn that comes back from a client may carry vendor round-trip
 * data (thinking signatures, `reasoning_details`) that an adapter must hand back upstream.
 */
export const assistantMessageSchema = z.looseObject({
  role: z.literal('assistant'),
  content: z
    .union([
      z.string(),
      label(
        z.array(z.discriminatedUnion('type', [textPartSchema, refusalPartSchema])),
        'an array of text or refusal parts',
      ),
    ])
    .nullish(),
  refusal: z.string().nullish(),
  name: nameSchema,
  tool_calls: z.array(toolCallSchema).optional(),
  // DeepSeek, Qwen, Kimi and others return the model's reasoning here; clients echo it back.
  reasoning_content: z.string().nullish(),
});
export type AssistantMessage = z.infer<typeof assistantMessageSchema>;

export const toolMessageSchema = z.looseObject({
  role: z.literal('tool'),
  content: textContentSchema,
  tool_call_id: z.string(),
});
export type ToolMessage = z.infer<typeof toolMessageSchema>;

export const chatMessageSchema = z.discriminatedUnion('role', [
  systemMessageSchema,
  developerMessageSchema,
  userMessageSchema,
  assistantMessageSchema,
  toolMessageSchema,
]);
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export const functionToolSchema = z.looseObject({
  type: z.literal('function'),
  function: z.looseObject({
    name: z.string().regex(FUNCTION_NAME_PATTERN),
    description: z.string().optional(),
    parameters: jsonSchemaObjectSchema.optional(),
    strict: z.boolean().nullish(),
  }),
});
export type FunctionTool = z.infer<typeof functionToolSchema>;

export const toolChoiceSchema = z.union([
  z.enum(['none', 'auto', 'required']),
  label(
    z.object({
      type: z.literal('function'),
      function: z.object({ name: z.string() }),
    }),
    'an object {"type": "function", "function": {"name": "..."}}',
  ),
]);
export type ToolChoice = z.infer<typeof toolChoiceSchema>;

export const responseFormatSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    json_schema: z.object({
      name: z.string().regex(FUNCTION_NAME_PATTERN),
      description: z.string().optional(),
      schema: jsonSchemaObjectSchema.optional(),
      strict: z.boolean().nullish(),
    }),
  }),
]);
export type ResponseFormat = z.infer<typeof responseFormatSchema>;

export const stopSchema = z.union([
  z.string(),
  label(z.array(z.string()).min(1).max(4), 'an array of 1 to 4 strings'),
]);
export type Stop = z.infer<typeof stopSchema>;

export const streamOptionsSchema = z.looseObject({
  include_usage: z.boolean().optional(),
});
export type StreamOptions = z.infer<typeof streamOptionsSchema>;

export const reasoningEffortSchema = z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']);
export type ReasoningEffort = z.infer<typeof reasoningEffortSchema>;

/**
 * Loose at the top level: fields we do not know (vendor extras, newer OpenAI parameters) are kept
 * for the adapters to pass through or refuse.
 */
export const chatCompletionRequestSchema = z.looseObject({
  model: z.string().min(1).describe("The model's public id, as listed by `GET /v1/models`."),
  messages: z
    .array(chatMessageSchema)
    .min(1)
    .describe('The conversation so far, oldest first. At least one message.'),
  max_tokens: z
    .int()
    .min(1)
    .nullish()
    .describe('Upper bound on generated tokens. Older name of `max_completion_tokens`.'),
  max_completion_tokens: z
    .int()
    .min(1)
    .nullish()
    .describe('Upper bound on generated tokens, reasoning tokens included.'),
  temperature: z
    .number()
    .min(0)
    .max(2)
    .nullish()
    .describe('Sampling temperature, 0 to 2. Higher is more random.'),
  top_p: z
    .number()
    .min(0)
    .max(1)
    .nullish()
    .describe('Nucleus sampling: only tokens within this cumulative probability mass, 0 to 1.'),
  frequency_penalty: z
    .number()
    .min(-2)
    .max(2)
    .nullish()
    .describe('-2 to 2. Positive values penalise tokens by how often they already appeared.'),
  presence_penalty: z
    .number()
    .min(-2)
    .max(2)
    .nullish()
    .describe('-2 to 2. Positive values penalise tokens that already appeared at all.'),
  stream: z
    .boolean()
    .nullish()
    .describe(
      'Send the answer as server-sent events, one chat.completion.chunk per event, ending with `data: [DONE]`.',
    ),
  stream_options: streamOptionsSchema
    .nullish()
    .describe('Streaming options. `include_usage: true` adds a last chunk with usage and no choices.'),
  stop: stopSchema
    .nullish()
    .describe('Up to 4 sequences at which generation stops; the sequence itself is not returned.'),
  n: z
    .int()
    .min(1)
    .max(MAX_CHOICES)
    .nullish()
    .describe(`Number of choices to generate, 1 to ${MAX_CHOICES} on this gateway (OpenAI allows 128).`),
  response_format: responseFormatSchema
    .optional()
    .describe('Plain text, any JSON object, or JSON matching a given schema.'),
  tools: z.array(functionToolSchema).optional().describe('Functions the model may call.'),
  tool_choice: toolChoiceSchema
    .optional()
    .describe('Whether and which tool the model must call: none, auto, required, or one named function.'),
  parallel_tool_calls: z.boolean().optional().describe('Allow several tool calls in one turn.'),
  user: z.string().optional().describe('An id of the end user, for abuse monitoring.'),
  seed: z.int().nullish().describe('Best-effort deterministic sampling where the model supports it.'),
  logprobs: z.boolean().nullish().describe('Return the log probability of each output token.'),
  top_logprobs: z
    .int()
    .min(0)
    .max(20)
    .nullish()
    .describe('With `logprobs`, also return this many most likely alternatives per token, 0 to 20.'),
  logit_bias: z
    .object({})
    .catchall(z.number().min(-100).max(100))
    .nullish()
    .describe('Token id to a bias from -100 to 100 added to its logit.'),
  reasoning_effort: reasoningEffortSchema
    .nullish()
    .describe('How much a reasoning model should think before answering.'),
  metadata: z
    .object({})
    .catchall(z.string())
    .nullish()
    .describe('String key-value pairs attached to the request.'),
});
export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;
