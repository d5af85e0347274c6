import { z } from 'zod';
import { BUDGET_DURATION_PATTERN, MAX_BUDGET_DURATION_MS, parseBudgetDuration } from './duration.js';

const limitCount = () =>
  z
    .number({ error: 'must be an integer >= 1' })
    .int({ error: 'must be an integer >= 1' })
    .min(1, { error: 'must be an integer >= 1' })
    .max(Number.MAX_SAFE_INTEGER, { error: 'is too large' });

/**
 * The limit fields of POST and PATCH /admin/keys (LiteLLM's names). `null` removes a limit in a PATCH (and is
 * the same as absent in a POST).
 */
export const keyLimitFieldsSchema = {
  rpm_limit: limitCount().nullable().optional(),
  tpm_limit: limitCount().nullable().optional(),
  max_parallel_requests: limitCount().nullable().optional(),
  /** USD. */
  max_budget: z
    .number({ error: 'must be a number of USD >= 0' })
    .min(0, { error: 'must be a number of USD >= 0' })
    .max(1e9, { error: 'must be at most 1e9 USD' })
    .nullable()
    .optional(),
  budget_duration: z
    .string({ error: 'must be a string like "30d"' })
    .regex(BUDGET_DURATION_PATTERN, {
      error: 'must match ^[1-9][0-9]*[smhd]$ (e.g. "15s", "1h", "30d")',
    })
    .refine((text) => parseBudgetDuration(text) !== undefined, {
      error: `must be at most ${MAX_BUDGET_DURATION_MS / 86_400_000}d`,
    })
    .nullable()
    .optional(),
};

export const patchKeySchema = z.strictObject(keyLimitFieldsSchema);
export type PatchKey = z.infer<typeof patchKeySchema>;
