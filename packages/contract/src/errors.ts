import { z } from 'zod';

/** OpenAI's error envelope, the body of every non-2xx response. */
export const errorBodySchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.string(),
    param: z.string().nullable(),
    code: z.string().nullable(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

export interface CreateErrorBodyOptions {
  type?: string;
  param?: string | null;
  code?: string | null;
}

/**
 * Builds OpenAI's error envelope.
 *
 * @example
 * createErrorBody('model is required', { param: 'model', code: 'missing_required_parameter' })
 */
export function createErrorBody(
  message: string,
  { type = 'invalid_request_error', param = null, code = null }: CreateErrorBodyOptions = {},
): ErrorBody {
  return { error: { message, type, param, code } };
}
