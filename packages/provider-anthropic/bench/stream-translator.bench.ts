import { readFileSync } from 'node:fs';
import type { SseEvent } from '@llmux/sse';
import { bench, describe } from 'vitest';
import { createStreamTranslator } from '../src/convert-stream.js';

// CPU per translated stream: a 50-event text stream (PERFORMANCE.md budgets ~80 µs for everything a
// gateway does per stream beyond a bare proxy). Run: pnpm exec vitest bench --project @llmux/provider-anthropic
const recorded = readFileSync(
  new URL('../src/__fixtures__/anthropic-text.chunks.txt', import.meta.url),
  'utf8',
)
  .split('\n')
  .filter((line) => line.trim() !== '');
const first = recorded[0] as string;
const delta = recorded.find((line) => line.includes('text_delta')) as string;
const tail = recorded.slice(-4);
const lines = [first, recorded[1] as string, ...Array.from({ length: 44 }, () => delta), ...tail];
const events: SseEvent[] = lines.map((data) => ({
  event: (JSON.parse(data) as { type: string }).type,
  data,
}));

const context = {
  completionId: 'chatcmpl-bench',
  created: 1_700_000_000,
  publicModel: 'claude-sonnet-4-6',
  request: { model: 'claude-sonnet-4-6', messages: [{ role: 'user' as const, content: 'Hi' }] },
  generateToolCallId: () => 'call_bench',
};

describe(`stream translation (${events.length} events)`, () => {
  bench('translate and serialise every chunk', () => {
    const translator = createStreamTranslator(context);
    for (const event of events) for (const chunk of translator.push(event)) JSON.stringify(chunk);
    for (const chunk of translator.finish()) JSON.stringify(chunk);
  });
});
