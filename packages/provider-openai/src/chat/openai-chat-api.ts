import { z } from 'zod';

/**
 * Zod schemas of what an OpenAI-dialect upstream sends back: OpenAI itself and every vendor that copies
 * its Chat Completions wire format. Only the fields we read, and loose on purpose: vendors leave out
 * fields OpenAI marks required (`refusal`, `logprobs`, `object`, `finish_reason`), send `null` where
 * OpenAI sends a value and add their own. Strictness lives in the contract, on what we send onwards.
 */

const nullableString = z.string().nullish();

export const openAIChatToolCallSchema = z.looseObject({
  index: z.number().int().nullish(),
  id: nullableString,
  type: nullableString,
  function: z
    .looseObject({
      name: nullableString,
      // Always a string at OpenAI; a few vendors have been seen sending a parsed object.
      arguments: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish(),
    })
    .nullish(),
});
export type OpenAIChatToolCall = z.infer<typeof openAIChatToolCallSchema>;

/** MiniMax's `reasoning_split: true` form of the model's reasoning. */
export const openAIChatReasoningDetailSchema = z.looseObject({ text: nullableString });

const reasoningFields = {
  reasoning_content: nullableString,
  // OpenRouter-style and some self-hosted servers (vLLM) name it `reasoning`.
  reasoning: nullableString,
  reasoning_details: z.array(openAIChatReasoningDetailSchema).nullish(),
};

export const openAIChatUsageSchema = z.looseObject({
  prompt_tokens: z.number().nullish(),
  completion_tokens: z.number().nullish(),
  total_tokens: z.number().nullish(),
  prompt_tokens_details: z.looseObject({ cached_tokens: z.number().nullish() }).nullish(),
  completion_tokens_details: z.looseObject({ reasoning_tokens: z.number().nullish() }).nullish(),
  // DeepSeek: https://api-docs.deepseek.com/api/create-chat-completion (usage.prompt_cache_hit_tokens)
  prompt_cache_hit_tokens: z.number().nullish(),
  // Moonshot: cached tokens at the top level of usage.
  cached_tokens: z.number().nullish(),
});
export type OpenAIChatUsage = z.infer<typeof openAIChatUsageSchema>;

export const openAIChatMessageSchema = z.looseObject({
  role: nullableString,
  content: z.union([z.string(), z.array(z.looseObject({ text: nullableString }))]).nullish(),
  refusal: nullableString,
  tool_calls: z.array(openAIChatToolCallSchema).nullish(),
  // OpenAI's url citations (search models); passed on as they are.
  annotations: z.array(z.unknown()).nullish(),
  ...reasoningFields,
});
export type OpenAIChatMessage = z.infer<typeof openAIChatMessageSchema>;

const logprobsSchema = z.unknown().optional();

export const openAIChatResponseSchema = z.looseObject({
  id: nullableString,
  model: nullableString,
  created: z.number().nullish(),
  system_fingerprint: nullableString,
  service_tier: nullableString,
  choices: z.array(
    z.looseObject({
      index: z.number().int().nullish(),
      message: openAIChatMessageSchema.nullish(),
      logprobs: logprobsSchema,
      finish_reason: nullableString,
    }),
  ),
  usage: openAIChatUsageSchema.nullish(),
});
export type OpenAIChatResponse = z.infer<typeof openAIChatResponseSchema>;

export const openAIChatDeltaSchema = z.looseObject({
  role: nullableString,
  content: nullableString,
  refusal: nullableString,
  tool_calls: z.array(openAIChatToolCallSchema).nullish(),
  ...reasoningFields,
});
export type OpenAIChatDelta = z.infer<typeof openAIChatDeltaSchema>;

export const openAIChatChunkSchema = z.looseObject({
  id: nullableString,
  model: nullableString,
  system_fingerprint: nullableString,
  choices: z
    .array(
      z.looseObject({
        index: z.number().int().nullish(),
        delta: openAIChatDeltaSchema.nullish(),
        logprobs: logprobsSchema,
        finish_reason: nullableString,
        // Older Moonshot models put the final usage inside the choice.
        usage: openAIChatUsageSchema.nullish(),
      }),
    )
    .nullish(),
  usage: openAIChatUsageSchema.nullish(),
});
export type OpenAIChatChunk = z.infer<typeof openAIChatChunkSchema>;

/**
 * Error bodies: OpenAI's `{error: {message, type, param, code}}`, xAI's `{code, error: "<string>"}`,
 * bare `{message, code}`, and MiniMax's `base_resp: {status_code, status_msg}`.
 */
export const openAIChatErrorBodySchema = z.looseObject({
  error: z
    .union([
      z.string(),
      z.looseObject({
        message: z.unknown().optional(),
        type: z.unknown().optional(),
        param: z.unknown().optional(),
        code: z.unknown().optional(),
      }),
    ])
    .nullish(),
  message: z.unknown().optional(),
  code: z.unknown().optional(),
  type: z.unknown().optional(),
  base_resp: z
    .looseObject({ status_code: z.unknown().optional(), status_msg: z.unknown().optional() })
    .nullish(),
});
export type OpenAIChatErrorBody = z.infer<typeof openAIChatErrorBodySchema>;
