import type { ChatCompletionRequest } from '@llmux/contract';
import type { ModelCapabilities, UpstreamTarget } from '@llmux/provider-kit';
import {
  type ConformanceFixtures,
  type ErrorCase,
  type ExpectedAnswer,
  type ResponseCase,
  runConformanceSuite,
} from '@llmux/provider-kit/testing';
import { type NormalizedRequest, openAIChatSimulator, type Scenario } from '@llmux/simulators';
import type { SseEvent } from '@llmux/sse';
import { describe } from 'vitest';
import { createOpenAICompatibleAdapter } from './openai-compatible-adapter.js';
import type { OpenAICompatibleProfile } from './profile.js';
import { PROFILES } from './profiles/index.js';
import { BASE_CAPABILITIES, readChunkEvents, readJsonFixture } from './test-support.js';

// Every profile through the shared suite. Recorded vendor answers where we have them (DeepSeek, xAI,
// Moonshot, DashScope), hand-written ones from the vendor docs (Ark, MiniMax, Zhipu), and for the
// remaining answer kinds the OpenAI-dialect simulator, which renders what these vendors share.

const normalized: NormalizedRequest = {
  model: 'model-x',
  stream: true,
  lastUserText: 'Hello',
  lastTurnIsToolResult: false,
  tools: [],
  wantsJson: false,
  choices: 1,
  hasImages: false,
  streamUsage: true,
};
const ids = {
  responseId: 'upstream1',
  created: 1_650_000_000,
  toolCallId: (index: number) => `call_up_${index}`,
};

function rendered(scenario: Scenario, expected: ExpectedAnswer): ResponseCase {
  const withUsage = { usage: { promptTokens: 10, completionTokens: 20 }, ...scenario };
  return {
    whole: { body: openAIChatSimulator.renderResponse(withUsage, normalized, ids), expected },
    stream: { events: framesOf(openAIChatSimulator.renderStream(withUsage, normalized, ids)), expected },
  };
}

function framesOf(frames: readonly string[]): SseEvent[] {
  return frames.map((frame) => ({ data: frame.slice('data: '.length).trimEnd() }));
}

type Message = {
  content?: string | null;
  reasoning_content?: string;
  tool_calls?: { function: { name: string; arguments: string } }[];
};

/** What a recorded whole answer says, read from the recording itself. */
function expectedOfBody(body: unknown, extra: Partial<ExpectedAnswer> = {}): ExpectedAnswer {
  const choice = (body as { choices: { message: Message; finish_reason: ExpectedAnswer['finishReason'] }[] })
    .choices[0]!;
  const toolCalls = (choice.message.tool_calls ?? []).map((call) => ({
    name: call.function.name,
    arguments: call.function.arguments,
  }));
  return {
    content: toolCalls.length > 0 && !choice.message.content ? null : (choice.message.content ?? null),
    ...(choice.message.reasoning_content ? { reasoning: choice.message.reasoning_content } : {}),
    toolCalls,
    finishReason: choice.finish_reason,
    ...extra,
  };
}

/** What a recorded stream says: its text, reasoning and tool calls joined. */
function expectedOfStream(events: readonly SseEvent[], extra: Partial<ExpectedAnswer> = {}): ExpectedAnswer {
  let content = '';
  let reasoning = '';
  let finishReason: ExpectedAnswer['finishReason'] = 'stop';
  const calls: { name: string; arguments: string }[] = [];
  for (const event of events) {
    if (event.data === '[DONE]') continue;
    const chunk = JSON.parse(event.data) as {
      choices?: {
        delta?: Omit<Message, 'tool_calls'> & {
          tool_calls?: { index?: number; function?: { name?: string; arguments?: string } }[];
        };
        finish_reason?: ExpectedAnswer['finishReason'] | null;
      }[];
    };
    for (const choice of chunk.choices ?? []) {
      content += choice.delta?.content ?? '';
      reasoning += choice.delta?.reasoning_content ?? '';
      for (const [position, call] of (choice.delta?.tool_calls ?? []).entries()) {
        const index = call.index ?? position;
        const slot = calls[index] ?? { name: '', arguments: '' };
        calls[index] = slot;
        slot.name += call.function?.name ?? '';
        slot.arguments += call.function?.arguments ?? '';
      }
      if (choice.finish_reason) finishReason = choice.finish_reason;
    }
  }
  return { content, ...(reasoning ? { reasoning } : {}), toolCalls: calls, finishReason, ...extra };
}

