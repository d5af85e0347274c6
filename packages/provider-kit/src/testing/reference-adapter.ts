import type { ChatCompletion, ChatCompletionChunk } from '@llmux/contract';
import type { ModelCapabilities, ProviderAdapter, StreamTranslator } from '../adapter.js';
import { createParameterSupport, type ParameterSupport } from '../parameter-support.js';
import { malformedUpstreamResponse, upstreamStreamCut } from '../provider-error.js';
import { defineAdapter } from '../translate-stream.js';
import { createUpstreamError, parseRetryAfter } from '../upstream-errors.js';

/**
 * A minimal OpenAI Chat Completions pass-through adapter, for provider-kit's own tests (the conformance
 * suite and `callAdapter`). Not exported: the real one is @llmux/provider-openai. `breaks` makes it
 * violate one invariant, to show that the suite's checks can fail.
 */
export function createReferenceAdapter(
  breaks: { omitRole?: boolean; usageTwice?: boolean; acceptTruncated?: boolean } = {},
): ProviderAdapter {
  return defineAdapter({
    protocol: 'openai-chat',
    name: 'reference-openai',
    parameterSupport: supportFor,
    toUpstream(request, target) {
      const body: Record<string, unknown> = { ...request, model: target.upstreamModel };
      // Always ask for stream usage: billing needs it (the caller strips it when the client did not ask).
      if (request.stream) body.stream_options = { include_usage: true };
      return {
        request: {
          url: `${target.baseUrl}/chat/completions`,
          method: 'POST',
          headers: { authorization: `Bearer ${target.apiKey}` },
          body,
          stream: request.stream === true,
        },
        warnings: [],
      };
    },
    fromResponse(body, context) {
      const upstream = body as ChatCompletion;
      if (!upstream || !Array.isArray(upstream.choices))
        throw malformedUpstreamResponse('The upstream', 'the answer has no choices.');
      return {
        ...upstream,
        id: context.completionId,
        created: context.created,
        model: context.publicModel,
        choices: upstream.choices.map((choice) => ({
          ...choice,
          logprobs: choice.logprobs ?? null,
          message: { ...choice.message, refusal: choice.message.refusal ?? null },
        })),
      };
    },
    createStreamTranslator(context): StreamTranslator {
      let done = false;
      let usageChunk: ChatCompletionChunk | undefined;
      return {
        push(event) {
          if (event.data === '[DONE]') {
            done = true;
            return [];
          }
          let payload: unknown;
          try {
            payload = JSON.parse(event.data);
          } catch {
            throw malformedUpstreamResponse('The upstream', 'a stream event is not JSON.');
          }
          const record = payload as { error?: { message?: string; code?: string } } & ChatCompletionChunk;
          if (record.error) {
            throw createUpstreamError(500, {
              vendorMessage: record.error.message,
              vendorCode: record.error.code,
            });
          }
          const chunk: ChatCompletionChunk = {
            ...record,
            id: context.completionId,
            created: context.created,
            model: context.publicModel,
            choices: record.choices.map((choice) => {
              const delta = { ...choice.delta };
              if (breaks.omitRole) delete delta.role;
              return { ...choice, delta, finish_reason: choice.finish_reason ?? null };
            }),
          };
          if (chunk.usage && chunk.choices.length === 0) {
            usageChunk = chunk;
            return [];
          }
          return [{ ...chunk, usage: undefined }];
        },
        finish() {
          if (!done && !breaks.acceptTruncated) throw upstreamStreamCut('The upstream', '[DONE]');
          if (!usageChunk) return [];
          return breaks.usageTwice ? [usageChunk, usageChunk] : [usageChunk];
        },
      };
    },
    fromError(status, body, headers) {
      const error = (
        body as { error?: { message?: string; code?: string | null; param?: string | null } } | undefined
      )?.error;
      return createUpstreamError(status, {
        vendorCode: error?.code ?? undefined,
        vendorMessage: error?.message,
        param: error?.param ?? undefined,
        retryAfterMs: parseRetryAfter(headers),
      });
    },
  });
}

function supportFor(capabilities: ModelCapabilities): ParameterSupport {
  const rejectUnless = (supported: boolean, note: string) =>
    supported ? undefined : { mode: 'reject' as const, note };
  return createParameterSupport({
    image_url: rejectUnless(capabilities.vision, 'This model does not accept images.'),
    temperature: rejectUnless(
      capabilities.temperature !== null,
      'This model accepts only its default temperature.',
    ),
    top_p: rejectUnless(capabilities.topP, 'This model does not support top_p.'),
    frequency_penalty: rejectUnless(capabilities.penalties, 'This model does not support frequency_penalty.'),
    presence_penalty: rejectUnless(capabilities.penalties, 'This model does not support presence_penalty.'),
    stop: rejectUnless(capabilities.stop, 'This model does not support stop.'),
    n: capabilities.nativeN ? undefined : { mode: 'emulate', note: 'Fanned out as parallel calls.' },
    'response_format.json_object': rejectUnless(capabilities.jsonMode, 'This model has no JSON mode.'),
    'response_format.json_schema': rejectUnless(
      capabilities.jsonSchema,
      'This model has no structured outputs.',
    ),
    tools: rejectUnless(capabilities.tools, 'This model does not support tools.'),
    tool_choice: rejectUnless(capabilities.tools, 'This model does not support tools.'),
    parallel_tool_calls: rejectUnless(
      capabilities.parallelToolCalls,
      'This model does not support parallel_tool_calls.',
    ),
    seed: rejectUnless(capabilities.seed, 'This model does not support seed.'),
    logprobs: rejectUnless(capabilities.logprobs, 'This model does not return logprobs.'),
    logit_bias: rejectUnless(capabilities.logitBias, 'This model does not support logit_bias.'),
    reasoning_effort: rejectUnless(
      capabilities.reasoningEffort !== null,
      'This model has no reasoning effort.',
    ),
  });
}
