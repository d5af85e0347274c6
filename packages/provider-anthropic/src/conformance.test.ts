import { readChunksFile, runConformanceSuite } from '@llmux/provider-kit/testing';
import {
  BASE_CAPABILITIES,
  createTarget,
  readFixtureJson,
  readFixtureText,
} from './__fixtures__/fixtures.js';
import { createAnthropicAdapter } from './anthropic-adapter.js';

/** A recording replayed as Anthropic frames it: each payload's `type` is its SSE event name. */
function events(name: string) {
  return readChunksFile(readFixtureText(name), {
    eventName: (payload) => (payload as { type: string }).type,
  });
}

const errorBody = (type: string, message: string, extra: Record<string, unknown> = {}) => ({
  type: 'error',
  error: { type, message, ...extra },
  request_id: 'req_011CconformanceAbcdefgh',
});

const weather = {
  type: 'function' as const,
  function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
};

// The richest Claude model: vision, tools, adaptive thinking (claude-opus-4-6 in the catalog).
const target = createTarget({
  publicModel: 'claude-opus-4-6',
  upstreamModel: 'claude-opus-4-6',
  maxOutputTokens: 128_000,
  capabilities: { ...BASE_CAPABILITIES, reasoningEffort: ['low', 'medium', 'high', 'max'] },
});

const textStream = events('anthropic-text.chunks.txt');

