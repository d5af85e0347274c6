import Anthropic from '@anthropic-ai/sdk';
import type { ChatCompletion, ChatCompletionChunk } from '@llmux/contract';
import { createGeminiAdapter } from '@llmux/provider-gemini';
import { runInboundConformanceSuite } from '@llmux/provider-kit/testing';
import { createOpenAIChatAdapter, createOpenAIResponsesAdapter } from '@llmux/provider-openai';
import { createOpenAICompatibleAdapter, deepseekProfile } from '@llmux/provider-openai-compatible';
import { anthropicInbound } from './surface.js';
import {
  DEEPSEEK_MODEL,
  GEMINI_MODEL,
  GPT_MODEL,
  PLAIN_MODEL,
  readClaudeCodeRequests,
  upstreamTarget,
} from './test-support.js';

// The shared inbound suite on the Messages surface: Claude Code's recorded requests reach a valid hub request
// for each kind of model and go through every upstream adapter family; the hub's answers read the same whole
// and streamed through the official SDK; errors keep their status.

const base = { id: 'chatcmpl-1', created: 1_700_000_000, model: 'conformance-model' };
const usage = { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 };

/** A hub answer as a completion and as its stream's chunks. */
function answer(
  name: string,
  message: ChatCompletion['choices'][number]['message'],
  finish: 'stop' | 'tool_calls',
  deltas: ChatCompletionChunk['choices'][number]['delta'][],
) {
  const completion: ChatCompletion = {
    ...base,
    object: 'chat.completion',
    choices: [{ index: 0, message, finish_reason: finish, logprobs: null }],
    usage,
  };
  const chunk = (
    delta: ChatCompletionChunk['choices'][number]['delta'],
    finishReason: string | null = null,
  ) =>
    ({
      ...base,
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
    }) as ChatCompletionChunk;
  const chunks = [
    ...deltas.map((delta) => chunk(delta)),
    chunk({}, finish),
    { ...base, object: 'chat.completion.chunk', choices: [], usage } as ChatCompletionChunk,
  ];
  return { name, completion, chunks };
}

const toolCall = {
  id: 'call_1',
  type: 'function' as const,
  function: { name: 'Bash', arguments: '{"command":"echo ok"}' },
  extra_content: { google: { thought_signature: 'gemini-signature' } },
};

function sdkReading(text: string, stream: boolean) {
  const client = new Anthropic({
    apiKey: 'sk-ant-test',
    maxRetries: 0,
    fetch: async () =>
      new Response(text, {
        status: 200,
        headers: { 'content-type': stream ? 'text/event-stream' : 'application/json' },
      }),
  });
  const params = {
    model: 'conformance-model',
    max_tokens: 100,
    messages: [{ role: 'user' as const, content: 'Hi' }],
  };
  return stream ? client.messages.stream(params).finalMessage() : client.messages.create(params);
}

/** What Anthropic's Message is (the stream helper adds fields of its own, such as `parsed_output`). */
function messageFields(message: Anthropic.Message) {
  const { type, role, model, content, stop_reason, stop_sequence, usage } = message;
  return { type, role, model, content, stop_reason, stop_sequence, usage };
}

runInboundConformanceSuite({
  surface: anthropicInbound,
  requests: readClaudeCodeRequests(),
  invalidRequests: [
    {
      name: 'a request without max_tokens',
      body: { model: 'm', messages: [{ role: 'user', content: 'hi' }] },
      param: 'max_tokens',
    },
    { name: 'a request without messages', body: { model: 'm', max_tokens: 10 }, param: 'messages' },
  ],
  models: [GPT_MODEL, GEMINI_MODEL, DEEPSEEK_MODEL, PLAIN_MODEL],
  upstreams: [
    {
      name: 'OpenAI chat',
      adapter: createOpenAIChatAdapter(),
      target: upstreamTarget('gpt-4-1', 'https://api.openai.com/v1'),
    },
    {
      name: 'OpenAI Responses',
      adapter: createOpenAIResponsesAdapter(),
      target: upstreamTarget('gpt-5-2', 'https://api.openai.com/v1', { temperature: null }),
    },
    {
      name: 'DeepSeek',
      adapter: createOpenAICompatibleAdapter(deepseekProfile),
      target: upstreamTarget('deepseek-reasoner', deepseekProfile.defaultBaseUrl, {
        reasoningEffort: null,
        vision: false,
      }),
    },
    {
      name: 'Gemini',
      adapter: createGeminiAdapter(),
      target: upstreamTarget('gemini-3-pro-preview', 'https://generativelanguage.googleapis.com'),
    },
  ],
  answers: [
    answer('text', { role: 'assistant', content: 'Hello there', refusal: null }, 'stop', [
      { role: 'assistant', content: 'Hello ' },
      { content: 'there' },
    ]),
    answer(
      'reasoning and a Gemini-signed tool call',
      {
        role: 'assistant',
        content: null,
        refusal: null,
        reasoning_content: 'Run it.',
        tool_calls: [toolCall],
      },
      'tool_calls',
      [{ role: 'assistant', reasoning_content: 'Run it.' }, { tool_calls: [{ index: 0, ...toolCall }] }],
    ),
  ],
  readAnswer: (text) => sdkReading(text, false).then(messageFields),
  readStream: (text) => sdkReading(text, true).then(messageFields),
  credentialHeaders: { 'x-api-key': 'sk-conformance' },
});
