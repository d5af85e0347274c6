import { createClient, type LlmuxClient } from '@llmux/client';
import type { ErrorContext } from './errors.js';

export const DEFAULT_BASE_URL = 'http://127.0.0.1:8787/v1';

export interface Connection {
  baseURL: string;
  apiKey: string | undefined;
  apiKeySource: ErrorContext['apiKeySource'];
}

/** Flags win over the environment; an empty variable counts as unset. */
export function resolveConnection(
  values: { 'base-url'?: string; 'api-key'?: string },
  env: Record<string, string | undefined>,
): Connection {
  const baseURL = values['base-url'] || env.LLMUX_BASE_URL || DEFAULT_BASE_URL;
  if (values['api-key']) return { baseURL, apiKey: values['api-key'], apiKeySource: '--api-key' };
  if (env.LLMUX_API_KEY) return { baseURL, apiKey: env.LLMUX_API_KEY, apiKeySource: 'LLMUX_API_KEY' };
  return { baseURL, apiKey: undefined, apiKeySource: undefined };
}

export function connect(connection: Connection): LlmuxClient {
  return createClient({
    baseURL: connection.baseURL,
    apiKey: connection.apiKey,
    headers: { 'user-agent': 'llmux-cli' },
  });
}