runConformanceSuite({
  adapter: createAnthropicAdapter(),
  target,
  fixtures: {
    requests: {
      max_tokens: { expectedBody: { max_tokens: 100 } },
      stop: { expectedBody: { stop_sequences: ['END'] } },
      user: { expectedBody: { metadata: { user_id: 'user-1234' } } },
      tool_choice: { expectedBody: { tool_choice: { type: 'tool', name: 'get_weather' } } },
      parallel_tool_calls: {
        expectedBody: { tool_choice: { type: 'auto', disable_parallel_tool_use: true } },
      },
      reasoning_effort: {
        expectedBody: { thinking: { type: 'adaptive' }, output_config: { effort: 'low' } },
      },
      'response_format.json_object': {
        expectedBody: {
          tool_choice: { type: 'tool', name: 'json_response' },
          tools: [{ name: 'json_response' }],
        },
      },
    },
    responses: {
      text: {
        whole: {
          body: readFixtureJson('anthropic-text.json'),
          expected: {
            content:
              "Hello! I'm doing well, thanks for asking. How are you doing today? Is there anything I can help you with?",
            finishReason: 'stop',
            usage: { prompt_tokens: 12, completion_tokens: 29, total_tokens: 41 },
          },
        },
        stream: {
          events: textStream,
          expected: {
            content:
              "Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?",
            finishReason: 'stop',
            usage: { prompt_tokens: 12, completion_tokens: 30, total_tokens: 42 },
          },
        },
        sameAnswer: false,
      },
      toolCall: {
        // Recorded with a client tool named `json` (vercel/ai's JSON tool, here an ordinary tool).
        request: { tools: [{ type: 'function', function: { name: 'json' } }] },
        whole: {
          body: readFixtureJson('anthropic-json-tool.1.json'),
          expected: {
            content: null,
            toolCalls: [
              {
                name: 'json',
                arguments: JSON.stringify(
                  (readFixtureJson('anthropic-json-tool.1.json') as { content: Array<{ input: unknown }> })
                    .content[0]?.input,
                ),
              },
            ],
            finishReason: 'tool_calls',
          },
        },
      },
      toolCallArgumentsSplit: {
        request: { tools: [{ type: 'function', function: { name: 'json' } }] },
        stream: {
          events: events('anthropic-json-tool.2.chunks.txt'),
          expected: {
            content: "I'll invoke the JSON response tool.",
            toolCalls: [
              {
                name: 'json',
                arguments:
                  '{"elements": [{"location": "San Francisco", "temperature": 58, "condition": "sunny"}]}',
              },
            ],
            finishReason: 'tool_calls',
            usage: { prompt_tokens: 849, completion_tokens: 47 },
          },
        },
      },
      toolCallNoArguments: {
        request: { tools: [{ type: 'function', function: { name: 'updateIssueList' } }] },
        whole: {
          body: readFixtureJson('anthropic-tool-no-args.json'),
          expected: { toolCalls: [{ name: 'updateIssueList', arguments: '{}' }], finishReason: 'tool_calls' },
        },
        stream: {
          events: events('anthropic-tool-no-args.chunks.txt'),
          expected: {
            content: "I'll update the issue list for you.",
            toolCalls: [{ name: 'updateIssueList', arguments: '{}' }],
            finishReason: 'tool_calls',
          },
        },
        sameAnswer: false,
      },
      parallelToolCalls: {
        request: { tools: [weather] },
        whole: {
          body: readFixtureJson('synthetic-parallel-tool-calls.json'),
          expected: {
            content: 'Checking both cities.',
            toolCalls: [
              { name: 'get_weather', arguments: '{"city":"Paris"}' },
              { name: 'get_weather', arguments: '{"city":"Rome"}' },
            ],
            finishReason: 'tool_calls',
          },
        },
        stream: {
          events: events('synthetic-parallel-tool-calls.chunks.txt'),
          expected: {
            content: 'Checking both cities.',
            // Streamed fragments are forwarded verbatim; the whole message's input is re-serialised.
            toolCalls: [
              { name: 'get_weather', arguments: '{"city": "Paris"}' },
              { name: 'get_weather', arguments: '{"city": "Rome"}' },
            ],
            finishReason: 'tool_calls',
          },
        },
        sameAnswer: false,
      },
      reasoning: {
        request: { reasoning_effort: 'low' },
        whole: {
          body: readFixtureJson('anthropic-clear-thinking.1.json'),
          expected: { content: '925 ÷ 5 = 185', reasoning: '925 divided by 5 = 185', finishReason: 'stop' },
        },
        stream: {
          events: events('anthropic-clear-thinking.1.chunks.txt'),
          expected: {
            content: '925 ÷ 5 = 185',
            reasoning: 'The previous result was 925. Now I need to divide that by 5.\n\n925 ÷ 5 = 185',
            finishReason: 'stop',
          },
        },
        sameAnswer: false,
      },
      usageDetails: {
        whole: {
          body: readFixtureJson('synthetic-cache-usage.json'),
          expected: {
            content: 'Paris.',
            finishReason: 'stop',
            usage: {
              prompt_tokens: 4312,
              completion_tokens: 3,
              total_tokens: 4315,
              prompt_tokens_details: { cached_tokens: 4000 },
            },
          },
        },
        stream: {
          events: events('synthetic-cache-usage.chunks.txt'),
          expected: {
            content: 'Paris.',
            finishReason: 'stop',
            usage: {
              prompt_tokens: 4312,
              completion_tokens: 3,
              prompt_tokens_details: { cached_tokens: 4000 },
            },
          },
        },
      },
      finishLength: {
        whole: {
          body: readFixtureJson('synthetic-max-tokens.json'),
          expected: { content: 'Once upon a', finishReason: 'length' },
        },
        stream: {
          events: events('synthetic-max-tokens.chunks.txt'),
          expected: { content: 'Once upon a', finishReason: 'length' },
        },
      },
      finishContentFilter: {
        whole: {
          body: readFixtureJson('anthropic-refusal.json'),
          expected: { content: '', finishReason: 'content_filter' },
        },
        stream: {
          events: events('anthropic-refusal.chunks.txt'),
          expected: { finishReason: 'content_filter' },
        },
        sameAnswer: false,
      },
      jsonEmulation: {
        request: { response_format: { type: 'json_object' } },
        stream: {
          events: readChunksFile(
            readFixtureText('anthropic-json-tool.1.chunks.txt').replaceAll(
              '"name":"json"',
              '"name":"json_response"',
            ),
            {
              eventName: (payload) => (payload as { type: string }).type,
            },
          ),
          expected: {
            content: '{"elements": [{"location": "San Francisco", "temperature": 58, "condition": "sunny"}]}',
            finishReason: 'stop',
          },
        },
      },
    },
    errors: {
      badRequest: { status: 400, body: errorBody('invalid_request_error', 'max_tokens: Field required') },
      unauthorized: { status: 401, body: errorBody('authentication_error', 'invalid x-api-key') },
      forbidden: {
        status: 403,
        body: errorBody(
          'permission_error',
          'Your API key does not have permission to use the specified resource.',
        ),
      },
      notFound: { status: 404, body: errorBody('not_found_error', 'model: claude-nonexistent') },
      rateLimited: {
        status: 429,
        body: errorBody(
          'rate_limit_error',
          'Number of request tokens has exceeded your per-minute rate limit',
        ),
        headers: { 'retry-after': '12' },
      },
      serverError: { status: 500, body: errorBody('api_error', 'Internal server error') },
      overloaded: { status: 529, body: errorBody('overloaded_error', 'Overloaded') },
      spendLimit: {
        status: 429,
        body: errorBody('rate_limit_error', 'You have reached your specified workspace API usage limits.', {
          details: { error_code: 'enforced_spend_limit_reached' },
        }),
        headers: { 'retry-after': '60' },
        expected: { status: 429, type: 'insufficient_quota', retryable: false, failover: true },
      },
      billing: {
        status: 402,
        body: errorBody('billing_error', 'Your credit balance is too low.'),
        expected: { status: 429, type: 'insufficient_quota', retryable: false, failover: true },
      },
    },
    midStreamError: {
      events: [
        ...textStream.slice(0, 4),
        {
          event: 'error',
          data: JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }),
        },
      ],
      expected: { status: 503, retryable: true },
    },
    truncatedStream: { events: textStream.slice(0, -1), expected: { status: 502, retryable: true } },
  },
});
