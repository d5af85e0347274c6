import { z } from 'zod';
import { toolCallSchema } from './request.js';

/** Schemas of the JSON body of a non-streamed chat completion. */

export const finishReasonSchema = z.enum(['stop', 'length', 'tool_calls', 'content_filter', 'function_call']);
export type FinishReason = z.infer<typeof finishReasonSchema>;

export const completionUsageSchema = z.looseObject({
  prompt_tokens: z.int().min(0),
  completion_tokens: z.int().min(0),
  total_tokens: z.int().min(0),
  prompt_tokens_details: z
    .looseObject({
      cached_tokens: z.int().min(0).optional(),
      audio_tokens: z.int().min(0).optional(),
    })
    .optional(),
  completion_tokens_details: z
    .looseObject({
      reasoning_tokens: z.int().min(0).optional(),
      audio_tokens: z.int().min(0).optional(),
      accepted_prediction_tokens: z.int().min(0).optional(),
      rejected_prediction_tokens: z.int().min(0).optional(),
    })
    .optional(),
});
export type CompletionUsage = z.infer<typeof completionUsageSchema>;

const topLogprobSchema = z.object({
  token: z.string(),
  logprob: z.number(),
  bytes: z.array(z.int()).nullable(),
});

export const tokenLogprobSchema = z.object({
  token: z.string(),
  logprob: z.number(),
  bytes: z.array(z.int()).nullable(),
  top_logprobs: z.array(topLogprobSchema),
});
export type TokenLogprob = z.infer<typeof tokenLogprobSchema>;

export const choiceLogprobsSchema = z.object({
  content: z.array(tokenLogprobSchema).nullable(),
  refusal: z.array(tokenLogprobSchema).nullable(),
});
export type ChoiceLogprobs = z.infer<typeof choiceLogprobsSchema>;

export const serviceTierSchema = z.string();

export const completionMessageSchema = z.looseObject({
  role: z.literal('assistant'),
  content: z.string().nullable(),
  // Required by OpenAI's schema (nullable); strict clients reject a message without it.
  refusal: z.string().nullable(),
  tool_calls: z.array(toolCallSchema).optional(),
  // Not OpenAI's: the reasoning text of DeepSeek-style models, which some vendors send as null.
  reasoning_content: z.string().nullish(),
});
export type CompletionMessage = z.infer<typeof completionMessageSchema>;

export const completionChoiceSchema = z.object({
  index: z.int().min(0),
  message: completionMessageSchema,
  logprobs: choiceLogprobsSchema.nullable(),
  finish_reason: finishReasonSchema,
});
export type CompletionChoice = z.infer<typeof completionChoiceSchema>;

export const chatCompletionSchema = z.object({
  id: z.string(),
  object: z.literal('chat.completion'),
  created: z.int(),
  model: z.string(),
  choices: z.array(completionChoiceSchema),
  usage: completionUsageSchema.optional(),
  // OpenAI documents a string but sends null for some models.
  system_fingerprint: z.string().nullable().optional(),
  service_tier: serviceTierSchema.nullable().optional(),
});
export type ChatCompletion = z.infer<typeof chatCompletionSchema>;
