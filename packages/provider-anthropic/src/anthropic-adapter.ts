import {
  checkParameters,
  createParameterSupport,
  defineAdapter,
  type ModelCapabilities,
  type ParameterSupport,
  type ProviderAdapter,
} from '@llmux/provider-kit';
import { ANTHROPIC_VERSION } from './anthropic-api.js';
import { convertRequest } from './convert-request.js';
import { convertResponse } from './convert-response.js';
import { createStreamTranslator } from './convert-stream.js';
import { convertError } from './errors.js';

export interface AnthropicAdapterOptions {
  /** The `anthropic-version` header; the default is the only version Anthropic publishes today. */
  anthropicVersion?: string;
  /** Sent as `anthropic-beta` (comma-joined) on every request, for operators who opt into a beta. */
  betas?: readonly string[];
  /**
   * Streamed tool calls arrive whole, each in one chunk when its block closes, instead of with their
   * arguments streamed. Off by default; worth turning on behind an intermediary that splices retried
   * generations into a stream, which can then be answered instead of failed (see the README).
   */
  wholeToolCalls?: boolean;
}

/** How each OpenAI request field reaches a Claude model: the README's support table is this function. */
export function getParameterSupport(capabilities: ModelCapabilities): ParameterSupport {
  return createParameterSupport({
    messages: {
      mode: 'translate',
      note: 'system/developer → top-level system; tool results → tool_result blocks; turns merged to alternate',
    },
    image_url: capabilities.vision
      ? {
          mode: 'translate',
          note: 'http(s) → url source, data: → base64 source (JPEG, PNG, GIF, WebP; PDF → document)',
        }
      : { mode: 'reject', note: 'this model takes no images' },
    max_tokens: {
      mode: 'translate',
      note: 'required upstream: defaults to the model maximum, larger values are clamped to it',
    },
    temperature: {
      mode: 'pass',
      note: 'Anthropic accepts 0 to 1: above 1 is a 400; not sent while thinking',
    },
    top_p: {
      mode: 'pass',
      note: 'not together with temperature (unless top_p is 1); only 0.95 to 1 while thinking',
    },
    frequency_penalty: {
      mode: 'reject',
      note: 'Anthropic has no frequency penalty (0 is accepted and ignored)',
    },
    presence_penalty: {
      mode: 'reject',
      note: 'Anthropic has no presence penalty (0 is accepted and ignored)',
    },
    stream: { mode: 'translate', note: 'typed SSE events → chunks; usage always comes' },
    stop: { mode: 'translate', note: '→ stop_sequences' },
    n: { mode: 'emulate', note: 'Anthropic has no n: the gateway makes n calls' },
    'response_format.json_object': {
      mode: 'emulate',
      note: 'a forced `json_response` tool whose input is the answer',
    },
    'response_format.json_schema': {
      mode: 'emulate',
      note: 'a forced `json_response` tool with the schema as input_schema',
    },
    tools: capabilities.tools
      ? { mode: 'translate', note: '→ { name, description, input_schema }' }
      : { mode: 'reject' },
    tool_choice: { mode: 'translate', note: 'none/auto/required/function → none/auto/any/tool' },
    parallel_tool_calls: { mode: 'translate', note: 'false → tool_choice.disable_parallel_tool_use' },
    user: { mode: 'translate', note: '→ metadata.user_id' },
    seed: { mode: 'reject', note: 'Anthropic has no seed' },
    logprobs: { mode: 'reject', note: 'Anthropic returns no log probabilities' },
    logit_bias: { mode: 'reject', note: 'Anthropic has no logit bias' },
    reasoning_effort:
      capabilities.reasoning && capabilities.reasoningEffort
        ? {
            mode: 'translate',
            note: capabilities.reasoningEffort.includes('max')
              ? 'adaptive thinking + output_config.effort (xhigh → max)'
              : 'extended thinking with budget_tokens (minimal 1024, low 2048, medium 8192, high 16384, xhigh 32768)',
          }
        : { mode: 'reject', note: 'this model has no extended thinking' },
  });
}

/**
 * The adapter for Anthropic's Messages API (all claude-* models).
 *
 * @example
 * const adapter = createAnthropicAdapter();
 * const { request } = adapter.toUpstream(chatRequest, target); // POST request.url with request.headers and request.body
 * const completion = adapter.fromResponse(await response.json(), context);
 */
export function createAnthropicAdapter(options: AnthropicAdapterOptions = {}): ProviderAdapter {
  const version = options.anthropicVersion ?? ANTHROPIC_VERSION;
  return defineAdapter({
    protocol: 'anthropic-messages',
    name: 'anthropic',
    parameterSupport: getParameterSupport,
    toUpstream(request, target) {
      // The gateway checks this too; repeated here so the adapter refuses the same requests on its own.
      checkParameters(request, getParameterSupport(target.capabilities));
      const { body, warnings } = convertRequest(request, target);
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'x-api-key': target.apiKey,
        'anthropic-version': version,
      };
      if (options.betas && options.betas.length > 0) headers['anthropic-beta'] = options.betas.join(',');
      if (body.stream) headers.accept = 'text/event-stream';
      return {
        request: {
          url: `${target.baseUrl.replace(/\/+$/, '')}/v1/messages`,
          method: 'POST',
          headers,
          body: body as unknown as Record<string, unknown>,
          stream: body.stream === true,
        },
        warnings,
      };
    },
    fromResponse: convertResponse,
    createStreamTranslator: (context) =>
      createStreamTranslator(context, { wholeToolCalls: options.wholeToolCalls === true }),
    fromError: convertError,
  });
}
