/**
 * The hub requests toHubRequest makes, through each upstream adapter family's request builder: what each
 * vendor needs back arrives (a Gemini thought signature, DeepSeek's reasoning_content, Claude's signed thinking)
 * and nothing another vendor would refuse leaks (reasoning_details, extra_content, $schema, Anthropic fields).
 *
 * The sibling adapters are devDependencies (none of them depends on this package, so the graph stays acyclic).
 */

import { createGeminiAdapter } from '@llmux/provider-gemini';
import type { InboundModel, ModelCapabilities, ProviderAdapter, UpstreamTarget } from '@llmux/provider-kit';
import { createOpenAIChatAdapter, createOpenAIResponsesAdapter } from '@llmux/provider-openai';
import { createOpenAICompatibleAdapter, deepseekProfile } from '@llmux/provider-openai-compatible';
import { describe, expect, it } from 'vitest';
import { createAnthropicAdapter } from '../anthropic-adapter.js';
import { parseAnthropicRequest } from './parse-request.js';
import {
  DEEPSEEK_MODEL,
  GEMINI_MODEL,
  GPT_MODEL,
  readClaudeCodeRequests,
  readRequestFixture,
} from './test-support.js';
import { toHubRequest } from './to-hub-request.js';

const CAPABILITIES: ModelCapabilities = {
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

function target(
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
    capabilities: { ...CAPABILITIES, ...capabilities },
  };
}

interface Family {
  name: string;
  adapter: ProviderAdapter;
  target: UpstreamTarget;
  model: InboundModel;
}

const FAMILIES: Family[] = [
  {
    name: 'OpenAI chat',
    adapter: createOpenAIChatAdapter(),
    target: target('gpt-4-1', 'https://api.openai.com/v1', { reasoning: false, reasoningEffort: null }),
    model: { id: 'gpt-4-1', upstreamProtocol: 'openai-chat', reasoning: false, reasoningEffort: null },
  },
  {
    name: 'OpenAI Responses',
    adapter: createOpenAIResponsesAdapter(),
    target: target('gpt-5-2', 'https://api.openai.com/v1', {
      temperature: null,
      reasoningEffort: GPT_MODEL.reasoningEffort,
    }),
    model: GPT_MODEL,
  },
  {
    name: 'OpenAI-compatible (DeepSeek)',
    adapter: createOpenAICompatibleAdapter(deepseekProfile),
    target: target('deepseek-reasoner', deepseekProfile.defaultBaseUrl, {
      reasoningEffort: null,
      vision: false,
    }),
    model: DEEPSEEK_MODEL,
  },
  {
    name: 'Gemini',
    adapter: createGeminiAdapter(),
    target: target('gemini-3-pro-preview', 'https://generativelanguage.googleapis.com', {
      reasoningEffort: GEMINI_MODEL.reasoningEffort,
    }),
    model: GEMINI_MODEL,
  },
  {
    name: 'Anthropic',
    adapter: createAnthropicAdapter(),
    target: target('claude-sonnet-4-5', 'https://api.anthropic.com', { temperature: { min: 0, max: 1 } }),
    model: {
      id: 'claude-sonnet-4-5',
      upstreamProtocol: 'anthropic-messages',
      reasoning: true,
      reasoningEffort: ['low', 'medium', 'high'],
    },
  },
];

function upstreamBody(family: Family, fixture = 'round-trip.request.json'): Record<string, unknown> {
  const parsed = readRequestFixture(fixture);
  // Temperature and stop sequences are refused by some (the Responses API has no stop); this is about messages.
  const { temperature: _temperature, stop_sequences: _stop, ...request } = parsed;
  const { request: hub } = toHubRequest(
    { ...request, messages: withoutImages(request.messages, family) },
    family.model,
  );
  return family.adapter.toUpstream(hub, family.target).request.body as Record<string, unknown>;
}

/** DeepSeek takes no images; the round trip there is about reasoning. */
function withoutImages<T>(messages: T, family: Family): T {
  if (family.target.capabilities.vision) return messages;
  return JSON.parse(JSON.stringify(messages), (key, value) =>
    Array.isArray(value) && key === 'content' ? value.filter((block) => block?.type !== 'image') : value,
  );
}

describe('toHubRequest through each adapter family', () => {
  it.each(FAMILIES.filter((family) => family.name !== 'Anthropic'))(
    '$name: no Anthropic field, reasoning_details or JSON Schema draft reaches the upstream',
    (family) => {
      const text = JSON.stringify(upstreamBody(family));
      for (const leak of [
        'reasoning_details',
        'cache_control',
        '$schema',
        'anthropic-claude-v1',
        'EqQBCkYIBxgCKkAanthropic',
        'llmux1.',
        '"thinking"',
        'stop_sequences',
        'metadata',
      ]) {
        expect(text, leak).not.toContain(leak);
      }
    },
  );

  it.each(FAMILIES.filter((family) => family.name !== 'Gemini'))(
    '$name: the Gemini thought signature goes nowhere else',
    (family) => {
      const text = JSON.stringify(upstreamBody(family));
      expect(text).not.toContain('extra_content');
      expect(text).not.toContain('gemini-thought-sig-1');
    },
  );

  it('Gemini: the thought signature is back on its function call', () => {
    const family = FAMILIES.find((candidate) => candidate.name === 'Gemini') as Family;
    const body = upstreamBody(family) as { contents: { role: string; parts: Record<string, unknown>[] }[] };
    const calls = body.contents.flatMap((content) => content.parts).filter((part) => 'functionCall' in part);
    expect(calls[0]).toMatchObject({
      functionCall: { name: 'weather', args: { city: 'Paris' } },
      thoughtSignature: 'gemini-thought-sig-1',
    });
    expect(calls[1]).not.toHaveProperty('thoughtSignature');
  });

  it('DeepSeek: the reasoning goes back on the tool-call turn', () => {
    const family = FAMILIES.find((candidate) => candidate.name.includes('DeepSeek')) as Family;
    const body = upstreamBody(family) as { messages: Record<string, unknown>[] };
    const toolTurn = body.messages.find((message) => message.role === 'assistant' && message.tool_calls);
    expect(toolTurn).toHaveProperty('reasoning_content', 'I need both cities.');
  });

  it('OpenAI chat: reasoning text another vendor wrote is not sent to OpenAI', () => {
    const family = FAMILIES.find((candidate) => candidate.name === 'OpenAI chat') as Family;
    expect(JSON.stringify(upstreamBody(family))).not.toContain('reasoning_content');
  });

  it("Anthropic: Claude's signed thinking and redacted thinking go back as they came", () => {
    const family = FAMILIES.find((candidate) => candidate.name === 'Anthropic') as Family;
    const body = upstreamBody(family) as { messages: { role: string; content: Record<string, unknown>[] }[] };
    const blocks = body.messages.flatMap((message) => message.content);
    expect(blocks).toContainEqual({
      type: 'thinking',
      thinking: 'Claude wrote this.',
      signature: 'EqQBCkYIBxgCKkAanthropic',
    });
    expect(blocks).toContainEqual({ type: 'redacted_thinking', data: 'EmwKAhgBEgy-redacted' });
    expect(JSON.stringify(body)).not.toContain('llmux1.');
  });

  it.each(FAMILIES)("$name: Claude Code's recorded requests build an upstream request", (family) => {
    for (const { body } of readClaudeCodeRequests()) {
      const { request: hub } = toHubRequest(parseAnthropicRequest(body).request, family.model);
      expect(() => family.adapter.toUpstream(hub, family.target)).not.toThrow();
    }
  });
});
