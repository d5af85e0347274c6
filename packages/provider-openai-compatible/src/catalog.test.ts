import { listModels } from '@llmux/catalog';
import type { ChatCompletionRequest } from '@llmux/contract';
import { checkParameters, isProviderError, SUPPORT_FIELDS, type UpstreamTarget } from '@llmux/provider-kit';
import { sampleRequestFor } from '@llmux/provider-kit/testing';
import { describe, expect, it } from 'vitest';
import { createOpenAICompatibleAdapter } from './openai-compatible-adapter.js';
import { PROFILES } from './profiles/index.js';

// Every catalog model served over an OpenAI-dialect endpoint of one of our profiles: the profile
// translates a plain and a streamed request, and refuses on its own (without the gateway's
// checkParameters) every field its support table rejects, and serves every default value it accepts.

const endpoints = listModels().flatMap((model) =>
  model.endpoints
    .filter((endpoint) => endpoint.protocol === 'openai-chat' && Object.hasOwn(PROFILES, endpoint.provider))
    .map((endpoint) => ({ model, endpoint, profile: PROFILES[endpoint.provider as keyof typeof PROFILES] })),
);

describe('catalog models on OpenAI-compatible profiles', () => {
  it('covers every profile', () => {
    expect(new Set(endpoints.map((entry) => entry.profile.name))).toEqual(new Set(Object.keys(PROFILES)));
  });

  for (const { model, endpoint, profile } of endpoints) {
    it(`${model.id} on ${profile.name} (${endpoint.upstreamModel})`, () => {
      const adapter = createOpenAICompatibleAdapter(profile);
      const target: UpstreamTarget = {
        publicModel: model.id,
        upstreamModel: endpoint.upstreamModel,
        baseUrl: profile.defaultBaseUrl,
        apiKey: 'key-test',
        capabilities: model.capabilities,
        maxOutputTokens: model.maxOutputTokens,
        ...(endpoint.options ? { options: endpoint.options } : {}),
      };
      const base: ChatCompletionRequest = { model: model.id, messages: [{ role: 'user', content: 'Hello' }] };
      const plain = adapter.toUpstream(base, target).request;
      expect(plain.url.startsWith(profile.defaultBaseUrl)).toBe(true);
      expect(plain.body.model).toBe(endpoint.upstreamModel);
      const streamed = adapter.toUpstream({ ...base, stream: true }, target).request;
      expect(streamed.stream).toBe(true);

      const support = adapter.parameterSupport(model.capabilities);
      for (const field of SUPPORT_FIELDS.filter((name) => support[name].mode === 'reject')) {
        let error: unknown;
        try {
          adapter.toUpstream({ ...base, ...sampleRequestFor(field, model.capabilities) }, target);
        } catch (caught) {
          error = caught;
        }
        expect(isProviderError(error) && error.status === 400, `${field} is refused with a 400`).toBe(true);
      }

      // What the table lets through at its default (acceptedValue) passes the gateway's check and is
      // served: left out of the body, with a warning naming it.
      for (const field of SUPPORT_FIELDS.filter((name) => 'acceptedValue' in support[name])) {
        const request = {
          ...base,
          [field]: support[field].acceptedValue,
          ...(field === 'parallel_tool_calls' && model.capabilities.tools
            ? { tools: [{ type: 'function' as const, function: { name: 'f' } }] }
            : {}),
        } as ChatCompletionRequest;
        checkParameters(request, support);
        const { request: upstream, warnings } = adapter.toUpstream(request, target);
        expect(upstream.body, `${field} at its default is left out`).not.toHaveProperty(field);
        expect(warnings.map((warning) => warning.param)).toContain(field);
      }
    });
  }
});
