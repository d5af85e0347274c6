import { readFileSync } from 'node:fs';
import type { ChatCompletion } from '@llmux/contract';
import { type NormalizedRequest, openAIChatSimulator, type Scenario } from '@llmux/simulators';
import type { SseEvent } from '@llmux/sse';
import type { ModelCapabilities, UpstreamTarget } from '../adapter.js';
import { runConformanceSuite } from './conformance.js';
import { type ExpectedAnswer, type ResponseCase, readChunksFile } from './fixtures.js';
import { createReferenceAdapter } from './reference-adapter.js';

// The suite run over a correct OpenAI pass-through adapter, with fixtures rendered by the OpenAI chat
// simulator (which the official SDK accepts) plus one real OpenAI recording. `invariants.test.ts` shows
// the same checks failing for broken adapters.

const capabilities: ModelCapabilities = {
  tools: true,
  vision: true,
  jsonMode: true,
  jsonSchema: true,
  reasoning: true,
  nativeN: true,
  penalties: true,
  stop: true,
  seed: true,
  logprobs: true,
  logitBias: true,
  temperature: { min: 0, max: 2 },
  topP: true,
  parallelToolCalls: true,
  toolChoiceRequired: true,
  reasoningEffort: ['low', 'medium', 'high'],
  streamUsage: true,
};

const target: UpstreamTarget = {
  publicModel: 'gpt-4-1',
  upstreamModel: 'gpt-4.1',
  baseUrl: 'https://api.openai.example/v1',
  apiKey: 'sk-conformance-secret-key',
  capabilities,
  maxOutputTokens: 32768,
};

const fixture = (name: string) =>
  readFileSync(new URL(`../__fixtures__/openai-chat/${name}`, import.meta.url), 'utf8');

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
const ids = { responseId: 'upstream1', created: 1_650_000_000, toolCallId: (index: number) => `up_${index}` };

/** A vendor answer rendered by the simulator, whole and streamed, with what it must translate to. */
function rendered(scenario: Scenario, expected: ExpectedAnswer): ResponseCase {
  const withUsage = { usage: { promptTokens: 10, completionTokens: 20 }, ...scenario };
  const events: SseEvent[] = openAIChatSimulator
    .renderStream(withUsage, normalized, ids)
    .map((frame) => ({ data: frame.slice('data: '.length).trimEnd() }));
  return {
    whole: { body: openAIChatSimulator.renderResponse(withUsage, normalized, ids), expected },
    stream: { events, expected },
  };
}

const textWhole = JSON.parse(fixture('openai-text.json')) as ChatCompletion;
const textChunks = readChunksFile(fixture('openai-text.chunks.txt'), { done: true });
const streamedText = textChunks
  .slice(0, -1)
  .map(
    (event) =>
      (JSON.parse(event.data) as { choices: Array<{ delta: { content?: string } }> }).choices[0]?.delta
        .content ?? '',
  )
  .join('');

runConformanceSuite({
  adapter: createReferenceAdapter(),
  target,
  fixtures: {
    requests: {
      messages: {
        expectedBody: { model: 'gpt-4.1', messages: [{ role: 'system', content: 'Be brief.' }, {}, {}, {}] },
      },
      stream: { expectedBody: { stream: true, stream_options: { include_usage: true } } },
      tools: { expectedBody: { tools: [{ type: 'function', function: { name: 'get_weather' } }] } },
    },
    responses: {
      text: {
        whole: {
          body: textWhole,
          expected: {
            content: textWhole.choices[0]!.message.content,
            finishReason: 'stop',
            usage: { prompt_tokens: 16 },
          },
        },
        stream: {
          events: textChunks,
          expected: {
            content: streamedText,
            finishReason: 'stop',
            usage: { prompt_tokens: 16, completion_tokens: 300 },
          },
        },
        sameAnswer: false,
      },
      toolCall: rendered(
        { toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }] },
        { toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }], finishReason: 'tool_calls' },
      ),
      parallelToolCalls: rendered(
        {
          toolCalls: [
            { name: 'get_weather', arguments: '{"city":"Paris"}' },
            { name: 'get_time', arguments: '{"zone":"CET"}' },
          ],
        },
        {
          toolCalls: [
            { name: 'get_weather', arguments: '{"city":"Paris"}' },
            { name: 'get_time', arguments: '{"zone":"CET"}' },
          ],
          finishReason: 'tool_calls',
        },
      ),
      toolCallArgumentsSplit: rendered(
        {
          toolCalls: [{ name: 'search', arguments: '{"query":"a long query split into many fragments"}' }],
          chunkSize: 3,
        },
        {
          toolCalls: [{ name: 'search', arguments: '{"query":"a long query split into many fragments"}' }],
          finishReason: 'tool_calls',
        },
      ),
      toolCallNoArguments: rendered(
        { toolCalls: [{ name: 'get_time', arguments: '' }] },
        { toolCalls: [{ name: 'get_time', arguments: '' }], finishReason: 'tool_calls' },
      ),
      reasoning: rendered(
        { reasoning: 'Let me think.', text: 'Paris.' },
        { reasoning: 'Let me think.', content: 'Paris.', finishReason: 'stop' },
      ),
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
        body: JSON.parse(fixture('reasoning-model-legacy-parameter-error.json')),
        expected: { code: 'unsupported_parameter' },
      },
      unauthorized: {
        status: 401,
        body: openAIChatSimulator.renderError(401, 'Incorrect API key provided: sk-proj-****abcd.'),
      },
      forbidden: { status: 403, body: openAIChatSimulator.renderError(403, 'Country not supported.') },
      notFound: {
        status: 404,
        body: openAIChatSimulator.renderError(404, 'The model `gpt-9` does not exist.'),
      },
      rateLimited: {
        status: 429,
        body: openAIChatSimulator.renderError(429, 'Rate limit reached.'),
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
      serverError: { status: 500, body: openAIChatSimulator.renderError(500, 'The server had an error.') },
      overloaded: {
        status: 503,
        body: openAIChatSimulator.renderError(503, 'Slow down.'),
        headers: { 'retry-after-ms': '1500' },
      },
    },
    midStreamError: {
      events: [
        {
          data: JSON.stringify({
            id: 'x',
            object: 'chat.completion.chunk',
            created: 1,
            model: 'm',
            choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
          }),
        },
        {
          data: openAIChatSimulator
            .renderStreamError('The server had an error.')
            .slice('data: '.length)
            .trimEnd(),
        },
      ],
      expected: { status: 502, retryable: true },
    },
    truncatedStream: { events: textChunks.slice(0, 10) },
  },
});
