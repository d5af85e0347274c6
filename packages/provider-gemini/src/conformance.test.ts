import { readChunksFile, runConformanceSuite } from '@llmux/provider-kit/testing';
import { createGeminiAdapter } from './gemini-adapter.js';
import { createTarget, readJsonFixture, readTextFixture } from './test-support/fixtures.js';

/** A `.chunks.txt` recording as Gemini's SSE events (no event names, no `[DONE]`). */
const events = (name: string) => readChunksFile(readTextFixture(name));

const googleError = (code: number, status: string, message: string, details: unknown[] = []) => ({
  error: { code, message, status, ...(details.length > 0 ? { details } : {}) },
});

const weather = {
  type: 'function' as const,
  function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
};

// gemini-2.5-flash as the catalog describes it: vision, tools, JSON schema, thinking, candidateCount; no penalties.
const target = createTarget();
const textStream = events('google-text.chunks.txt');

/** The nested arguments the Vertex recording streams piece by piece, in the order the pieces arrive. */
const recipe = {
  recipe: {
    ingredients: [
      { amount: '16 oz', name: 'Lasagna noodles' },
      { amount: '1 lb', name: 'Ground beef' },
      { amount: '15 oz', name: 'Ricotta cheese' },
      { amount: '3 cups', name: 'Mozzarella cheese' },
      { amount: '1/2 cup', name: 'Parmesan cheese' },
      { amount: '24 oz', name: 'Tomato sauce' },
      { amount: '1', name: 'Egg' },
      { amount: '2 cloves', name: 'Garlic' },
      { amount: '1 tsp', name: 'Salt' },
      { amount: '1/2 tsp', name: 'Pepper' },
    ],
    name: 'Lasagna',
    steps: [
      'Preheat oven to 375°F (190°C).',
      'Cook lasagna noodles according to package directions, drain and set aside.',
      'Brown ground beef with minced garlic in a skillet. Drain fat and stir in tomato sauce. Simmer for 10 minutes.',
      'In a bowl, mix ricotta cheese, egg, salt, pepper, and Parmesan cheese.',
      'In a 9x13 baking dish, spread a thin layer of meat sauce.',
      'Layer noodles, ricotta mixture, mozzarella, and meat sauce. Repeat.',
      'Top with remaining mozzarella cheese.',
      'Cover with foil and bake for 25 minutes.',
      'Remove foil and bake for another 25 minutes until golden.',
      'Let stand for 15 minutes before serving.',
    ],
  },
};

