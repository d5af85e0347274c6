import { describe, expect, it } from 'vitest';
import type { Exchange } from '../http-client.js';
import { readOpenAIChatAnswer } from './openai-chat.js';

const exchange = (over: Partial<Exchange>): Exchange => ({
  status: 200,
  headers: {},
  body: '',
  hung: false,
  aborted: false,
  durationMs: 1,
  ...over,
});
const chunk = (content: string, finish: string | null = null) =>
  `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content }, finish_reason: finish }] })}\n\n`;

describe('readOpenAIChatAnswer', () => {
  it('reads a whole answer and a stream that ends with [DONE]', () => {
    const whole = JSON.stringify({ choices: [{ message: { content: 'Hi' }, finish_reason: 'stop' }] });
    expect(readOpenAIChatAnswer(exchange({ body: whole }), false)).toEqual({
      outcome: 'complete',
      text: 'Hi',
    });
    const stream = chunk('Hel') + chunk('lo', 'stop') + 'data: [DONE]\n\n';
    expect(readOpenAIChatAnswer(exchange({ body: stream }), true)).toEqual({
      outcome: 'complete',
      text: 'Hello',
    });
  });

  it('calls an error body or a mid-stream error event an error', () => {
    const error = JSON.stringify({ error: { message: 'Upstream failed', type: 'server_error' } });
    expect(readOpenAIChatAnswer(exchange({ status: 502, body: error }), false).outcome).toBe('error');
    expect(readOpenAIChatAnswer(exchange({ body: `${chunk('Hel')}data: ${error}\n\n` }), true).outcome).toBe(
      'error',
    );
  });

  it('calls a clean end without [DONE], or a non-JSON event, a silent truncation', () => {
    expect(readOpenAIChatAnswer(exchange({ body: chunk('Hel') }), true).outcome).toBe('truncated');
    expect(readOpenAIChatAnswer(exchange({ body: `${chunk('Hel')}data: {not json\n\n` }), true).outcome).toBe(
      'truncated',
    );
    expect(readOpenAIChatAnswer(exchange({ body: '{"choices":[{"mess' }), false).outcome).toBe('truncated');
  });

  it('tells a reset and a hang apart', () => {
    expect(readOpenAIChatAnswer(exchange({ body: chunk('Hel'), error: 'ECONNRESET' }), true).outcome).toBe(
      'reset',
    );
    expect(readOpenAIChatAnswer(exchange({ status: 0, error: 'ECONNRESET' }), false).outcome).toBe('reset');
    expect(readOpenAIChatAnswer(exchange({ hung: true }), true).outcome).toBe('hung');
  });
});
