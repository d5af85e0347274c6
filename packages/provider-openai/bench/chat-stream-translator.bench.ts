import { readFileSync } from 'node:fs';
import type { SseEvent } from '@llmux/sse';
import { bench, describe } from 'vitest';
import { createChatStreamTranslator } from '../src/chat/convert-stream.js';
import { openAIChatDialect } from '../src/chat/openai-chat-dialect.js';

// CPU per translated stream: a 50-event OpenAI text stream (the first event, 46 text deltas, the finish
// chunk, the usage chunk, [DONE]), each chunk serialised as the gateway would.
// Run: pnpm exec vitest bench --run --project @llmux/provider-openai
const recorded = readFileSync(
  new URL('../src/chat/__fixtures__/openai-text.chunks.txt', import.meta.url),
  'utf8',
)
  .split('\n')
  .filter((line) => line.trim() !== '');
const lines = [recorded[0] as string, ...recorded.slice(1, 47), ...recorded.slice(-2)];
const events: SseEvent[] = [...lines.map((data) => ({ data })), { data: '[DONE]' }];

const context = {
  completionId: 'chatcmpl-bench',
  created: 1_700_000_000,
  publicModel: 'gpt-4-1-nano',
  request: { model: 'gpt-4-1-nano', messages: [{ role: 'user' as const, content: 'Hi' }] },
  generateToolCallId: () => 'call_bench',
};

describe(`OpenAI chat stream translation (${events.length} events)`, () => {
  bench('translate and serialise every chunk', () => {
    const translator = createChatStreamTranslator(context, openAIChatDialect);
    for (const event of events) for (const chunk of translator.push(event)) JSON.stringify(chunk);
    for (const chunk of translator.finish()) JSON.stringify(chunk);
  });
  bench('baseline: JSON.parse + JSON.stringify of every event (a bare pass-through)', () => {
    for (const event of events) if (event.data !== '[DONE]') JSON.stringify(JSON.parse(event.data));
  });
});
