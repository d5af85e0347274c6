// A user of the published packages, outside the workspace: type-checked under `module: node16` and
// `moduleResolution: bundler`, then compiled and run (by scripts/test-packages.mjs, after `npm install`
// of the tarballs). Every library package is imported and used once; the gateway only by its types,
// because its bin has a smoke test of its own.
import assert from 'node:assert/strict';
import { getModel } from '@llmux/catalog';
import { createClient } from '@llmux/client';
import { type ChatCompletionRequest, parseChatRequest } from '@llmux/contract';
import type { GatewayConfig } from '@llmux/gateway';
import { createAnthropicAdapter } from '@llmux/provider-anthropic';
import { createGeminiAdapter } from '@llmux/provider-gemini';
import { callAdapter, type UpstreamTarget } from '@llmux/provider-kit';
import { createOpenAIChatAdapter } from '@llmux/provider-openai';
import { createOpenAICompatibleAdapters } from '@llmux/provider-openai-compatible';
import { createSimulator } from '@llmux/simulators';
import { decodeSse, encodeChunk } from '@llmux/sse';

function check(name: string): void {
  process.stdout.write(`  ok  ${name}\n`);
}

function targetFor(publicModel: string, baseUrl: string): UpstreamTarget {
  const entry = getModel(publicModel);
  assert.ok(entry, `the catalog knows ${publicModel}`);
  const endpoint = entry.endpoints[0];
  assert.ok(endpoint, `${publicModel} has an endpoint`);
  return {
    publicModel,
    upstreamModel: endpoint.upstreamModel,
    baseUrl,
    apiKey: 'sk-smoke-test',
    capabilities: entry.capabilities,
    maxOutputTokens: entry.maxOutputTokens,
  };
}

const parsed = parseChatRequest({
  model: 'claude-sonnet-4-6',
  messages: [
    { role: 'system', content: 'Answer in one word.' },
    { role: 'user', content: 'Hello?' },
  ],
  max_tokens: 64,
});
assert.ok(parsed.success, 'the contract accepts a valid request');
const request: ChatCompletionRequest = parsed.data;
const rejected = parseChatRequest({ model: 'x', messages: 'not a list' });
assert.ok(!rejected.success && rejected.error.error.param === 'messages', 'the contract names a bad field');
check('@llmux/contract: parseChatRequest accepts a request and names the bad field of another');

const anthropic = createAnthropicAdapter();
const translated = anthropic.toUpstream(request, targetFor('claude-sonnet-4-6', 'https://api.anthropic.com'));
assert.equal(translated.request.url, 'https://api.anthropic.com/v1/messages');
const anthropicBody = translated.request.body as {
  system?: unknown;
  max_tokens?: number;
  messages: unknown[];
};
assert.equal(anthropicBody.max_tokens, 64);
assert.ok(
  anthropicBody.system !== undefined && anthropicBody.messages.length === 1,
  'system moved out of messages',
);
check('@llmux/provider-anthropic + @llmux/catalog: a request translated to the Messages API');

const gemini = createGeminiAdapter().toUpstream(
  { ...request, model: 'gemini-2.5-flash' },
  targetFor('gemini-2.5-flash', 'https://generativelanguage.googleapis.com'),
);
assert.match(gemini.request.url, /:generateContent$/);
const compatible = createOpenAICompatibleAdapters();
assert.equal(typeof compatible.deepseek.toUpstream, 'function');
check('@llmux/provider-gemini, @llmux/provider-openai-compatible: adapters built');

const simulator = await createSimulator();
try {
  const completion = await callAdapter(
    anthropic,
    { ...request, stream: false },
    targetFor('claude-sonnet-4-6', simulator.baseUrlFor('anthropic')),
  );
  assert.equal(completion.object, 'chat.completion');
  assert.ok((completion.choices[0]?.message.content ?? '').length > 0, 'the answer has text');
  check('@llmux/provider-kit callAdapter: Anthropic adapter against the simulator');

  const openAIStream = await callAdapter(
    createOpenAIChatAdapter(),
    { model: 'gpt-4o', messages: request.messages, stream: true },
    targetFor('gpt-4o', simulator.baseUrlFor('openai')),
  );
  let openAIText = '';
  for await (const chunk of openAIStream) openAIText += chunk.choices[0]?.delta.content ?? '';
  assert.ok(openAIText.length > 0, 'the stream has text');
  check('@llmux/provider-openai: a stream through callAdapter');

  const client = createClient({ baseURL: simulator.baseUrlFor('openai'), apiKey: 'sk-smoke-test' });
  const stream = await client.chat.completions.create({
    model: 'gpt-4o',
    messages: request.messages,
    stream: true,
  });
  let streamed = '';
  let chunks = 0;
  for await (const chunk of stream) {
    chunks += 1;
    streamed += chunk.choices[0]?.delta.content ?? '';
  }
  const whole = await stream.finalCompletion();
  assert.ok(chunks > 1 && streamed.length > 0, `streamed ${chunks} chunks`);
  assert.equal(whole.choices[0]?.message.content, streamed);
  check(`@llmux/simulators → @llmux/client: ${chunks} chunks streamed and accumulated`);
} finally {
  await simulator.close();
}

const chunk = {
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk' as const,
  created: 0,
  model: 'gpt-4o',
  choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: null }],
};
async function* body(): AsyncIterable<string> {
  yield encodeChunk(chunk);
  yield 'data: [DONE]\n\n';
}
const events: string[] = [];
for await (const event of decodeSse(body())) events.push(event.data);
assert.deepEqual(events, [JSON.stringify(chunk), '[DONE]']);
check('@llmux/sse: encodeChunk → decodeSse round trip');

// Types only: the gateway's public types resolve for a consumer.
const port: GatewayConfig['port'] = 8787;
assert.equal(typeof port, 'number');