function recorded(
  whole: string | undefined,
  stream: string | undefined,
  extra: Partial<ExpectedAnswer> = {},
): ResponseCase {
  const body = whole === undefined ? undefined : readJsonFixture(whole);
  const events = stream === undefined ? undefined : readChunkEvents(stream);
  return {
    ...(body === undefined ? {} : { whole: { body, expected: expectedOfBody(body, extra) } }),
    ...(events === undefined ? {} : { stream: { events, expected: expectedOfStream(events, extra) } }),
    sameAnswer: false,
  };
}

const weather = { name: 'get_weather', arguments: '{"city":"Paris"}' };
const time = { name: 'get_time', arguments: '{"zone":"CET"}' };
const splitArguments = { name: 'search', arguments: '{"query":"a long query split into many fragments"}' };

function vendorError(
  status: number,
  code: string,
  message: string,
  extra: Partial<ErrorCase> = {},
): ErrorCase {
  return { status, body: { error: { message, type: code, code } }, ...extra };
}

interface ProfileCase {
  profile: OpenAICompatibleProfile;
  upstreamModel: string;
  capabilities: Partial<ModelCapabilities>;
  /** Per-kind answers; the rest are rendered by the simulator. */
  responses: Partial<ConformanceFixtures['responses']>;
  /** xAI reports reasoning outside completion_tokens: our total then counts it once more. */
  completionIncludesReasoning?: boolean;
  /** A sample for fields whose default sample this vendor refuses by value (a named tool_choice). */
  requests?: ConformanceFixtures['requests'];
  errors?: Partial<ConformanceFixtures['errors']>;
  /** Where this vendor reports cached and reasoning tokens: rewrites OpenAI's usage into its layout. */
  usageLayout?: (usage: Usage) => Record<string, unknown>;
}

type Usage = {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number };
  completion_tokens_details?: { reasoning_tokens?: number };
};

/** A rendered answer with its usage (whole and streamed) moved into the vendor's own layout. */
function withUsageLayout(
  answer: ResponseCase,
  layout: ((usage: Usage) => Record<string, unknown>) | undefined,
): ResponseCase {
  if (!layout) return answer;
  const relayout = (value: Record<string, unknown>) =>
    value.usage ? { ...value, usage: layout(value.usage as Usage) } : value;
  return {
    ...answer,
    ...(answer.whole
      ? { whole: { ...answer.whole, body: relayout(answer.whole.body as Record<string, unknown>) } }
      : {}),
    ...(answer.stream
      ? {
          stream: {
            ...answer.stream,
            events: (answer.stream.events as SseEvent[]).map((event) =>
              event.data === '[DONE]' ? event : { data: JSON.stringify(relayout(JSON.parse(event.data))) },
            ),
          },
        }
      : {}),
  };
}

