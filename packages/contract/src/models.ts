import { z } from 'zod';

/** USD per million tokens. */
export const modelPricingSchema = z.object({
  input: z.number().min(0),
  output: z.number().min(0),
  // null when the model has no discounted price for cached input.
  cached_input: z.number().min(0).nullable(),
});
export type ModelPricing = z.infer<typeof modelPricingSchema>;

/** OpenAI's model object plus the fields a gateway's clients need to choose a model. */
export const modelSchema = z.object({
  id: z.string(),
  object: z.literal('model'),
  created: z.int(),
  owned_by: z.string(),
  context_length: z.int().min(1),
  max_output_tokens: z.int().min(1),
  capabilities: z.record(z.string(), z.boolean()),
  pricing: modelPricingSchema.nullable(),
});
export type Model = z.infer<typeof modelSchema>;

export const modelListSchema = z.object({
  object: z.literal('list'),
  data: z.array(modelSchema),
});
export type ModelList = z.infer<typeof modelListSchema>;
