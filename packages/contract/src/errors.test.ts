import { describe, expect, it } from 'vitest';
import { createOpenAiValidators, readFixtureJson } from './__fixtures__/fixtures.js';
import { createErrorBody, errorBodySchema } from './errors.js';

const openai = createOpenAiValidators();

describe('createErrorBody', () => {
  it('defaults to an invalid_request_error with null param and code', () => {
    expect(createErrorBody('model is required.')).toEqual({
      error: { message: 'model is required.', type: 'invalid_request_error', param: null, code: null },
    });
  });

  it('takes type, param and code, and its result passes both our schema and OpenAI', () => {
    const body = createErrorBody('Rate limit reached.', {
      type: 'rate_limit_error',
      code: 'rate_limit_exceeded',
    });
    expect(body.error).toMatchObject({ type: 'rate_limit_error', param: null, code: 'rate_limit_exceeded' });
    expect(errorBodySchema.safeParse(body).success).toBe(true);
    expect(openai.error(body)).toBe(true);
  });
});

describe('errorBodySchema', () => {
  it("accepts OpenAI's recorded 400 for a legacy parameter", () => {
    const body = readFixtureJson('recorded/reasoning-model-legacy-parameter-error.json');
    expect(errorBodySchema.parse(body).error.param).toBe('max_tokens');
    expect(openai.error(body)).toBe(true);
  });

  it.each([
    ['a numeric code', { error: { message: 'x', type: 't', param: null, code: 400 } }],
    ['a missing param', { error: { message: 'x', type: 't', code: null } }],
    ['a missing code', { error: { message: 'x', type: 't', param: null } }],
    ['a bare message', { message: 'x' }],
  ])('rejects %s, as OpenAI does', (_name, body) => {
    expect(errorBodySchema.safeParse(body).success).toBe(false);
    expect(openai.error(body)).toBe(false);
  });
});