const autoToolChoice = {
  tool_choice: {
    request: {
      tools: [
        { type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object' } } },
      ],
      tool_choice: 'auto',
    } satisfies Partial<ChatCompletionRequest>,
  },
};

const CASES: ProfileCase[] = [
  {
    profile: PROFILES.deepseek,
    upstreamModel: 'deepseek-reasoner',
    capabilities: { reasoning: true },
    responses: {
      text: recorded('deepseek/deepseek-text.json', 'deepseek/deepseek-text.chunks.txt'),
      toolCall: recorded('deepseek/deepseek-tool-call.json', 'deepseek/deepseek-tool-call.chunks.txt'),
      reasoning: recorded('deepseek/deepseek-reasoning.json', 'deepseek/deepseek-reasoning.chunks.txt'),
    },
    // Cache hits in `prompt_cache_hit_tokens` (https://api-docs.deepseek.com/api/create-chat-completion).
    usageLayout: ({ prompt_tokens_details, ...usage }) => ({
      ...usage,
      prompt_cache_hit_tokens: prompt_tokens_details?.cached_tokens ?? 0,
      prompt_cache_miss_tokens: usage.prompt_tokens - (prompt_tokens_details?.cached_tokens ?? 0),
    }),
    errors: {
      quotaExhausted: vendorError(402, 'invalid_request_error', 'Insufficient Balance', {
        expected: { type: 'insufficient_quota' },
      }),
    },
  },
  {
    profile: PROFILES.xai,
    upstreamModel: 'grok-3-mini',
    capabilities: {
      nativeN: true,
      jsonSchema: true,
      vision: true,
      reasoning: true,
      reasoningEffort: ['low', 'high'],
      seed: true,
    },
    completionIncludesReasoning: false,
    responses: {
      text: recorded('xai/xai-text.json', 'xai/xai-text.chunks.txt'),
      toolCall: recorded(
        'xai-via-openai-compatible/xai-tool-call.json',
        'xai-via-openai-compatible/xai-tool-call.chunks.txt',
      ),
      reasoning: recorded(
        'xai-via-openai-compatible/xai-text.json',
        'xai-via-openai-compatible/xai-text.chunks.txt',
      ),
    },
    errors: {
      badRequest: {
        status: 400,
        body: {
          code: 'Client specified an invalid argument',
          error: 'Model does not support parameter reasoningEffort',
        },
      },
    },
  },
  {
    profile: PROFILES.moonshot,
    upstreamModel: 'kimi-k2.5',
    capabilities: {
      reasoning: true,
      vision: true,
      jsonSchema: true,
      temperature: null,
      topP: false,
      penalties: false,
      parallelToolCalls: false,
      toolChoiceRequired: false,
    },
    // k2.5's one temperature depends on thinking: 0.6 with thinking off is served (and left out).
    requests: {
      temperature: {
        request: { temperature: 0.6, thinking: { type: 'disabled' } } as Partial<ChatCompletionRequest>,
      },
    },
    responses: {
      text: recorded('moonshotai/moonshotai-text.json', 'moonshotai/moonshotai-stream.chunks.txt'),
      toolCall: recorded('moonshotai/moonshotai-tool-call.json', undefined),
      reasoning: recorded('moonshotai/moonshotai-reasoning.json', undefined),
    },
    // Cached tokens at the top level of usage (providers.md §7; Vercel's moonshotai reads them there).
    usageLayout: ({ prompt_tokens_details, ...usage }) => ({
      ...usage,
      cached_tokens: prompt_tokens_details?.cached_tokens ?? 0,
    }),
    errors: {
      rateLimited: vendorError(429, 'rate_limit_reached_error', 'Your account reached max request', {
        headers: { 'retry-after': '1' },
      }),
      quotaExhausted: vendorError(429, 'exceeded_current_quota_error', 'Your account is suspended', {
        expected: { type: 'insufficient_quota', retryable: false, failover: true },
      }),
    },
  },
  {
    profile: PROFILES.dashscope,
    upstreamModel: 'qwen3-235b-a22b',
    capabilities: { reasoning: true, temperature: { min: 0, max: 1.99 }, seed: true },
    responses: {
      text: recorded('alibaba/alibaba-text.json', 'alibaba/alibaba-text.chunks.txt'),
      toolCall: recorded('alibaba/alibaba-tool-call.json', 'alibaba/alibaba-tool-call.chunks.txt'),
      reasoning: recorded('alibaba/alibaba-reasoning.json', 'alibaba/alibaba-reasoning.chunks.txt'),
    },
    errors: {
      badRequest: vendorError(
        400,
        'invalid_parameter_error',
        '<400> InternalError.Algo.InvalidParameter: Range of top_p should be (0.0, 1.0]',
      ),
      quotaExhausted: vendorError(
        400,
        'Arrearage',
        'Access denied, please make sure your account is in good standing.',
        {
          expected: { status: 429, type: 'insufficient_quota', retryable: false, failover: true },
        },
      ),
    },
  },
  {
    profile: PROFILES.ark,
    upstreamModel: 'doubao-seed-1-6-251015',
    capabilities: { reasoning: true, vision: true, reasoningEffort: ['minimal', 'low', 'medium', 'high'] },
    responses: {
      reasoning: recorded('ark/handmade-ark-reasoning.json', undefined),
      toolCall: recorded(undefined, 'ark/handmade-ark-tool-call.chunks.txt'),
    },
    errors: {
      rateLimited: {
        status: 429,
        body: readJsonFixture('ark/handmade-ark-429.json'),
        headers: { 'retry-after': '3' },
      },
    },
  },
  {
    profile: PROFILES.minimax,
    upstreamModel: 'MiniMax-M2.1',
    capabilities: {
      reasoning: true,
      temperature: { min: 0.01, max: 1 },
      penalties: false,
      jsonMode: false,
      toolChoiceRequired: false,
    },
    requests: autoToolChoice,
    responses: {
      reasoning: {
        ...recorded('minimax/handmade-minimax-reasoning-split.json', undefined, {
          reasoning: 'The user greets me; answer briefly and warmly.',
        }),
      },
    },
    errors: {
      quotaExhausted: {
        status: 200,
        body: readJsonFixture('minimax/handmade-minimax-base-resp-error.json'),
        expected: { status: 429, type: 'insufficient_quota', retryable: false, failover: true },
      },
    },
  },
  {
    profile: PROFILES.zhipu,
    upstreamModel: 'glm-4.7',
    capabilities: {
      reasoning: true,
      temperature: { min: 0, max: 1 },
      penalties: false,
      toolChoiceRequired: false,
    },
    requests: autoToolChoice,
    responses: {
      reasoning: recorded('zhipu/handmade-zhipu-reasoning.json', undefined),
    },
    errors: {
      quotaExhausted: {
        status: 429,
        body: readJsonFixture('zhipu/handmade-zhipu-1113.json'),
        expected: { type: 'insufficient_quota', retryable: false, failover: true },
      },
      rateLimited: vendorError(429, '1302', '您当前使用该API的并发数过高', {
        headers: { 'retry-after': '2' },
      }),
    },
  },
];

function fixturesFor(entry: ProfileCase): ConformanceFixtures {
  const extraReasoning = entry.completionIncludesReasoning === false ? 30 : 0;
  const textCase =
    entry.responses.text ??
    rendered({ text: 'Hello there.' }, { content: 'Hello there.', finishReason: 'stop' });
  const textEvents =
    textCase && 'stream' in textCase && textCase.stream
      ? (textCase.stream.events as SseEvent[])
      : framesOf(
          openAIChatSimulator.renderStream({ text: 'Hello there, how are you today?' }, normalized, ids),
        );
  return {
    requests: { stream: { expectedBody: { stream: true } }, ...entry.requests },
    responses: {
      text: textCase,
      toolCall:
        entry.responses.toolCall ??
        rendered({ toolCalls: [weather] }, { toolCalls: [weather], finishReason: 'tool_calls' }),
      parallelToolCalls: rendered(
        { toolCalls: [weather, time] },
        { toolCalls: [weather, time], finishReason: 'tool_calls' },
      ),
      toolCallArgumentsSplit: rendered(
        { toolCalls: [splitArguments], chunkSize: 3 },
        { toolCalls: [splitArguments], finishReason: 'tool_calls' },
      ),
      toolCallNoArguments: rendered(
        { toolCalls: [{ name: 'get_time', arguments: '' }] },
        { toolCalls: [{ name: 'get_time', arguments: '' }], finishReason: 'tool_calls' },
      ),
      reasoning:
        entry.responses.reasoning ??
        rendered(
          { reasoning: 'Let me think.', text: 'Paris.' },
          { reasoning: 'Let me think.', content: 'Paris.', finishReason: 'stop' },
        ),
      usageDetails: withUsageLayout(
        rendered(
          {
            text: 'Cached.',
            usage: { promptTokens: 100, completionTokens: 50, cachedTokens: 80, reasoningTokens: 30 },
          },
          {
            content: 'Cached.',
            finishReason: 'stop',
            usage: {
              prompt_tokens: 100,
              completion_tokens: 50 + extraReasoning,
              total_tokens: 150 + extraReasoning,
              prompt_tokens_details: { cached_tokens: 80 },
              completion_tokens_details: { reasoning_tokens: 30 },
            },
          },
        ),
        entry.usageLayout,
      ),
      finishLength: rendered(
        { text: 'Cut short', finishReason: 'length' },
        { content: 'Cut short', finishReason: 'length' },
      ),
      finishContentFilter: rendered(
        { text: '', finishReason: 'content_filter' },
        { content: '', finishReason: 'content_filter' },
      ),
    },
    errors: {
      badRequest: vendorError(400, 'invalid_request_error', 'Invalid request: messages must not be empty'),
      unauthorized: vendorError(401, 'authentication_error', 'Authentication Fails, Your api key is invalid'),
      forbidden: vendorError(403, 'permission_denied_error', 'Access to this model is denied'),
      notFound: vendorError(404, 'not_found_error', 'Model Not Exist'),
      rateLimited: vendorError(429, 'rate_limit_error', 'Rate limit reached', {
        headers: { 'retry-after': '2' },
      }),
      serverError: vendorError(500, 'internal_error', 'Internal server error'),
      overloaded: vendorError(503, 'overloaded', 'Server overloaded, please retry later'),
      ...entry.errors,
    } as ConformanceFixtures['errors'],
    midStreamError: {
      events: [
        textEvents[0]!,
        {
          data: JSON.stringify({
            error: { message: 'Internal error', type: 'internal_error', code: 'internal_error' },
          }),
        },
      ],
      expected: { status: 502, retryable: true },
    },
    truncatedStream: { events: textEvents.slice(0, Math.max(1, Math.min(3, textEvents.length - 3))) },
  };
}

for (const entry of CASES) {
  const target: UpstreamTarget = {
    publicModel: entry.upstreamModel.toLowerCase(),
    upstreamModel: entry.upstreamModel,
    baseUrl: entry.profile.defaultBaseUrl,
    apiKey: 'sk-conformance-secret-key',
    capabilities: { ...BASE_CAPABILITIES, ...entry.capabilities },
    maxOutputTokens: 32_768,
  };
  describe(entry.profile.name, () => {
    runConformanceSuite({
      adapter: createOpenAICompatibleAdapter(entry.profile),
      target,
      fixtures: fixturesFor(entry),
    });
  });
}