runConformanceSuite({
  adapter: createGeminiAdapter(),
  target,
  fixtures: {
    requests: {
      messages: {
        expectedBody: {
          systemInstruction: { parts: [{ text: 'Be brief.' }] },
          contents: [
            { role: 'user', parts: [{ text: 'Hello' }] },
            { role: 'model', parts: [{ text: 'Hi! How can I help?' }] },
            { role: 'user', parts: [{ text: 'What is the capital of France?' }] },
          ],
        },
      },
      max_tokens: { expectedBody: { generationConfig: { maxOutputTokens: 100 } } },
      temperature: { expectedBody: { generationConfig: { temperature: 0.5 } } },
      top_p: { expectedBody: { generationConfig: { topP: 0.9 } } },
      stop: { expectedBody: { generationConfig: { stopSequences: ['END'] } } },
      n: { expectedBody: { generationConfig: { candidateCount: 2 } } },
      seed: { expectedBody: { generationConfig: { seed: 42 } } },
      tool_choice: {
        expectedBody: {
          toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } },
        },
      },
      reasoning_effort: {
        expectedBody: {
          generationConfig: { thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 } },
        },
      },
      'response_format.json_object': {
        expectedBody: { generationConfig: { responseMimeType: 'application/json' } },
      },
      'response_format.json_schema': {
        expectedBody: {
          generationConfig: {
            responseMimeType: 'application/json',
            responseSchema: {
              type: 'object',
              properties: { capital: { type: 'string' } },
              required: ['capital'],
            },
          },
        },
      },
    },
    responses: {
      text: {
        whole: {
          body: readJsonFixture('google-text.json'),
          expected: {
            content: "There are **3** r's in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.",
            finishReason: 'stop',
            usage: {
              prompt_tokens: 9,
              completion_tokens: 272,
              completion_tokens_details: { reasoning_tokens: 244 },
            },
          },
        },
        stream: {
          events: textStream,
          expected: {
            content: 'There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y',
            finishReason: 'stop',
            usage: { prompt_tokens: 9, completion_tokens: 208 },
          },
        },
        sameAnswer: false,
      },
      toolCall: {
        request: { tools: [weather] },
        whole: {
          body: readJsonFixture('google-tool-call-gemini3.json'),
          expected: {
            content: null,
            toolCalls: [{ name: 'weather', arguments: '{"location":"San Francisco"}' }],
            finishReason: 'tool_calls',
          },
        },
        stream: {
          events: events('google-tool-call-gemini3.chunks.txt'),
          expected: {
            toolCalls: [{ name: 'weather', arguments: '{"location":"San Francisco"}' }],
            finishReason: 'tool_calls',
          },
        },
        // Two recordings (the thought counts differ).
        sameAnswer: false,
      },
      parallelToolCalls: {
        request: { tools: [weather] },
        whole: {
          body: readJsonFixture('synthetic-parallel-tool-calls.json'),
          expected: {
            toolCalls: [
              { name: 'get_weather', arguments: '{"city":"Paris"}' },
              { name: 'get_weather', arguments: '{"city":"Rome"}' },
            ],
            finishReason: 'tool_calls',
            usage: { completion_tokens: 50, completion_tokens_details: { reasoning_tokens: 30 } },
          },
        },
        stream: {
          events: events('synthetic-parallel-tool-calls.chunks.txt'),
          expected: {
            toolCalls: [
              { name: 'get_weather', arguments: '{"city":"Paris"}' },
              { name: 'get_weather', arguments: '{"city":"Rome"}' },
            ],
            finishReason: 'tool_calls',
          },
        },
      },
      toolCallArgumentsSplit: {
        request: { tools: [weather] },
        stream: {
          events: events('google-vertex-stream-tool-call-arguments-nested.1.chunks.txt'),
          expected: {
            toolCalls: [{ name: 'cookRecipe', arguments: JSON.stringify(recipe) }],
            finishReason: 'tool_calls',
          },
        },
      },
      toolCallNoArguments: {
        request: { tools: [weather] },
        stream: {
          events: events('google-stream-no-args-tool-call.chunks.txt'),
          expected: {
            toolCalls: [
              { name: 'read_theme', arguments: '{}' },
              { name: 'read_screen', arguments: '{"id":"A"}' },
              { name: 'read_screen', arguments: '{"id":"B"}' },
              { name: 'read_screen', arguments: '{"id":"C"}' },
            ],
            finishReason: 'tool_calls',
          },
        },
      },
      reasoning: {
        request: { tools: [weather] },
        stream: {
          events: events('google-stream-no-args-tool-call.chunks.txt'),
          expected: {
            reasoning:
              '**Processing User Requests**\n\nI\'ve started by understanding the user\'s instructions. Currently, I\'m focusing on the initial steps: reading the specified theme using the appropriate tool. Next, I plan to tackle reading the screens, beginning with screen "A," then proceeding with "B" and "C" in parallel as instructed.\n\n\n',
            toolCalls: [
              { name: 'read_theme', arguments: '{}' },
              { name: 'read_screen', arguments: '{"id":"A"}' },
              { name: 'read_screen', arguments: '{"id":"B"}' },
              { name: 'read_screen', arguments: '{"id":"C"}' },
            ],
            finishReason: 'tool_calls',
            usage: {
              prompt_tokens: 249,
              completion_tokens: 241,
              completion_tokens_details: { reasoning_tokens: 183 },
            },
          },
        },
      },
      usageDetails: {
        whole: {
          body: readJsonFixture('synthetic-cache-usage.json'),
          expected: {
            content: 'Paris.',
            finishReason: 'stop',
            usage: {
              prompt_tokens: 2100,
              completion_tokens: 52,
              total_tokens: 2152,
              prompt_tokens_details: { cached_tokens: 2048 },
              completion_tokens_details: { reasoning_tokens: 50 },
            },
          },
        },
        stream: {
          events: events('google-reasoning-gemini3.chunks.txt'),
          expected: {
            content: 'There are **3** "r"s in strawberry.\n\nSt**r**awbe**rr**y',
            finishReason: 'stop',
            usage: {
              prompt_tokens: 9,
              completion_tokens: 325,
              completion_tokens_details: { reasoning_tokens: 302 },
            },
          },
        },
        sameAnswer: false,
      },
      finishLength: {
        whole: {
          body: readJsonFixture('synthetic-max-tokens.json'),
          expected: { content: 'The capital of France is Par', finishReason: 'length' },
        },
        stream: {
          events: events('synthetic-max-tokens.chunks.txt'),
          expected: { content: 'The capital of France is Par', finishReason: 'length' },
        },
      },
      finishContentFilter: {
        whole: {
          body: readJsonFixture('synthetic-safety.json'),
          expected: { content: '', finishReason: 'content_filter' },
        },
        stream: {
          events: events('synthetic-safety.chunks.txt'),
          expected: { content: 'Here is how', finishReason: 'content_filter' },
        },
        sameAnswer: false,
      },
    },
    errors: {
      badRequest: {
        status: 400,
        body: googleError(
          400,
          'INVALID_ARGUMENT',
          '* GenerateContentRequest.contents: contents is not specified',
        ),
      },
      // Gemini answers a bad key with 400 INVALID_ARGUMENT + API_KEY_INVALID, not 401.
      unauthorized: {
        status: 400,
        body: googleError(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'API_KEY_INVALID',
            domain: 'googleapis.com',
            metadata: { service: 'generativelanguage.googleapis.com' },
          },
        ]),
        expected: {
          status: 502,
          type: 'upstream_error',
          code: 'upstream_authentication_failed',
          retryable: false,
          failover: true,
        },
      },
      forbidden: {
        status: 403,
        body: googleError(
          403,
          'PERMISSION_DENIED',
          "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
        ),
      },
      notFound: {
        status: 404,
        body: googleError(
          404,
          'NOT_FOUND',
          'models/gemini-9-ultra is not found for API version v1beta, or is not supported for generateContent.',
        ),
      },
      rateLimited: {
        status: 429,
        body: readJsonFixture('google-429-retry-info.json'),
        expected: { retryAfterMs: 34_400 },
      },
      serverError: {
        status: 500,
        body: googleError(
          500,
          'INTERNAL',
          'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
        ),
      },
      overloaded: {
        status: 503,
        body: googleError(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.'),
      },
    },
    midStreamError: {
      events: [
        textStream[0]!,
        {
          data: JSON.stringify(
            googleError(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.'),
          ),
        },
      ],
      expected: { status: 503, retryable: true },
    },
    truncatedStream: { events: textStream.slice(0, 2), expected: { status: 502, retryable: true } },
  },
});
