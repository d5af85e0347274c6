import type { ChatCompletionRequest } from '@llmux/contract';
import type { ModelCapabilities, UpstreamTarget } from '@llmux/provider-kit';
import { type ExpectedAnswer, type ResponseCase, runConformanceSuite } from '@llmux/provider-kit/testing';
import { type NormalizedRequest, openAIChatSimulator, type Scenario } from '@llmux/simulators';
import { describe } from 'vitest';
import { createOpenAIChatAdapter } from './chat-dialect-adapter.js';
import {
  CHAT_MODEL_CAPABILITIES,
  REASONING_MODEL_CAPABILITIES,
  readChunkEvents,
  readJsonFixture,
} from './fixture-helpers.js';

const fixtureUrl = (name: string) => new URL(`./__fixtures__/${name}`, import.meta.url);

const normalized: NormalizedRequest = {
  model: 'gpt-4.1',
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

/** An OpenAI answer rendered by the simulator, whole and streamed, with what it must translate to. */
function rendered(
  scenario: Scenario,
  expected: ExpectedAnswer,
  request?: Partial<ChatCompletionRequest>,
): ResponseCase {
  const withUsage = { usage: { promptTokens: 10, completionTokens: 20 }, ...scenario };
  return {
    ...(request ? { request } : {}),
    whole: { body: openAIChatSimulator.renderResponse(withUsage, normalized, ids), expected },
    stream: {
      events: openAIChatSimulator
        .renderStream(withUsage, normalized, ids)
        .map((frame) => ({ data: frame.slice('data: '.length).trimEnd() })),
      expected,
    },
  };
}

const textWhole = readJsonFixture(fixtureUrl('openai-text.json')) as {
  choices: [{ message: { content: string } }];
};
const textEvents = readChunkEvents(fixtureUrl('openai-text.chunks.txt'));
const streamedText = textEvents
  .slice(0, -1)
  .map(
    (event) =>
      (JSON.parse(event.data) as { choices: [{ delta: { content?: string } }?] }).choices[0]?.delta.content ??
      '',
  )
  .join('');
const weather = { name: 'get_weather', arguments: '{"city":"Paris"}' };
const time = { name: 'get_time', arguments: '{"zone":"CET"}' };

function runFor(label: string, capabilities: ModelCapabilities, upstreamModel: string): void {
  const target: UpstreamTarget = {
    publicModel: upstreamModel.replaceAll('.', '-'),
    upstreamModel,
    baseUrl: 'https://api.openai.example/v1',
    apiKey: 'sk-conformance-secret-key',
    capabilities,
    maxOutputTokens: 32_768,
  };
  describe(label, () => {
    runConformanceSuite({
      adapter: createOpenAIChatAdapter(),
      target,
      fixtures: {
        requests: {
          stream: { expectedBody: { stream: true, stream_options: { include_usage: true } } },
          max_tokens: {
            expectedBody: capabilities.reasoning ? { max_completion_tokens: 100 } : { max_tokens: 100 },
          },
        },
        responses: {
          text: {
            whole: {
              body: textWhole,
              expected: {
                content: textWhole.choices[0].message.content,
                finishReason: 'stop',
                usage: { prompt_tokens: 16 },
              },
            },
            stream: {
              events: textEvents,
              expected: {
                content: streamedText,
                finishReason: 'stop',
                usage: { prompt_tokens: 16, completion_tokens: 300 },
              },
            },
            sameAnswer: false,
          },
          toolCall: rendered({ toolCalls: [weather] }, { toolCalls: [weather], finishReason: 'tool_calls' }),
          parallelToolCalls: rendered(
            { toolCalls: [weather, time] },
            { toolCalls: [weather, time], finishReason: 'tool_calls' },
          ),
          toolCallArgumentsSplit: rendered(
            {
              toolCalls: [
                { name: 'search', arguments: '{"query":"a long query split into many fragments"}' },
              ],
              chunkSize: 3,
            },
            {
              toolCalls: [
                { name: 'search', arguments: '{"query":"a long query split into many fragments"}' },
              ],
              finishReason: 'tool_calls',
            },
          ),
          toolCallNoArguments: rendered(
            { toolCalls: [{ name: 'get_time', arguments: '' }] },
            { toolCalls: [{ name: 'get_time', arguments: '' }], finishReason: 'tool_calls' },
          ),
          reasoning: {
            notApplicable: 'OpenAI Chat Completions returns no reasoning text, only reasoning_tokens',
          },
          usageDetails: rendered(
            {
              text: 'Cached.',
              usage: { promptTokens: 100, completionTokens: 50, cachedTokens: 80, reasoningTokens: 30 },
            },
            {
              content: 'Cached.',
              finishReason: 'stop',
              usage: {
                prompt_tokens: 100,
                completion_tokens: 50,
                total_tokens: 150,
                prompt_tokens_details: { cached_tokens: 80 },
                completion_tokens_details: { reasoning_tokens: 30 },
              },
            },
          ),
          finishLength: rendered(
            { text: 'Cut short', finishReason: 'length' },
            { content: 'Cut short', finishReason: 'length' },
          ),
          finishContentFilter: rendered(
            { text: '', finishReason: 'content_filter' },
            { content: '', finishReason: 'content_filter' },
          ),
          twoChoices: rendered(
            { text: 'Same', choices: 2 },
            { content: 'Same', finishReason: 'stop', choices: 2 },
          ),
        },
        errors: {
          badRequest: {
            status: 400,
            body: readJsonFixture(fixtureUrl('reasoning-model-legacy-parameter-error.json')),
            expected: { code: 'unsupported_parameter' },
          },
          unauthorized: {
            status: 401,
            body: openAIChatSimulator.renderError(401, 'Incorrect API key provided: sk-proj-****abcd.'),
          },
          forbidden: {
            status: 403,
            body: openAIChatSimulator.renderError(403, 'Country, region, or territory not supported.'),
          },
          notFound: {
            status: 404,
            body: openAIChatSimulator.renderError(404, 'The model `gpt-9` does not exist.'),
          },
          rateLimited: {
            status: 429,
            body: openAIChatSimulator.renderError(429, 'Rate limit reached for requests.'),
            headers: { 'retry-after': '2' },
          },
          quotaExhausted: {
            status: 429,
            body: {
              error: {
                message: 'You exceeded your current quota.',
                type: 'insufficient_quota',
                param: null,
                code: 'insufficient_quota',
              },
            },
            expected: { status: 429, type: 'insufficient_quota', retryable: false, failover: true },
          },
          serverError: {
            status: 500,
            body: openAIChatSimulator.renderError(500, 'The server had an error.'),
          },
          overloaded: {
            status: 503,
            body: openAIChatSimulator.renderError(503, 'Slow down.'),
            headers: { 'retry-after-ms': '1500' },
          },
        },
        midStreamError: {
          events: [
            textEvents[0]!,
            {
              data: openAIChatSimulator
                .renderStreamError('The server had an error.')
                .slice('data: '.length)
                .trimEnd(),
            },
          ],
          expected: { status: 502, retryable: true },
        },
        truncatedStream: { events: textEvents.slice(0, 10) },
      },
    });
  });
}

runFor('gpt-4.1 (non-reasoning)', CHAT_MODEL_CAPABILITIES, 'gpt-4.1');
runFor('gpt-5 (reasoning)', REASONING_MODEL_CAPABILITIES, 'gpt-5');
