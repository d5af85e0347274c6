// Request and answer bodies shared by the responder, the load generator and the sanity checks. Shapes follow each
// vendor's documented wire format (OpenAI chat completions, Anthropic Messages, Gemini generateContent).

/** Every stream has this many `data:` events upstream (OpenAI's `[DONE]` terminator not counted). */
export const STREAM_EVENTS = 50;

const CREATED = 1_700_000_000;
const TOKEN = 'lorem ';

const SYSTEM_PROMPT = 'You are a terse assistant. Answer in one short paragraph. '.repeat(6);

/** The user turn; `BENCH_GAP_MS=<n>` in it asks the responder to pace its stream (the TTFT workload). */
function userPrompt(gapMs: number | undefined): string {
  const marker = gapMs === undefined ? '' : ` BENCH_GAP_MS=${String(gapMs).padEnd(4, ' ')}`;
  return `Summarise the following notes.${marker} ${'The quick brown fox jumps over the lazy dog. '.repeat(24)}`;
}

export interface RequestOptions {
  stream?: boolean;
  gapMs?: number;
}

/** A 1.6 KB chat request, the size PERFORMANCE.md's per-block costs were measured with. */
export function chatRequest(model: string, options: RequestOptions = {}): string {
  return JSON.stringify({
    model,
    messages: [
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: userPrompt(options.gapMs) },
    ],
    temperature: 0.2,
    max_tokens: 256,
    ...(options.stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  });
}

/**
 * The same request as `chatRequest` in Anthropic Messages form, as an Anthropic client posts it to
 * `/v1/messages`: the system prompt is the top-level `system` (Messages has no system role), the usage
 * arrives in every stream without asking. https://docs.claude.com/en/api/messages
 */
export function anthropicRequest(model: string, options: RequestOptions = {}): string {
  return JSON.stringify({
    model,
    system: SYSTEM_PROMPT,
    messages: [{ role: 'user', content: userPrompt(options.gapMs) }],
    temperature: 0.2,
    max_tokens: 256,
    ...(options.stream ? { stream: true } : {}),
  });
}

/**
 * The same request as `chatRequest` in Gemini form, as a Gemini client posts it to
 * `/v1beta/models/{model}:generateContent` (or `:streamGenerateContent?alt=sse`): the model is in the path, not
 * the body, and so is streaming; the system prompt is `systemInstruction`, the user turn a `contents` entry,
 * `max_tokens` is `generationConfig.maxOutputTokens`. https://ai.google.dev/api/generate-content
 */
export function geminiRequest(options: RequestOptions = {}): string {
  return JSON.stringify({
    systemInstruction: { parts: [{ text: SYSTEM_PROMPT }] },
    contents: [{ role: 'user', parts: [{ text: userPrompt(options.gapMs) }] }],
    generationConfig: { temperature: 0.2, maxOutputTokens: 256 },
  });
}

/** The path a Gemini client posts to: the method in the path, `alt=sse` for Server-Sent Events. */
export function geminiPath(model: string, stream: boolean): string {
  return stream
    ? `/v1beta/models/${model}:streamGenerateContent?alt=sse`
    : `/v1beta/models/${model}:generateContent`;
}

export function openaiCompletion(): string {
  return JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created: CREATED,
    model: 'gpt-4o-mini-2024-07-18',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: TOKEN.repeat(40), refusal: null },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: { prompt_tokens: 380, completion_tokens: 40, total_tokens: 420 },
    system_fingerprint: 'fp_bench',
  });
}

/** role chunk, 47 content chunks, finish chunk, usage chunk (50 events), then `[DONE]`. */
export function openaiChunks(): string[] {
  const chunk = (delta: object, finish: string | null = null) =>
    `data: ${JSON.stringify({
      id: 'chatcmpl-bench',
      object: 'chat.completion.chunk',
      created: CREATED,
      model: 'gpt-4o-mini-2024-07-18',
      system_fingerprint: 'fp_bench',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      usage: null,
    })}\n\n`;
  const events = [chunk({ role: 'assistant', content: '', refusal: null })];
  for (let index = 0; index < STREAM_EVENTS - 3; index++) events.push(chunk({ content: TOKEN }));
  events.push(chunk({}, 'stop'));
  const usage = {
    id: 'chatcmpl-bench',
    object: 'chat.completion.chunk',
    created: CREATED,
    model: 'gpt-4o-mini-2024-07-18',
    system_fingerprint: 'fp_bench',
    choices: [],
    usage: { prompt_tokens: 380, completion_tokens: 47, total_tokens: 427 },
  };
  events.push(`data: ${JSON.stringify(usage)}\n\n`);
  events[events.length - 1] += 'data: [DONE]\n\n';
  return events;
}

