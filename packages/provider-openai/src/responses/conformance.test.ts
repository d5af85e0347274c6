import { runConformanceSuite } from '@llmux/provider-kit/testing';
import { closeUnbalancedLine, createTarget, readFixtureEvents, readFixtureJson } from './fixture-helpers.js';
import { createOpenAIResponsesAdapter } from './responses-adapter.js';

const openAIError = (
  message: string,
  type: string,
  code: string | null = null,
  param: string | null = null,
) => ({
  error: { message, type, param, code },
});

const weather = {
  type: 'function' as const,
  function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
};
const calculator = { type: 'function' as const, function: { name: 'calculator' } };

const REASONING_SUMMARY =
  "**Calculating step-by-step using calculator**\n\nI'll compute 12 plus 7, then multiply the result by 3, and finally multiply that by 10, reporting the final product.";

const textStream = readFixtureEvents('handmade-text.chunks.txt');

runConformanceSuite({
  adapter: createOpenAIResponsesAdapter(),
  target: createTarget(),
  fixtures: {
    requests: {
      messages: {
        expectedBody: {
          instructions: 'Be brief.',
          input: [
            { role: 'user', content: [{ type: 'input_text', text: 'Hello' }] },
            { role: 'assistant', content: [{ type: 'output_text', text: 'Hi! How can I help?' }] },
            { role: 'user', content: [{ type: 'input_text', text: 'What is the capital of France?' }] },
          ],
          store: false,
        },
      },
      max_tokens: { expectedBody: { max_output_tokens: 100 } },
      tool_choice: { expectedBody: { tool_choice: { type: 'function', name: 'get_weather' } } },
      reasoning_effort: { expectedBody: { reasoning: { effort: 'low', summary: 'auto' } } },
      'response_format.json_object': { expectedBody: { text: { format: { type: 'json_object' } } } },
    },
    responses: {
      text: {
        whole: {
          body: readFixtureJson('handmade-text.json'),
          expected: {
            content: 'Paris is the capital of France.',
            finishReason: 'stop',
            usage: { prompt_tokens: 14, completion_tokens: 9, total_tokens: 23 },
          },
        },
        stream: {
          events: textStream,
          expected: {
            content: 'Paris is the capital of France.',
            finishReason: 'stop',
            usage: { prompt_tokens: 14, completion_tokens: 9, total_tokens: 23 },
          },
        },
      },
      recordedText: {
        request: { tools: [calculator] },
        stream: {
          events: readFixtureEvents('openai-reasoning-encrypted-content.1.chunks.txt', 3),
          expected: { content: 'The final result is **570**.', finishReason: 'stop' },
        },
      },
      toolCall: {
        request: { tools: [{ type: 'function', function: { name: 'parallel' } }] },
        whole: {
          body: readFixtureJson('parallel-tool-call-wrapper.1.json'),
          expected: {
            content: null,
            toolCalls: [
              {
                name: 'parallel',
                arguments:
                  '{"tool_uses":[{"recipient_name":"functions.weather","parameters":{"location":"San Francisco"}},{"recipient_name":"functions.cityAttractions","parameters":{"city":"Rome"}}]}',
              },
            ],
            finishReason: 'tool_calls',
            usage: { prompt_tokens: 34, completion_tokens: 28, total_tokens: 62 },
          },
        },
        stream: {
          events: readFixtureEvents('parallel-tool-call-wrapper.1.chunks.txt', 0, closeUnbalancedLine),
          expected: {
            toolCalls: [
              {
                name: 'parallel',
                arguments:
                  '{"tool_uses":[{"recipient_name":"functions.weather","parameters":{"location":"San Francisco"}},{"recipient_name":"functions.cityAttractions","parameters":{"city":"Rome"}}]}',
              },
            ],
            finishReason: 'tool_calls',
            usage: { prompt_tokens: 34, completion_tokens: 28, total_tokens: 62 },
          },
        },
      },
      parallelToolCalls: {
        request: { tools: [weather] },
        whole: {
          body: readFixtureJson('handmade-parallel-tool-calls.json'),
          expected: {
            content: null,
            toolCalls: [
              { name: 'get_weather', arguments: '{"city":"Paris"}' },
              { name: 'get_weather', arguments: '{"city":"Rome"}' },
            ],
            finishReason: 'tool_calls',
          },
        },
        stream: {
          events: readFixtureEvents('handmade-parallel-tool-calls.chunks.txt'),
          expected: {
            toolCalls: [
              { name: 'get_weather', arguments: '{"city":"Paris"}' },
              { name: 'get_weather', arguments: '{"city":"Rome"}' },
            ],
            finishReason: 'tool_calls',
            usage: { completion_tokens: 52, completion_tokens_details: { reasoning_tokens: 20 } },
          },
        },
      },
      toolCallArgumentsSplit: {
        request: { tools: [calculator] },
        stream: {
          events: readFixtureEvents('openai-reasoning-encrypted-content.1.chunks.txt', 1),
          expected: {
            toolCalls: [{ name: 'calculator', arguments: '{"a":19,"b":3,"op":"multiply"}' }],
            finishReason: 'tool_calls',
          },
        },
      },
      toolCallNoArguments: {
        request: { tools: [{ type: 'function', function: { name: 'list_issues' } }] },
        whole: {
          body: readFixtureJson('handmade-tool-no-arguments.json'),
          expected: {
            content: null,
            toolCalls: [{ name: 'list_issues', arguments: '{}' }],
            finishReason: 'tool_calls',
          },
        },
        stream: {
          events: readFixtureEvents('handmade-tool-no-arguments.chunks.txt'),
          expected: { toolCalls: [{ name: 'list_issues', arguments: '{}' }], finishReason: 'tool_calls' },
        },
      },
      reasoning: {
        request: { tools: [calculator], reasoning_effort: 'high' },
        whole: {
          body: readFixtureJson('openai-reasoning-encrypted-content.1.json'),
          expected: {
            content: '12 + 7 = 19\n19 × 3 = 57\n57 × 10 = 570\n\nFinal result: 570',
            reasoning:
              "**Reporting final result**\n\nThe tool returned 570, and now I need to report this final result. The user asked for a clear breakdown, so I'll include the steps taken: first, I added 12 and 7 to get 19; then, I multiplied 19 by 3 for 57; finally, I multiplied 57 by 10 to arrive at 570. I want to keep it concise, so I'll simply say, \"Final result: 570,\" without heavy formatting. Let's finalize that!",
            finishReason: 'stop',
            usage: {
              prompt_tokens: 865,
              completion_tokens: 163,
              total_tokens: 1028,
              completion_tokens_details: { reasoning_tokens: 128 },
            },
          },
        },
        stream: {
          events: readFixtureEvents('openai-reasoning-encrypted-content.1.chunks.txt', 0),
          expected: {
            reasoning: REASONING_SUMMARY,
            toolCalls: [{ name: 'calculator', arguments: '{"a":12,"b":7,"op":"add"}' }],
            finishReason: 'tool_calls',
            usage: { prompt_tokens: 134, completion_tokens: 28, total_tokens: 162 },
          },
        },
        sameAnswer: false,
      },
      usageDetails: {
        whole: {
          body: readFixtureJson('handmade-cached-usage.json'),
          expected: {
            content: 'Paris.',
            finishReason: 'stop',
            usage: {
              prompt_tokens: 4312,
              completion_tokens: 67,
              total_tokens: 4379,
              prompt_tokens_details: { cached_tokens: 4096 },
              completion_tokens_details: { reasoning_tokens: 64 },
            },
          },
        },
        stream: {
          events: readFixtureEvents('handmade-cached-usage.chunks.txt'),
          expected: {
            content: 'Paris.',
            finishReason: 'stop',
            usage: {
              prompt_tokens: 4312,
              prompt_tokens_details: { cached_tokens: 4096 },
              completion_tokens_details: { reasoning_tokens: 64 },
            },
          },
        },
      },
      finishLength: {
        whole: {
          body: readFixtureJson('handmade-max-output-tokens.json'),
          expected: { content: 'Once upon a', finishReason: 'length' },
        },
        stream: {
          events: readFixtureEvents('handmade-max-output-tokens.chunks.txt'),
          expected: { content: 'Once upon a', finishReason: 'length' },
        },
      },
      finishContentFilter: {
        whole: {
          body: readFixtureJson('handmade-content-filter.json'),
          expected: { content: 'I can', finishReason: 'content_filter' },
        },
        stream: {
          events: readFixtureEvents('handmade-content-filter.chunks.txt'),
          expected: { content: 'I can', finishReason: 'content_filter' },
        },
      },
    },
    errors: {
      badRequest: {
        status: 400,
        body: readFixtureJson('reasoning-model-temperature-error.json'),
        expected: { code: null },
      },
      unauthorized: {
        status: 401,
        body: openAIError(
          'Incorrect API key provided: sk-test***.',
          'invalid_request_error',
          'invalid_api_key',
        ),
      },
      forbidden: {
        status: 403,
        body: openAIError(
          'Country, region, or territory not supported',
          'request_forbidden',
          'unsupported_country_region_territory',
        ),
      },
      notFound: {
        status: 404,
        body: openAIError(
          'The model `gpt-5.9-codex` does not exist or you do not have access to it.',
          'invalid_request_error',
          'model_not_found',
        ),
      },
      rateLimited: {
        status: 429,
        body: openAIError(
          'Rate limit reached for gpt-5.3-codex on tokens per min (TPM).',
          'tokens',
          'rate_limit_exceeded',
        ),
        headers: { 'retry-after-ms': '1500' },
      },
      serverError: {
        status: 500,
        body: openAIError('The server had an error while processing your request.', 'server_error'),
      },
      overloaded: {
        status: 503,
        body: openAIError('The engine is currently overloaded, please try again later', 'server_error'),
      },
      quota: {
        status: 429,
        body: readFixtureJson('openai-error.1.json'),
        expected: { status: 429, type: 'insufficient_quota', retryable: false, failover: true },
      },
    },
    midStreamError: {
      events: readFixtureEvents('openai-error.1.chunks.txt'),
      expected: { status: 429, retryable: false },
    },
    truncatedStream: { events: textStream.slice(0, -1), expected: { status: 502, retryable: true } },
  },
});
