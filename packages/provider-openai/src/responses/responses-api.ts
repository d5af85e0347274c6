import { z } from 'zod';

/**
 * The parts of OpenAI's Responses API wire format this adapter reads
 * (https://platform.openai.com/docs/api-reference/responses). Loose toward the vendor: unknown fields
 * and unknown item or event types pass, only the fields we use are typed.
 */

const count = z.number().nullish();

export const openAIResponsesUsageSchema = z.looseObject({
  input_tokens: count,
  output_tokens: count,
  total_tokens: count,
  input_tokens_details: z.looseObject({ cached_tokens: count }).nullish(),
  output_tokens_details: z.looseObject({ reasoning_tokens: count }).nullish(),
});
export type OpenAIResponsesUsage = z.infer<typeof openAIResponsesUsageSchema>;

const contentPartSchema = z.looseObject({
  type: z.string(),
  text: z.string().nullish(),
  refusal: z.string().nullish(),
});

const summaryPartSchema = z.looseObject({ type: z.string().optional(), text: z.string().nullish() });

/** One `output` item: `message`, `function_call`, `reasoning`, or a type we do not translate. */
export const openAIResponsesOutputItemSchema = z.looseObject({
  type: z.string(),
  id: z.string().nullish(),
  status: z.string().nullish(),
  role: z.string().nullish(),
  content: z.array(contentPartSchema).nullish(),
  call_id: z.string().nullish(),
  name: z.string().nullish(),
  arguments: z.string().nullish(),
  summary: z.array(summaryPartSchema).nullish(),
});
export type OpenAIResponsesOutputItem = z.infer<typeof openAIResponsesOutputItemSchema>;

export const openAIResponsesErrorSchema = z.looseObject({
  code: z.union([z.string(), z.number()]).nullish(),
  message: z.string().nullish(),
  type: z.string().nullish(),
  param: z.string().nullish(),
});
export type OpenAIResponsesError = z.infer<typeof openAIResponsesErrorSchema>;

export const openAIResponsesResponseSchema = z.looseObject({
  id: z.string().nullish(),
  object: z.string().nullish(),
  model: z.string().nullish(),
  status: z.string().nullish(),
  incomplete_details: z.looseObject({ reason: z.string().nullish() }).nullish(),
  error: openAIResponsesErrorSchema.nullish(),
  output: z.array(openAIResponsesOutputItemSchema).nullish(),
  usage: openAIResponsesUsageSchema.nullish(),
  service_tier: z.string().nullish(),
});
export type OpenAIResponsesResponse = z.infer<typeof openAIResponsesResponseSchema>;

/**
 * One streamed event. Every event carries its `type` (also sent as the SSE `event:` name); the fields
 * below are those of the event types we translate, all optional so an unknown type still parses.
 */
export const openAIResponsesStreamEventSchema = z.looseObject({
  type: z.string(),
  sequence_number: z.number().nullish(),
  response: openAIResponsesResponseSchema.nullish(),
  output_index: z.number().nullish(),
  item_id: z.string().nullish(),
  item: openAIResponsesOutputItemSchema.nullish(),
  summary_index: z.number().nullish(),
  content_index: z.number().nullish(),
  delta: z.string().nullish(),
  arguments: z.string().nullish(),
  // The `error` event: OpenAI documents code/message/param at the top level; recordings also show
  // them nested under `error`.
  code: z.union([z.string(), z.number()]).nullish(),
  message: z.string().nullish(),
  param: z.string().nullish(),
  error: openAIResponsesErrorSchema.nullish(),
});
export type OpenAIResponsesStreamEvent = z.infer<typeof openAIResponsesStreamEventSchema>;
