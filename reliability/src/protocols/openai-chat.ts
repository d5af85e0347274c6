import type { Exchange } from '../http-client.js';
import type { Answer, InboundProtocol } from './inbound-protocol.js';

/** OpenAI Chat Completions, `POST /v1/chat/completions`: the gateway's first inbound protocol. */
export const openAIChatProtocol: InboundProtocol = {
  name: 'openai-chat',
  path: '/v1/chat/completions',
  model: 'gpt-4o-mini',
  headers: (apiKey) => ({ authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }),
  requestBody: (text, stream) =>
    JSON.stringify({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: text }],
      ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
    }),
  readAnswer: (exchange, stream) => readOpenAIChatAnswer(exchange, stream),
};

export function readOpenAIChatAnswer(exchange: Exchange, stream: boolean): Answer {
  if (exchange.hung) return { outcome: 'hung' };
  if (exchange.status >= 400) {
    return isErrorBody(parseJson(exchange.body))
      ? { outcome: 'error' }
      : { outcome: 'truncated', note: `a ${exchange.status} without an error body` };
  }
  if (exchange.status === 0 || (exchange.error !== undefined && !stream)) {
    return { outcome: 'reset', note: exchange.error };
  }
  if (!stream) {
    const completion = parseJson(exchange.body) as
      | { choices?: Array<{ message?: { content?: string | null }; finish_reason?: string | null }> }
      | undefined;
    const choice = completion?.choices?.[0];
    if (choice?.finish_reason == null || typeof choice.message?.content !== 'string') {
      return { outcome: 'truncated', note: 'a 200 that is not a whole chat.completion' };
    }
    return { outcome: 'complete', text: choice.message.content };
  }
  // An SSE body: `data: <json>` events, then `data: [DONE]`.
  let text = '';
  let finished = false;
  let done = false;
  for (const event of exchange.body.split('\n\n')) {
    if (event.trim() === '') continue;
    if (done) return { outcome: 'truncated', note: 'events after [DONE]' };
    const data = event
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).trimStart())
      .join('\n');
    if (data === '[DONE]') {
      done = true;
      continue;
    }
    const chunk = parseJson(data);
    if (isErrorBody(chunk)) return { outcome: 'error' };
    const choices = (chunk as { choices?: unknown } | undefined)?.choices;
    if (!Array.isArray(choices))
      return { outcome: 'truncated', note: `an event that is not a chunk: ${data.slice(0, 60)}` };
    for (const choice of choices as Array<{
      delta?: { content?: string | null };
      finish_reason?: string | null;
    }>) {
      text += choice.delta?.content ?? '';
      if (choice.finish_reason != null) finished = true;
    }
  }
  if (exchange.error !== undefined) return { outcome: 'reset', note: exchange.error };
  if (!done || !finished) return { outcome: 'truncated', note: done ? 'no finish_reason' : 'no [DONE]' };
  return { outcome: 'complete', text };
}

function isErrorBody(value: unknown): boolean {
  const error = (value as { error?: { message?: unknown; type?: unknown } } | undefined)?.error;
  return typeof error?.message === 'string' && typeof error.type === 'string';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
