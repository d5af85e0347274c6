/**
 * The hub requests toHubRequest makes, through each upstream adapter family's request builder: what each
 * vendor needs back arrives (a Gemini thought signature, DeepSeek's reasoning_content) and nothing another
 * vendor would refuse leaks (Gemini's field names, extra_content, llmux1. signatures, $schema).
 *
 * The OpenAI adapters are devDependencies (none depends on this package). The Anthropic adapter is not:
 * provider-anthropic already has provider-gemini as a devDependency, and the reverse would make a cycle.
 */

import type { InboundModel, ProviderAdapter, UpstreamTarget } from '@llmux/provider-kit';
import { createOpenAIChatAdapter, createOpenAIResponsesAdapter } from '@llmux/provider-openai';
import { createOpenAICompatibleAdapter, deepseekProfile } from '@llmux/provider-openai-compatible';
import { describe, expect, it } from 'vitest';
import { createGeminiAdapter } from '../gemini-adapter.js';
import { parseGeminiRequest } from './parse-request.js';
import {
  DEEPSEEK_MODEL,
  GEMINI_MODEL,
  GPT_MODEL,
  locationOf,
  readGeminiCliRequests,
  readRequestFixture,
  upstreamTarget,
} from './test-support.js';
import { toHubRequest } from './to-hub-request.js';

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
    target: upstreamTarget('gpt-4-1', 'https://api.openai.com/v1', {
      reasoning: false,
      reasoningEffort: null,
    }),
    model: { id: 'gpt-4-1', upstreamProtocol: 'openai-chat', reasoning: false, reasoningEffort: null },
  },
  {
    name: 'OpenAI Responses',
    adapter: createOpenAIResponsesAdapter(),
    target: upstreamTarget('gpt-5-2', 'https://api.openai.com/v1', {
      temperature: null,
      reasoningEffort: GPT_MODEL.reasoningEffort,
    }),
    model: GPT_MODEL,
  },
  {
    name: 'OpenAI-compatible (DeepSeek)',
    adapter: createOpenAICompatibleAdapter(deepseekProfile),
    target: upstreamTarget('deepseek-reasoner', deepseekProfile.defaultBaseUrl, {
      reasoningEffort: null,
      vision: false,
    }),
    model: DEEPSEEK_MODEL,
  },
  {
    name: 'Gemini',
    adapter: createGeminiAdapter(),
    target: upstreamTarget('gemini-3-pro-preview', 'https://generativelanguage.googleapis.com', {
      reasoningEffort: GEMINI_MODEL.reasoningEffort,
    }),
    model: GEMINI_MODEL,
  },
];

function upstreamBody(family: Family): Record<string, unknown> {
  const request = readRequestFixture('round-trip.request.json');
  // Sampling is refused by some (the Responses API has neither temperature here nor stop); this is about turns.
  const { temperature: _t, stopSequences: _s, ...generationConfig } = request.body.generationConfig ?? {};
  const body = { ...request.body, generationConfig, contents: withoutImages(request.body.contents, family) };
  const { request: hub } = toHubRequest({ ...request, body }, family.model);
  return family.adapter.toUpstream(hub, family.target).request.body as Record<string, unknown>;
}

/** DeepSeek takes no images; the round trip there is about reasoning. */
function withoutImages<T>(contents: T, family: Family): T {
  if (family.target.capabilities.vision) return contents;
  return JSON.parse(JSON.stringify(contents), (key, value) =>
    Array.isArray(value) && key === 'parts' ? value.filter((part) => part?.inlineData === undefined) : value,
  );
}

describe('toHubRequest through each adapter family', () => {
  it.each(FAMILIES.filter((family) => family.name !== 'Gemini'))(
    '$name: no Gemini field, signature or JSON Schema draft reaches the upstream',
    (family) => {
      const text = JSON.stringify(upstreamBody(family));
      for (const leak of [
        'thoughtSignature',
        'functionCall',
        'functionResponse',
        'generationConfig',
        'safetySettings',
        'googleSearch',
        'extra_content',
        'gemini-thought-sig-1',
        'llmux1.',
        '"OBJECT"',
        '$schema',
        'reasoning_details',
        'anthropic-claude-v1',
      ]) {
        expect(text, leak).not.toContain(leak);
      }
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
    expect(JSON.stringify(body)).not.toContain('llmux1.');
  });

  it('DeepSeek: the reasoning goes back on the tool-call turn', () => {
    const family = FAMILIES.find((candidate) => candidate.name.includes('DeepSeek')) as Family;
    const body = upstreamBody(family) as { messages: Record<string, unknown>[] };
    const toolTurn = body.messages.find((message) => message.role === 'assistant' && message.tool_calls);
    expect(toolTurn).toHaveProperty('reasoning_content', 'I need both cities.');
  });

  it.each(FAMILIES)("$name: gemini-cli's recorded requests build an upstream request", (family) => {
    const recorded = readGeminiCliRequests();
    expect(recorded.length).toBeGreaterThan(0);
    for (const { url, body } of recorded) {
      const { request: hub } = toHubRequest(parseGeminiRequest(body, locationOf(url)).request, family.model);
      const upstream = family.adapter.toUpstream(hub, family.target).request.body;
      const text = JSON.stringify(upstream);
      if (family.name !== 'Gemini') {
        expect(text).not.toContain('parametersJsonSchema');
        expect(text).not.toContain('llmux-fake-reasoning-token');
      }
    }
  });
});
