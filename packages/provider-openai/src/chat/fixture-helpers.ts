import { readFileSync } from 'node:fs';
import type { ChatCompletionRequest } from '@llmux/contract';
import type { ModelCapabilities, ResponseContext, UpstreamTarget } from '@llmux/provider-kit';
import { createTestContext, readChunksFile } from '@llmux/provider-kit/testing';
import type { SseEvent } from '@llmux/sse';

/** Test support: fixtures, targets and contexts. Not exported from the package. */

export function readFixture(url: URL): string {
  return readFileSync(url, 'utf8');
}

export function readJsonFixture(url: URL): unknown {
  return JSON.parse(readFixture(url));
}

/** A `.chunks.txt` fixture as the SSE events the upstream sent, `[DONE]` included unless told otherwise. */
export function readChunkEvents(url: URL, options: { done?: boolean } = {}): SseEvent[] {
  return readChunksFile(readFixture(url), { done: options.done !== false });
}

/** A capable non-reasoning chat model (gpt-4o-like). */
export const CHAT_MODEL_CAPABILITIES: ModelCapabilities = {
  tools: true,
  vision: true,
  jsonMode: true,
  jsonSchema: true,
  reasoning: false,
  nativeN: true,
  penalties: true,
  stop: true,
  seed: true,
  logprobs: true,
  logitBias: true,
  temperature: { min: 0, max: 2 },
  topP: true,
  parallelToolCalls: true,
  toolChoiceRequired: true,
  reasoningEffort: null,
  streamUsage: true,
};

/** A gpt-5-like reasoning model: default temperature only, no sampling knobs. */
export const REASONING_MODEL_CAPABILITIES: ModelCapabilities = {
  ...CHAT_MODEL_CAPABILITIES,
  reasoning: true,
  penalties: false,
  stop: false,
  logprobs: false,
  logitBias: false,
  temperature: null,
  topP: false,
  reasoningEffort: ['minimal', 'low', 'medium', 'high'],
};

export function createTarget(overrides: Partial<UpstreamTarget> = {}): UpstreamTarget {
  return {
    publicModel: 'gpt-4o',
    upstreamModel: 'gpt-4o',
    baseUrl: 'https://api.openai.com/v1',
    apiKey: 'sk-test',
    capabilities: CHAT_MODEL_CAPABILITIES,
    maxOutputTokens: 16_384,
    ...overrides,
  };
}

export function createRequest(overrides: Partial<ChatCompletionRequest> = {}): ChatCompletionRequest {
  return { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hello' }], ...overrides };
}

export function createContext(overrides: Partial<ResponseContext> = {}): ResponseContext {
  return createTestContext({ publicModel: 'gpt-4o', request: createRequest(), ...overrides });
}
