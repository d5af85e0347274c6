import { listModels } from '@llmux/catalog';
import { checkParameters } from '@llmux/provider-kit';
import { describe, expect, it } from 'vitest';
import { createRequest, createTarget } from './fixture-helpers.js';
import { createOpenAIResponsesAdapter } from './responses-adapter.js';

// Every catalog model whose endpoint speaks openai-responses, as the gateway would call it.
const adapter = createOpenAIResponsesAdapter();
const models = listModels().flatMap((model) =>
  model.endpoints
    .filter((endpoint) => endpoint.protocol === 'openai-responses')
    .map((endpoint) => ({ model, endpoint })),
);

describe('the catalog models served by the Responses adapter', () => {
  it('include gpt-5-pro, the codex models and the -high / -low aliases', () => {
    expect(models.map(({ model }) => model.id)).toEqual(
      expect.arrayContaining([
        'gpt-5-pro',
        'gpt-5-codex',
        'gpt-5-codex-high',
        'gpt-5-codex-low',
        'gpt-5-1-codex-mini',
        'gpt-5-2-codex',
        'gpt-5-3-codex',
      ]),
    );
  });

  it.each(models.map(({ model, endpoint }) => [model.id, model, endpoint] as const))(
    '%s: a plain request translates, with the endpoint effort (if any) and a summary',
    (id, model, endpoint) => {
      const target = createTarget({
        publicModel: id,
        upstreamModel: endpoint.upstreamModel,
        capabilities: model.capabilities,
        maxOutputTokens: model.maxOutputTokens,
        options: endpoint.options,
      });
      const request = createRequest({ model: id, max_tokens: 100 });
      checkParameters(request, adapter.parameterSupport(model.capabilities));
      const { request: upstream } = adapter.toUpstream(request, target);
      expect(upstream.url).toBe('https://api.openai.com/v1/responses');
      expect(upstream.body).toMatchObject({
        model: endpoint.upstreamModel,
        max_output_tokens: 100,
        store: false,
      });
      const effort = endpoint.options?.reasoningEffort;
      expect(upstream.body.reasoning).toEqual(
        model.capabilities.reasoning || effort !== undefined
          ? { ...(effort === undefined ? {} : { effort }), summary: 'auto' }
          : undefined,
      );
    },
  );

  it('refuses sampling parameters on every one of them (reasoning models)', () => {
    for (const { model } of models) {
      const support = adapter.parameterSupport(model.capabilities);
      expect(support.temperature.mode, model.id).toBe('reject');
      expect(support.stop.mode, model.id).toBe('reject');
      expect(support.n.mode, model.id).toBe('emulate');
    }
  });
});
