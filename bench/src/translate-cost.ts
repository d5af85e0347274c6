// The per-request work of llmux's translation layer alone, in one process with no I/O: request validation
// (the contract's parseChatRequest on the 1.6 KB request) and, per upstream protocol, the whole answer
// (JSON.parse → adapter.fromResponse → JSON.stringify) and the 50-event stream (SSE decoder → the adapter's stream
// translator → encodeChunk), on the same bytes the responder sends. Tells how much of a target's CPU per request
// is translation and how much is everything else (HTTP, sockets, usage, logs). Prints JSON.
import { parseChatRequest } from '@llmux/contract';
import { createAnthropicAdapter } from '@llmux/provider-anthropic';
import { createGeminiAdapter } from '@llmux/provider-gemini';
import type { ProviderAdapter, ResponseContext } from '@llmux/provider-kit';
import { createOpenAIChatAdapter } from '@llmux/provider-openai';
import { createSseDecoder, encodeChunk } from '@llmux/sse';
import {
  anthropicEvents,
  anthropicMessage,
  chatRequest,
  geminiEvents,
  geminiResponse,
  openaiChunks,
  openaiCompletion,
} from './payloads.js';

export interface TranslateCostResult {
  /** µs of CPU per operation. */
  validateRequest: number;
  whole: Record<string, number>;
  stream: Record<string, number>;
}

function timeCpu(iterations: number, work: () => void): number {
  for (let index = 0; index < Math.min(2000, iterations); index++) work();
  const before = process.cpuUsage();
  for (let index = 0; index < iterations; index++) work();
  const spent = process.cpuUsage(before);
  return (spent.user + spent.system) / iterations;
}

const iterations = Number(process.argv[2] ?? 5000);
const requestText = chatRequest('gpt-4o-mini', { stream: true });
const parsed = parseChatRequest(JSON.parse(requestText));
if (!parsed.success) throw new Error(`the bench request does not validate: ${JSON.stringify(parsed.error)}`);
const request = parsed.data;
const context: ResponseContext = {
  completionId: 'chatcmpl-bench',
  created: 1_700_000_000,
  publicModel: 'gpt-4o-mini',
  request,
  generateToolCallId: () => 'call_bench',
};

const routes: Array<[string, ProviderAdapter, string, Buffer]> = [
  ['openai', createOpenAIChatAdapter(), openaiCompletion(), Buffer.from(openaiChunks().join(''))],
  ['anthropic', createAnthropicAdapter(), anthropicMessage(), Buffer.from(anthropicEvents().join(''))],
  ['gemini', createGeminiAdapter(), geminiResponse(), Buffer.from(geminiEvents().join(''))],
];

const result: TranslateCostResult = {
  validateRequest: timeCpu(iterations, () => {
    parseChatRequest(JSON.parse(requestText));
  }),
  whole: {},
  stream: {},
};
for (const [name, adapter, wholeText, streamBytes] of routes) {
  result.whole[name] = timeCpu(iterations, () => {
    JSON.stringify(adapter.fromResponse(JSON.parse(wholeText), context));
  });
  result.stream[name] = timeCpu(iterations, () => {
    const translator = adapter.createStreamTranslator(context);
    let output = '';
    const decoder = createSseDecoder({
      onEvent: (event) => {
        for (const chunk of translator.push(event)) output += encodeChunk(chunk);
      },
    });
    decoder.push(streamBytes);
    decoder.end();
    for (const chunk of translator.finish()) output += encodeChunk(chunk);
    if (output.length === 0) throw new Error(`${name}: the translator produced nothing`);
  });
}
process.stdout.write(`${JSON.stringify(result)}\n`);
