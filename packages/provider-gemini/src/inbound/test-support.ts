import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { InboundLocation, InboundModel, ModelCapabilities, UpstreamTarget } from '@llmux/provider-kit';
import { type GeminiInboundRequest, parseGeminiRequest } from './parse-request.js';

/** gemini-cli's recorded requests, kept by the gateway's agent tests (read, not copied: ~50 KB each). */
const GEMINI_CLI_FIXTURES = join(
  import.meta.dirname,
  '../../../../apps/gateway/test/fixtures/agents/gemini-cli',
);

function listJson(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return listJson(path);
    return name.endsWith('.json') ? [path] : [];
  });
}

/** The location a recorded URL (`/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse`) arrived at. */
export function locationOf(url: string): InboundLocation {
  const [path = '', query = ''] = url.split('?');
  const match = /\/models\/([^/:]+):/.exec(path);
  return { path, params: match?.[1] ? { model: match[1] } : {}, query: new URLSearchParams(query) };
}

/** Every recorded generateContent request of gemini-cli, by its path under the fixture directory. */
export function readGeminiCliRequests(): { name: string; url: string; body: Record<string, unknown> }[] {
  return listJson(GEMINI_CLI_FIXTURES)
    .map((path) => ({
      name: path.slice(GEMINI_CLI_FIXTURES.length + 1),
      record: JSON.parse(readFileSync(path, 'utf8')),
    }))
    .filter(({ record }) => typeof record.url === 'string' && record.url.includes('/models/') && record.body)
    .map(({ name, record }) => ({
      name,
      url: record.url as string,
      body: record.body as Record<string, unknown>,
    }));
}

export const STREAM_LOCATION = locationOf('/v1beta/models/gpt-5-2:streamGenerateContent?alt=sse');
export const GENERATE_LOCATION = locationOf('/v1beta/models/gpt-5-2:generateContent');

export function readRequestFixture(name: string, location = GENERATE_LOCATION): GeminiInboundRequest {
  const text = readFileSync(join(import.meta.dirname, '__fixtures__', name), 'utf8');
  return parseGeminiRequest(JSON.parse(text), location).request;
}

/** A request of the given body, as parsed from a non-streaming call. */
export function inbound(body: Record<string, unknown>, location = GENERATE_LOCATION): GeminiInboundRequest {
  return parseGeminiRequest(body, location).request;
}

export const GPT_MODEL: InboundModel = {
  id: 'gpt-5-2',
  upstreamProtocol: 'openai-responses',
  reasoning: true,
  reasoningEffort: ['none', 'low', 'medium', 'high', 'xhigh'],
};
export const GEMINI_MODEL: InboundModel = {
  id: 'gemini-3-pro',
  upstreamProtocol: 'gemini',
  reasoning: true,
  reasoningEffort: ['low', 'high'],
};
export const DEEPSEEK_MODEL: InboundModel = {
  id: 'deepseek-v3-2',
  upstreamProtocol: 'openai-chat',
  reasoning: true,
  reasoningEffort: null,
};
export const CLAUDE_MODEL: InboundModel = {
  id: 'claude-sonnet-4-5',
  upstreamProtocol: 'anthropic-messages',
  reasoning: true,
  reasoningEffort: ['low', 'medium', 'high'],
};
export const PLAIN_MODEL: InboundModel = {
  id: 'gpt-4-1',
  upstreamProtocol: 'openai-chat',
  reasoning: false,
  reasoningEffort: null,
};

/** A capable upstream model, for running hub requests through the adapters. */
export const UPSTREAM_CAPABILITIES: ModelCapabilities = {
  tools: true,
  vision: true,
  jsonMode: true,
  jsonSchema: true,
  reasoning: true,
  nativeN: false,
  penalties: true,
  stop: true,
  seed: false,
  logprobs: false,
  logitBias: false,
  temperature: { min: 0, max: 2 },
  topP: true,
  parallelToolCalls: true,
  toolChoiceRequired: true,
  reasoningEffort: ['low', 'medium', 'high'],
  streamUsage: true,
};

export function upstreamTarget(
  model: string,
  baseUrl: string,
  capabilities: Partial<ModelCapabilities> = {},
): UpstreamTarget {
  return {
    publicModel: model,
    upstreamModel: model,
    baseUrl,
    apiKey: 'key-test',
    maxOutputTokens: 64_000,
    capabilities: { ...UPSTREAM_CAPABILITIES, ...capabilities },
  };
}
