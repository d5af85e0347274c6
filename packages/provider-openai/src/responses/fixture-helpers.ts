import { readFileSync } from 'node:fs';
import type { ChatCompletionRequest } from '@llmux/contract';
import type { ModelCapabilities, ResponseContext, UpstreamTarget } from '@llmux/provider-kit';
import { createTestContext } from '@llmux/provider-kit/testing';
import type { SseEvent } from '@llmux/sse';

/** Test support: this folder's fixtures, a target and a context. Not exported from the package. */

const fixtures = new URL('./__fixtures__/', import.meta.url);

export function readFixtureText(name: string): string {
  return readFileSync(new URL(name, fixtures), 'utf8');
}

export function readFixtureJson(name: string): unknown {
  return JSON.parse(readFixtureText(name));
}

/**
 * A `.chunks.txt` recording replayed as OpenAI frames a Responses stream: `event: <type>` + `data: <line>`,
 * no `[DONE]`. A file holding several streams (one agent loop) is split at each `response.created`;
 * `streamIndex` picks one.
 */
export function readFixtureEvents(
  name: string,
  streamIndex = 0,
  repair: (line: string) => string = (line) => line,
): SseEvent[] {
  const streams: SseEvent[][] = [];
  for (const recorded of readFixtureText(name).split('\n')) {
    if (recorded.trim() === '') continue;
    const line = repair(recorded);
    const type = (JSON.parse(line) as { type: string }).type;
    if (type === 'response.created' || streams.length === 0) streams.push([]);
    streams.at(-1)!.push({ event: type, data: line });
  }
  const events = streams[streamIndex];
  if (!events) throw new Error(`${name} has no stream ${streamIndex}`);
  return events;
}

/**
 * `parallel-tool-call-wrapper.1.chunks.txt` was published with its first and last lines one `}` short
 * (the `response` object is closed, the event is not); this closes them.
 */
export function closeUnbalancedLine(line: string): string {
  let depth = 0;
  let inString = false;
  for (let position = 0; position < line.length; position++) {
    const character = line[position];
    if (inString) {
      if (character === '\\') position++;
      else if (character === '"') inString = false;
    } else if (character === '"') inString = true;
    else if (character === '{' || character === '[') depth++;
    else if (character === '}' || character === ']') depth--;
  }
  return line + '}'.repeat(Math.max(0, depth));
}

/** gpt-5.3-codex as the catalog describes it: a Responses-only reasoning model. */
export const CODEX_CAPABILITIES: ModelCapabilities = {
  tools: true,
  vision: true,
  jsonMode: true,
  jsonSchema: true,
  reasoning: true,
  nativeN: false,
  penalties: false,
  stop: false,
  seed: false,
  logprobs: false,
  logitBias: false,
  temperature: null,
  topP: false,
  parallelToolCalls: true,
  toolChoiceRequired: true,
  reasoningEffort: ['low', 'medium', 'high', 'xhigh'],
  streamUsage: true,
};

export function createTarget(overrides: Partial<UpstreamTarget> = {}): UpstreamTarget {
  return {
    publicModel: 'gpt-5-3-codex',
    upstreamModel: 'gpt-5.3-codex',
    baseUrl: 'https://api.openai.com/v1',
    apiKey: 'sk-test-responses-key',
    capabilities: CODEX_CAPABILITIES,
    maxOutputTokens: 128_000,
    ...overrides,
  };
}

export function createRequest(overrides: Partial<ChatCompletionRequest> = {}): ChatCompletionRequest {
  return { model: 'gpt-5-3-codex', messages: [{ role: 'user', content: 'Hello' }], ...overrides };
}

export function createContext(overrides: Partial<ResponseContext> = {}): ResponseContext {
  return createTestContext({ publicModel: 'gpt-5-3-codex', request: createRequest(), ...overrides });
}
