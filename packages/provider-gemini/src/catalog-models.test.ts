import { listModels } from '@llmux/catalog';
import type { ChatCompletionRequest } from '@llmux/contract';
import { describe, expect, it } from 'vitest';
import { createGeminiAdapter } from './gemini-adapter.js';
import { createTarget } from './test-support/fixtures.js';

// Every Gemini model of the catalog, with its own capabilities: a realistic request goes through, and
// each reasoning effort the catalog lists reaches Gemini under the knob that model takes.
const adapter = createGeminiAdapter();
const geminiModels = listModels().filter((model) => model.protocol === 'gemini');

describe('the catalog’s Gemini models', () => {
  it('are the seven gemini-* models', () => {
    expect(geminiModels.map((model) => model.id).sort()).toEqual([
      'gemini-2.0-flash',
      'gemini-2.5-flash',
      'gemini-2.5-pro',
      'gemini-3-flash-preview',
      'gemini-3-pro-preview',
      'gemini-3.1-flash-image-preview',
      'gemini-3.1-pro-preview',
    ]);
  });

  for (const model of geminiModels) {
    const endpoint = model.endpoints[0]!;
    const target = createTarget({
      publicModel: model.id,
      upstreamModel: endpoint.upstreamModel,
      capabilities: model.capabilities,
      maxOutputTokens: model.maxOutputTokens,
    });

    it(`${model.id}: translates a chat request with the model’s own capabilities`, () => {
      const request: ChatCompletionRequest = {
        model: model.id,
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Hello' },
        ],
        max_tokens: 50,
        temperature: 0.2,
        ...(model.capabilities.tools
          ? {
              tools: [
                {
                  type: 'function',
                  function: { name: 'now', parameters: { type: 'object', properties: {} } },
                },
              ],
            }
          : {}),
      };
      const { request: upstream } = adapter.toUpstream(request, target);
      expect(upstream.url).toBe(
        `https://generativelanguage.googleapis.com/v1beta/models/${endpoint.upstreamModel}:generateContent`,
      );
      expect(upstream.body).toMatchObject({ generationConfig: { maxOutputTokens: 50, temperature: 0.2 } });
      const modalities = (upstream.body.generationConfig as { responseModalities?: string[] })
        .responseModalities;
      expect(modalities).toEqual(model.id.includes('-image') ? ['TEXT', 'IMAGE'] : undefined);
    });

    for (const effort of model.capabilities.reasoningEffort ?? []) {
      it(`${model.id}: reasoning_effort ${effort} becomes a thinking config`, () => {
        const { request: upstream, warnings } = adapter.toUpstream(
          {
            model: model.id,
            messages: [{ role: 'user', content: 'Think' }],
            reasoning_effort: effort as 'low',
          },
          target,
        );
        const thinking = (upstream.body.generationConfig as { thinkingConfig: Record<string, unknown> })
          .thinkingConfig;
        if (endpoint.upstreamModel.startsWith('gemini-2.5'))
          expect(thinking.thinkingBudget).toEqual(expect.any(Number));
        else expect(thinking.thinkingLevel).toBe(effort);
        expect(warnings).toEqual([]);
      });
    }
  }
});
