import type { InboundTokenCounter } from '@llmux/provider-kit';
import { describe, expect, it } from 'vitest';
import { anthropicTokenCounter, estimateAnthropicInputTokens } from './count-tokens.js';
import { parseAnthropicCountTokensRequest } from './parse-request.js';
import { readClaudeCodeRequests } from './test-support.js';

function estimate(body: unknown): number {
  return anthropicTokenCounter.estimate(anthropicTokenCounter.parseRequest(body).request);
}

describe('anthropicTokenCounter', () => {
  it('counts ceil(UTF-8 bytes / 4) plus 4 per message', () => {
    expect(estimate({ model: 'm', messages: [{ role: 'user', content: 'Hello' }] })).toBe(6);
    // 'é' is 2 bytes: 8 bytes → 2 tokens.
    expect(estimate({ model: 'm', messages: [{ role: 'user', content: 'éééé' }] })).toBe(6);
    expect(estimate({ model: 'm', system: 'abcdefgh', messages: [{ role: 'user', content: '' }] })).toBe(6);
  });

  it('grows with every part of the request', () => {
    const base = { model: 'm', messages: [{ role: 'user', content: 'Hello' }] };
    const baseline = estimate(base);
    expect(estimate({ ...base, system: [{ type: 'text', text: 'Be brief, always.' }] })).toBeGreaterThan(
      baseline,
    );
    expect(estimate({ ...base, tools: [{ name: 'f', input_schema: { type: 'object' } }] })).toBeGreaterThan(
      baseline + 300,
    );
    const withImage = {
      ...base,
      messages: [
        {
          role: 'user',
          content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } }],
        },
      ],
    };
    expect(estimate(withImage)).toBe(4 + 1600);
    const toolTurn = {
      model: 'm',
      messages: [
        { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'f', input: { a: 'b' } }] },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'text', text: 'ok ok ok' }] }],
        },
      ],
    };
    expect(estimate(toolTurn)).toBe(4 + Math.ceil('f {"a":"b"}'.length / 4) + 4 + 2);
  });

  it("estimates Claude Code's first request at a plausible size (~1 token per 4 bytes of its body)", () => {
    const record = readClaudeCodeRequests().find(({ name }) => name === '01-messages-tool-call.json');
    if (record === undefined) throw new Error('fixture missing');
    const { request } = parseAnthropicCountTokensRequest(record.body);
    const bytes = JSON.stringify(record.body).length;
    const tokens = estimateAnthropicInputTokens(request);
    expect(tokens).toBeGreaterThan(bytes / 6);
    expect(tokens).toBeLessThan(bytes / 3);
  });

  it('fits the inbound surface and encodes the answer', () => {
    const counter: InboundTokenCounter = anthropicTokenCounter;
    expect(counter.encode(0)).toBe('{"input_tokens":0}');
    expect(JSON.parse(anthropicTokenCounter.encode(42))).toEqual({ input_tokens: 42 });
  });

  it('refuses an invalid body with the field named', () => {
    expect(() => anthropicTokenCounter.parseRequest({ model: 'm' })).toThrow(/messages/);
  });
});