const ANTHROPIC_MODEL = 'claude-haiku-4-5-20251001';

export function anthropicMessage(): string {
  return JSON.stringify({
    id: 'msg_bench',
    type: 'message',
    role: 'assistant',
    model: ANTHROPIC_MODEL,
    content: [{ type: 'text', text: TOKEN.repeat(40) }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: {
      input_tokens: 380,
      output_tokens: 40,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    },
  });
}

/** message_start, content_block_start, 45 text deltas, content_block_stop, message_delta, message_stop. */
export function anthropicEvents(): string[] {
  const event = (type: string, data: object) =>
    `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  const events = [
    event('message_start', {
      message: {
        id: 'msg_bench',
        type: 'message',
        role: 'assistant',
        model: ANTHROPIC_MODEL,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: 380,
          output_tokens: 1,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
        },
      },
    }),
    event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
  ];
  for (let index = 0; index < STREAM_EVENTS - 5; index++) {
    events.push(event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: TOKEN } }));
  }
  events.push(event('content_block_stop', { index: 0 }));
  events.push(
    event('message_delta', {
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: 45 },
    }),
  );
  events.push(event('message_stop', {}));
  return events;
}

const GEMINI_MODEL = 'gemini-2.5-flash';

function geminiBody(text: string, last: boolean, completionTokens: number): object {
  return {
    candidates: [
      {
        content: { parts: [{ text }], role: 'model' },
        ...(last ? { finishReason: 'STOP' } : {}),
        index: 0,
      },
    ],
    usageMetadata: {
      promptTokenCount: 380,
      candidatesTokenCount: completionTokens,
      totalTokenCount: 380 + completionTokens,
    },
    modelVersion: GEMINI_MODEL,
    responseId: 'bench-response',
  };
}

export function geminiResponse(): string {
  return JSON.stringify(geminiBody(TOKEN.repeat(40), true, 40));
}

/** 50 `data:` events (Gemini separates them with CRLF CRLF), the last with finishReason and the final usage. */
export function geminiEvents(): string[] {
  const events: string[] = [];
  for (let index = 0; index < STREAM_EVENTS; index++) {
    const last = index === STREAM_EVENTS - 1;
    events.push(`data: ${JSON.stringify(geminiBody(TOKEN, last, index + 1))}\r\n\r\n`);
  }
  return events;
}

/**
 * The writes of a paced stream (the TTFT workload): the events before the first one that carries answer text
 * (OpenAI's role chunk; Anthropic's `message_start` and `content_block_start`) go out in one write with it, then
 * one event per write. So every protocol's first token leaves the upstream at once, and the time to first
 * token of an OpenAI route and of an Anthropic one measure the same thing: what the target adds.
 */
export function pacedWrites(events: string[]): string[] {
  const firstToken = events.findIndex((event) => event.includes(TOKEN));
  if (firstToken <= 0) return events;
  return [events.slice(0, firstToken + 1).join(''), ...events.slice(firstToken + 1)];
}

/** A usage row as the gateway records it for a small priced answer (the usage-row and limits benchmarks). */
export function usageRow(
  requestId: string,
  keyId: string,
  charge?: { nanoUsd: number; budgetPeriod: number },
) {
  return {
    request_id: requestId,
    ts: Date.now(),
    key_id: keyId,
    model: 'gpt-4o-mini',
    vendor: 'openai',
    provider: 'openai',
    deployment: 'openai:gpt-4o-mini#0',
    upstream_model: 'gpt-4o-mini',
    stream: 0 as 0 | 1,
    status: 200,
    error_type: null,
    prompt_tokens: 380,
    completion_tokens: 47,
    cached_tokens: 0,
    reasoning_tokens: null,
    cost_usd: 0.0000852,
    unpriced: 0 as const,
    latency_ms: 3,
    ttft_ms: 1,
    attempts: 1,
    spend_nano_usd: charge?.nanoUsd ?? null,
    budget_period: charge?.budgetPeriod ?? null,
  };
}
