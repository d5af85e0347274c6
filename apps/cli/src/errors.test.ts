import { LlmuxError } from '@llmux/client';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES, explainError, UsageError } from './errors.js';

const context = { baseURL: 'http://127.0.0.1:8787/v1', apiKeySource: 'LLMUX_API_KEY' as const };

describe('explainError', () => {
  it('points a usage error at the command help, exit code 2', async () => {
    const explained = await explainError(new UsageError('llmux chat: bad.', 'chat'), context);
    expect(explained).toEqual({
      message: "llmux chat: bad.\nRun 'llmux chat --help' for usage.",
      exitCode: 2,
    });
  });

  it('names where the refused key came from on a 401, and only that', async () => {
    const refused = new LlmuxError({ status: 401, message: 'Incorrect, revoked or expired API key.' });
    const fromFlag = await explainError(refused, { ...context, apiKeySource: '--api-key' });
    expect(fromFlag.message).toContain('The key given with --api-key was refused');
    expect(fromFlag.message).not.toContain('LLMUX_API_KEY');
    const fromVariable = await explainError(refused, context);
    expect(fromVariable.message).toContain('The key in LLMUX_API_KEY was refused');
    const missing = await explainError(refused, { ...context, apiKeySource: undefined });
    expect(missing.message).toContain('set LLMUX_API_KEY or pass --api-key');
    expect(missing.exitCode).toBe(EXIT_CODES.apiError);
  });

  it('says an error raised mid-stream broke the answer off, not that the request failed', async () => {
    const broken = new LlmuxError({
      status: 0,
      message: 'Could not reach the upstream provider (UND_ERR_SOCKET).',
      type: 'api_error',
      requestId: 'req_1',
    });
    const explained = await explainError(broken, context);
    expect(explained.message).toBe(
      'The answer broke off: Could not reach the upstream provider (UND_ERR_SOCKET). (request req_1)',
    );
    expect(explained.exitCode).toBe(EXIT_CODES.apiError);
  });

  it('computes suggestions when the 404 carries none', async () => {
    const error = new LlmuxError({
      status: 404,
      message: "The model 'gpt-4o-mnii' does not exist.",
      code: 'model_not_found',
    });
    const explained = await explainError(error, {
      ...context,
      listModelIds: async () => ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4-6'],
    });
    expect(explained.exitCode).toBe(EXIT_CODES.apiError);
    expect(explained.message).toContain("Did you mean 'gpt-4o-mini', 'gpt-4o'?");
  });

  it('keeps the gateway suggestions when it sent some, without listing models', async () => {
    const error = new LlmuxError({
      status: 404,
      message: "The model 'x' does not exist. Did you mean 'y'?",
      code: 'model_not_found',
    });
    const explained = await explainError(error, {
      ...context,
      listModelIds: () => Promise.reject(new Error('must not be called')),
    });
    expect(explained.message.match(/Did you mean/g)).toHaveLength(1);
  });

  it('names the master key for the admin commands on a 403, and maps unreachable to 3, aborted to 130', async () => {
    const forbidden = new LlmuxError({ status: 403, message: 'The admin API needs the master key.' });
    expect((await explainError(forbidden, { ...context, admin: true })).message).toContain(
      'need the master key',
    );
    const unreachable = new LlmuxError({ status: 0, message: 'Cannot reach …', code: 'connection_error' });
    expect((await explainError(unreachable, context)).exitCode).toBe(3);
    const aborted = new LlmuxError({ status: 0, message: 'aborted', code: 'aborted' });
    expect((await explainError(aborted, context)).exitCode).toBe(130);
  });

  it('shows status, param and request id for other API errors', async () => {
    const error = new LlmuxError({
      status: 400,
      message: 'temperature is not supported by this model.',
      param: 'temperature',
      requestId: 'req_1',
    });
    expect((await explainError(error, context)).message).toBe(
      'HTTP 400 [temperature]: temperature is not supported by this model. (request req_1)',
    );
  });

  it('suspects a base URL without /v1 on a 404', async () => {
    const error = new LlmuxError({
      status: 404,
      message: 'Unknown request URL: GET /models.',
      code: 'unknown_url',
    });
    const explained = await explainError(error, { ...context, baseURL: 'http://127.0.0.1:8787' });
    expect(explained.message).toContain('does not end in /v1');
  });
});
