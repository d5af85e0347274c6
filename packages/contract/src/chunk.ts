import { z } from 'zod';
import {
  choiceLogprobsSchema,
  completionUsageSchema,
  finishReasonSchema,
  serviceTierSchema,
} from './response.js';

/** Schemas of one streamed chunk, the JSON after `data: ` in `text/event-stream` (never `[DONE]`). */

export const toolCallDeltaSchema = z.looseObject({
  index: z.int().min(0),
  id: z.string().optional(),
  type: z.literal('function').optional(),
  function: z
    .looseObject({
      name: z.string().optional(),
      arguments: z.string().optional(),
    })
    .optional(),
});
export type ToolCallDelta = z.infer<typeof toolCallDeltaSchema>;

export const chunkDeltaSchema = z.looseObject({
  role: z.literal('assistant').optional(),
  content: z.string().nullish(),
  reasoning_content: z.string().nullish(),
  refusal: z.string().nullish(),
  tool_calls: z.array(toolCallDeltaSchema).optional(),
});
export type ChunkDelta = z.infer<typeof chunkDeltaSchema>;

export const chunkChoiceSchema = z.object({
  index: z.int().min(0),
  delta: chunkDeltaSchema,
  // Required: `null` until the choice's last chunk. Clients typed from OpenAI's schema reject its absence.
  finish_reason: finishReasonSchema.nullable(),
  logprobs: choiceLogprobsSchema.nullish(),
});
export type ChunkChoice = z.infer<typeof chunkChoiceSchema>;

export const chatCompletionChunkSchema = z.object({
  id: z.string(),
  object: z.literal('chat.completion.chunk'),
  created: z.int(),
  model: z.string(),
  // Empty in the final usage-only chunk sent when `stream_options.include_usage` is true.
  choices: z.array(chunkChoiceSchema),
  usage: completionUsageSchema.nullish(),
  system_fingerprint: z.string().nullish(),
  service_tier: serviceTierSchema.nullish(),
});
export type ChatCompletionChunk = z.infer<typeof chatCompletionChunkSchema>;
