import { describe, expect, it } from 'vitest';
import {
  anthropicEvents,
  anthropicRequest,
  chatRequest,
  geminiEvents,
  geminiPath,
  geminiRequest,
  openaiChunks,
  pacedWrites,
  STREAM_EVENTS,
} from './payloads.js';

interface ChatBody {
  model: string;
  messages: Array<{ role: string; content: string }>;
  max_tokens: number;
  temperature: number;
  stream?: boolean;
}
interface MessagesBody {
  model: string;
  system: string;
  messages: Array<{ role: string; content: string }>;
  max_tokens: number;
  temperature: number;
  stream?: boolean;
}

describe('anthropicRequest', () => {
  it('carries the chat request’s conversation, max_tokens and temperature in Messages form', () => {
    const chat = JSON.parse(chatRequest('gpt-4o-mini')) as ChatBody;
    const messages = JSON.parse(anthropicRequest('claude-haiku-4-5')) as MessagesBody;
    expect(messages.model).toBe('claude-haiku-4-5');
    expect(messages.system).toBe(chat.messages[0]?.content);
    expect(messages.messages).toEqual(chat.messages.slice(1));
    expect(messages.max_tokens).toBe(chat.max_tokens);
    expect(messages.temperature).toBe(chat.temperature);
    expect(messages.stream).toBeUndefined();
  });

  it('streams with `"stream":true` (what the responder looks for) and carries the gap marker', () => {
    const body = anthropicRequest('claude-haiku-4-5', { stream: true, gapMs: 5 });
    expect(body).toContain('"stream":true');
    expect(body).toContain('BENCH_GAP_MS=5   ');
    expect(body).not.toContain('stream_options');
  });

  it('is as long as the chat request give or take the framing (the same work per request)', () => {
    const difference = chatRequest('gpt-4o-mini').length - anthropicRequest('gpt-4o-mini').length;
    expect(Math.abs(difference)).toBeLessThan(60);
  });
});

interface GeminiBody {
  model?: string;
  stream?: boolean;
  systemInstruction: { parts: Array<{ text: string }> };
  contents: Array<{ role: string; parts: Array<{ text: string }> }>;
  generationConfig: { temperature: number; maxOutputTokens: number };
}

describe('geminiRequest', () => {
  it('carries the chat request’s conversation, max_tokens and temperature in generateContent form', () => {
    const chat = JSON.parse(chatRequest('gpt-4o-mini')) as ChatBody;
    const gemini = JSON.parse(geminiRequest()) as GeminiBody;
    expect(gemini.systemInstruction.parts).toEqual([{ text: chat.messages[0]?.content }]);
    expect(gemini.contents).toEqual([{ role: 'user', parts: [{ text: chat.messages[1]?.content }] }]);
    expect(gemini.generationConfig).toEqual({
      temperature: chat.temperature,
      maxOutputTokens: chat.max_tokens,
    });
    expect(gemini.model).toBeUndefined();
    expect(gemini.stream).toBeUndefined();
  });

  it('carries the gap marker, and streaming is said by the path alone', () => {
    expect(geminiRequest({ stream: true, gapMs: 5 })).toContain('BENCH_GAP_MS=5   ');
    expect(geminiRequest({ stream: true })).toBe(geminiRequest());
    expect(geminiPath('gemini-2.5-flash', false)).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(geminiPath('gpt-4o-mini', true)).toBe('/v1beta/models/gpt-4o-mini:streamGenerateContent?alt=sse');
  });

  it('is as long as the chat request give or take the framing (the same work per request)', () => {
    const difference = chatRequest('gpt-4o-mini').length - geminiRequest().length;
    expect(Math.abs(difference)).toBeLessThan(80);
  });
});

describe('pacedWrites', () => {
  it.each([
    ['openai', openaiChunks(), 1],
    ['anthropic', anthropicEvents(), 2],
    ['gemini', geminiEvents(), 0],
  ])('%s: what precedes the first token goes out with it, then one event per write', (_, events, first) => {
    const writes = pacedWrites(events);
    expect(events).toHaveLength(STREAM_EVENTS);
    expect(writes.join('')).toBe(events.join(''));
    expect(writes).toHaveLength(STREAM_EVENTS - first);
    expect(writes[0]).toContain('lorem');
    expect(writes[0]?.endsWith(events[first] as string)).toBe(true);
    expect(events.slice(0, first).some((event) => event.includes('lorem'))).toBe(false);
  });
});
