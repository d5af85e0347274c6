import type { ChatCompletionRequest } from '@llmux/contract';
import type { ModelCapabilities } from '../adapter.js';
import type { SupportField } from '../parameter-support.js';

/** A model that can do nothing optional: the suite checks the adapter's 400s against it. */
export const NO_CAPABILITIES: ModelCapabilities = {
  tools: false,
  vision: false,
  jsonMode: false,
  jsonSchema: false,
  reasoning: false,
  nativeN: false,
  penalties: false,
  stop: false,
  seed: false,
  logprobs: false,
  logitBias: false,
  temperature: null,
  topP: false,
  parallelToolCalls: false,
  toolChoiceRequired: false,
  reasoningEffort: null,
  streamUsage: false,
};

const WEATHER_TOOL = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'The current weather in a city',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' } },
      required: ['city'],
      additionalProperties: false,
    },
  },
};

/** The request the suite sends for each field: the base request plus this. */
export function sampleRequestFor(
  field: SupportField,
  capabilities: ModelCapabilities,
): Partial<ChatCompletionRequest> {
  switch (field) {
    case 'messages':
      return {
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Hello' },
          { role: 'assistant', content: 'Hi! How can I help?' },
          { role: 'user', content: 'What is the capital of France?' },
        ],
      };
    case 'image_url':
      return {
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is in this image?' },
              { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==' } },
            ],
          },
        ],
      };
    case 'max_tokens':
      return { max_tokens: 100 };
    case 'temperature':
      return { temperature: 0.5 };
    case 'top_p':
      return { top_p: 0.9 };
    case 'frequency_penalty':
      return { frequency_penalty: 0.5 };
    case 'presence_penalty':
      return { presence_penalty: 0.5 };
    case 'stream':
      return { stream: true, stream_options: { include_usage: true } };
    case 'stop':
      return { stop: ['END'] };
    case 'n':
      return { n: 2 };
    case 'response_format.json_object':
      return {
        response_format: { type: 'json_object' },
        messages: [{ role: 'user', content: 'Answer in JSON: what is the capital of France?' }],
      };
    case 'response_format.json_schema':
      return {
        response_format: {
          type: 'json_schema',
          json_schema: {
            name: 'capital',
            strict: true,
            schema: {
              type: 'object',
              properties: { capital: { type: 'string' } },
              required: ['capital'],
              additionalProperties: false,
            },
          },
        },
      };
    case 'tools':
      return { tools: [WEATHER_TOOL] };
    case 'tool_choice':
      return { tools: [WEATHER_TOOL], tool_choice: { type: 'function', function: { name: 'get_weather' } } };
    case 'parallel_tool_calls':
      return { tools: [WEATHER_TOOL], parallel_tool_calls: false };
    case 'user':
      return { user: 'user-1234' };
    case 'seed':
      return { seed: 42 };
    case 'logprobs':
      return { logprobs: true, top_logprobs: 2 };
    case 'logit_bias':
      return { logit_bias: { '50256': -100 } };
    case 'reasoning_effort':
      return {
        reasoning_effort: (capabilities.reasoningEffort?.[0] ??
          'low') as ChatCompletionRequest['reasoning_effort'],
      };
  }
}
