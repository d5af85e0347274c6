import { readFileSync } from 'node:fs';
import type { ChatCompletionRequest } from '@llmux/contract';
import type { ModelCapabilities, ResponseContext, UpstreamTarget } from '@llmux/provider-kit';
import { createTestContext } from '@llmux/provider-kit/testing';
import type { SseEvent } from '@llmux/sse';

/** Test-only helpers: this folder's recordings, a target and a context, OpenAI's schema validators. */

const here = new URL('./', import.meta.url);

export function readFixtureText(name: string): string {
  return readFileSync(new URL(name, here), 'utf8');
}

export function readFixtureJson(name: string): unknown {
  return JSON.parse(readFixtureText(name));
}

/** A `.chunks.txt` recording replayed as Anthropic frames it: `event: <type>` + `data: <line>`. */
export function readFixtureEvents(name: string, transform: (line: string) => string = (line) => line): SseEvent[] {
  return readFixtureText(name)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const data = transform(line);
      return { event: (JSON.parse(data) as { type: string }).type, data };
    });
}

/** The `anthropic-json-tool` recordings used Vercel's tool name `json`; ours is `json_response`. */
export function renameJsonTool(text: string): string {
  return text.replaceAll('"name":"json"', '"name":"json_response"');
}

export const BASE_CAPABILITIES: ModelCapabilities = {
  tools: true,
  vision: true,
  jsonMode: false,
  jsonSchema: true,
  reasoning: true,
  nativeN: false,
  penalties: false,
  stop: true,
  seed: false,
  logprobs: false,
  logitBias: false,
  temperature: { min: 0, max: 1 },
  topP: true,
  parallelToolCalls: true,
  toolChoiceRequired: true,
  reasoningEffort: ['low', 'medium', 'high'],
  streamUsage: true,
};

export function createTarget(overrides: Partial<UpstreamTarget> = {}): UpstreamTarget {
  return {
    publicModel: 'claude-sonnet-4-5-20250929',
    upstreamModel: 'claude-sonnet-4-5-20250929',
    baseUrl: 'https://api.anthropic.com',
    apiKey: 'sk-ant-test',
    capabilities: BASE_CAPABILITIES,
    maxOutputTokens: 64_000,
    ...overrides,
  };
}

export function createRequest(overrides: Partial<ChatCompletionRequest> = {}): ChatCompletionRequest {
  return {
    model: 'claude-sonnet-4-5-20250929',
    messages: [{ role: 'user', content: 'Hello' }],
    ...overrides,
  };
}

export function createContext(request: ChatCompletionRequest = createRequest()): ResponseContext {
  return createTestContext({ publicModel: 'claude-sonnet-4-5-20250929', request });
}

