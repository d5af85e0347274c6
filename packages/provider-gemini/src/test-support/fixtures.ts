import { readFileSync } from 'node:fs';
import type { ChatCompletionRequest } from '@llmux/contract';
import type { ModelCapabilities, ResponseContext, UpstreamTarget } from '@llmux/provider-kit';
import { createTestContext } from '@llmux/provider-kit/testing';
import type { SseEvent } from '@llmux/sse';

const FIXTURES = new URL('../__fixtures__/', import.meta.url);

export function readJsonFixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8'));
}

/** A recorded stream as the SSE events Gemini sent (one JSON payload per line in the file). */
export function readChunksFixture(name: string): SseEvent[] {
  return readFileSync(new URL(name, FIXTURES), 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((data) => ({ data }));
}

export const GEMINI_CAPABILITIES: ModelCapabilities = {
  tools: true,
  vision: true,
  jsonMode: true,
  jsonSchema: true,
  reasoning: true,
  nativeN: true,
  penalties: false,
  stop: true,
  seed: true,
  logprobs: false,
  logitBias: false,
  temperature: { min: 0, max: 2 },
  topP: true,
  parallelToolCalls: true,
  toolChoiceRequired: true,
  reasoningEffort: ['low', 'medium', 'high'],
  streamUsage: true,
};

export function createTarget(overrides: Partial<UpstreamTarget> = {}): UpstreamTarget {
  return {
    publicModel: 'gemini-2.5-flash',
    upstreamModel: 'gemini-2.5-flash',
    baseUrl: 'https://generativelanguage.googleapis.com',
    apiKey: 'test-key',
    capabilities: GEMINI_CAPABILITIES,
    maxOutputTokens: 65536,
    ...overrides,
  };
}

export function createContext(request?: Partial<ChatCompletionRequest>): ResponseContext {
  return createTestContext({
    publicModel: 'gemini-3-pro-preview',
    request: { model: 'gemini-3-pro-preview', messages: [{ role: 'user', content: 'hi' }], ...request },
  });
}

export function readTextFixture(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8');
}
