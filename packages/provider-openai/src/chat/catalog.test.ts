import { listModels } from '@llmux/catalog';
import type { ChatCompletionRequest } from '@llmux/contract';
import { isProviderError, SUPPORT_FIELDS, type UpstreamTarget } from '@llmux/provider-kit';
import { sampleRequestFor } from '@llmux/provider-kit/testing';
import { describe, expect, it } from 'vitest';
import { createOpenAIChatAdapter } from './chat-dialect-adapter.js';
import { OPENAI_BASE_URL } from './openai-chat-dialect.js';

// Every catalog model served by OpenAI's Chat Completions: the adapter translates a plain and a
// streamed request, and refuses on its own (without the gateway's checkParameters) every field its
// support table rejects.

const endpoints = listModels().flatMap((model) =>
  model.endpoints
    .filter((endpoint) => endpoint.protocol === 'openai-chat' && endpoint.provider === 'openai')
    .map((endpoint) => ({ model, endpoint })),
);
const profile = { name: 'openai', defaultBaseUrl: OPENAI_BASE_URL };

describe('catalog models on OpenAI Chat Completions', () => {
  it('finds the OpenAI chat models', () => {
    expect(endpoints.length).toBeGreaterThan(5);
  });

  for (const { model, endpoint } of endpoints) {
    it(`${model.id} (${endpoint.upstreamModel})`, () => {
      const adapter = createOpenAIChatAdapter();
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
      expect(streamed.body.stream_options).toEqual({ include_usage: true });
      if (model.capabilities.reasoning) {
        const limited = adapter.toUpstream({ ...base, max_tokens: 50 }, target).request.body;
        expect(limited).toMatchObject({ max_completion_tokens: 50 });
        expect(limited).not.toHaveProperty('max_tokens');
      }

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
    });
  }
});
