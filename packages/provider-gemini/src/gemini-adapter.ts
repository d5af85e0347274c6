import {
  checkParameters,
  createParameterSupport,
  defineAdapter,
  type ModelCapabilities,
  type ParameterSupport,
  type ProviderAdapter,
} from '@llmux/provider-kit';
import { convertRequest } from './convert-request.js';
import { convertResponse } from './convert-response.js';
import { createStreamTranslator } from './convert-stream.js';
import { convertError } from './errors.js';

/** Google's API host; `GEMINI_BASE_URL` follows Google's SDK convention (no `/v1beta`). */
export const GEMINI_DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com';

/** How each request field reaches Gemini, for a model with these capabilities (the README's table). */
export function describeGeminiParameters(capabilities: ModelCapabilities): ParameterSupport {
  const reject = (note: string) => ({ mode: 'reject' as const, note });
  return createParameterSupport({
    messages: { mode: 'translate', note: 'contents (user/model); system and developer → systemInstruction' },
    image_url: capabilities.vision
      ? {
          mode: 'translate',
          note: 'data: URL → inlineData; http(s) URL downloaded by the gateway → inlineData',
        }
      : reject('This Gemini model does not accept images.'),
    max_tokens: {
      mode: 'translate',
      note: 'generationConfig.maxOutputTokens (thinking tokens count against it)',
    },
    temperature: capabilities.temperature
      ? {
          mode: 'translate',
          note: `generationConfig.temperature (${capabilities.temperature.min}–${capabilities.temperature.max})`,
        }
      : reject('This Gemini model accepts only its default temperature.'),
    top_p: capabilities.topP
      ? { mode: 'translate', note: 'generationConfig.topP' }
      : reject('This Gemini model does not accept top_p.'),
    frequency_penalty: capabilities.penalties
      ? { mode: 'translate', note: 'generationConfig.frequencyPenalty' }
      : reject(
          'Gemini 2.5 and 3 models do not accept frequency_penalty or presence_penalty (Google answers "Penalty is not enabled").',
        ),
    presence_penalty: capabilities.penalties
      ? { mode: 'translate', note: 'generationConfig.presencePenalty' }
      : reject(
          'Gemini 2.5 and 3 models do not accept frequency_penalty or presence_penalty (Google answers "Penalty is not enabled").',
        ),
    stream: { mode: 'translate', note: ':streamGenerateContent?alt=sse' },
    stop: capabilities.stop
      ? { mode: 'translate', note: 'generationConfig.stopSequences' }
      : reject('This Gemini model does not accept stop sequences.'),
    n: capabilities.nativeN
      ? { mode: 'translate', note: 'generationConfig.candidateCount' }
      : {
          mode: 'emulate',
          note: 'one candidate per call (Gemini 3 refuses candidateCount > 1): the gateway makes n parallel calls',
        },
    'response_format.json_object': capabilities.jsonMode
      ? { mode: 'translate', note: 'responseMimeType application/json' }
      : reject('This Gemini model has no JSON mode.'),
    'response_format.json_schema': capabilities.jsonSchema
      ? {
          mode: 'translate',
          note: 'responseMimeType + responseSchema (converted to Gemini’s OpenAPI subset)',
        }
      : reject('This Gemini model does not accept json_schema response formats.'),
    tools: capabilities.tools
      ? {
          mode: 'translate',
          note: 'functionDeclarations (schema converted; unsupported keywords dropped with a warning)',
        }
      : reject('This Gemini model has no function calling.'),
    tool_choice: {
      mode: 'translate',
      note: 'toolConfig.functionCallingConfig AUTO / ANY / NONE (+ allowedFunctionNames)',
    },
    parallel_tool_calls: { mode: 'translate', note: 'no switch upstream: `false` is dropped with a warning' },
    user: { mode: 'translate', note: 'no such field upstream: dropped with a warning' },
    seed: capabilities.seed
      ? { mode: 'translate', note: 'generationConfig.seed' }
      : reject('This Gemini model does not accept seed.'),
    logprobs: reject('The Gemini adapter does not return logprobs.'),
    logit_bias: reject('Gemini has no logit_bias.'),
    reasoning_effort: capabilities.reasoning
      ? {
          mode: 'translate',
          note: 'thinkingConfig: thinkingBudget on 2.5, thinkingLevel on 3 (includeThoughts on)',
        }
      : reject('This Gemini model does not think; reasoning_effort is not accepted.'),
  });
}

/**
 * The adapter for Google's Gemini API.
 *
 * @example
 * const adapter = createGeminiAdapter();
 * const { request } = adapter.toUpstream(chatRequest, target);
 * const response = await fetch(request.url, { method: 'POST', headers: request.headers, body: JSON.stringify(request.body) });
 */
export function createGeminiAdapter(): ProviderAdapter {
  return defineAdapter({
    protocol: 'gemini',
    name: 'gemini',
    parameterSupport: describeGeminiParameters,
    toUpstream(request, target) {
      // The same 400s whether or not the caller (the gateway, callAdapter) ran the policy first.
      checkParameters(request, describeGeminiParameters(target.capabilities));
      const { body, warnings } = convertRequest(request, target);
      const stream = request.stream === true;
      const base = (target.baseUrl || GEMINI_DEFAULT_BASE_URL).replace(/\/+$/, '');
      const model = encodeURIComponent(target.upstreamModel.replace(/^models\//, ''));
      const url = stream
        ? `${base}/v1beta/models/${model}:streamGenerateContent?alt=sse`
        : `${base}/v1beta/models/${model}:generateContent`;
      return {
        request: {
          url,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-goog-api-key': target.apiKey,
            ...(stream ? { accept: 'text/event-stream' } : {}),
          },
          body: body as unknown as Record<string, unknown>,
          stream,
        },
        warnings,
      };
    },
    fromResponse: convertResponse,
    createStreamTranslator,
    fromError: convertError,
  });
}
