import { readFileSync } from 'node:fs';
import type { ChatCompletionRequest } from '@llmux/contract';
import type {
  ModelCapabilities,
  ProviderAdapter,
  ResponseContext,
  UpstreamTarget,
} from '@llmux/provider-kit';
import { createTestContext, readChunksFile } from '@llmux/provider-kit/testing';
import type { SseEvent } from '@llmux/sse';

/** Test support: fixtures, targets and contexts. Not exported from the package. */

const fixtureRoot = new URL('./__fixtures__/', import.meta.url);

export function readJsonFixture(path: string): unknown {
  return JSON.parse(readFileSync(new URL(path, fixtureRoot), 'utf8'));
}

/** A `.chunks.txt` fixture as the SSE events the upstream sent, `[DONE]` appended unless told otherwise. */
export function readChunkEvents(path: string, options: { done?: boolean } = {}): SseEvent[] {
  return readChunksFile(readFileSync(new URL(path, fixtureRoot), 'utf8'), { done: options.done !== false });
}

export const BASE_CAPABILITIES: ModelCapabilities = {
  tools: true,
  vision: false,
  jsonMode: true,
  jsonSchema: false,
  reasoning: false,
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
  reasoningEffort: null,
  streamUsage: true,
};

export function createTarget(
  overrides: Partial<Omit<UpstreamTarget, 'capabilities'>> & {
    capabilities?: Partial<ModelCapabilities>;
  } = {},
): UpstreamTarget {
  const { capabilities, ...rest } = overrides;
  return {
    publicModel: 'model-x',
    upstreamModel: 'model-x',
    baseUrl: 'https://vendor.example/v1',
    apiKey: 'key-test',
    maxOutputTokens: 8192,
    ...rest,
    capabilities: { ...BASE_CAPABILITIES, ...capabilities },
  };
}

export function createRequest(overrides: Partial<ChatCompletionRequest> = {}): ChatCompletionRequest {
  return { model: 'model-x', messages: [{ role: 'user', content: 'Hello' }], ...overrides };
}

export function createContext(overrides: Partial<ResponseContext> = {}): ResponseContext {
  return createTestContext({ publicModel: 'model-x', request: createRequest(), ...overrides });
}

/** Every chunk of a replayed stream, `finish()`'s included. */
export function replayStream(adapter: ProviderAdapter, events: SseEvent[], context = createContext()) {
  const translator = adapter.createStreamTranslator(context);
  return [...events.flatMap((event) => translator.push(event)), ...translator.finish()];
}

/** provider-kit's, re-exported so the profile tests keep one import. */
export { catchProviderError } from '@llmux/provider-kit/testing';
