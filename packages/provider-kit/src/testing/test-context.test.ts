import { describe, expect, it } from 'vitest';
import { createTestContext } from './test-context.js';

describe('createTestContext', () => {
  it('has fixed ids and a request for the public model', () => {
    const context = createTestContext({ publicModel: 'gpt-4o' });
    expect(context).toMatchObject({
      completionId: 'chatcmpl-llmux-1',
      created: 1_780_000_000,
      publicModel: 'gpt-4o',
      request: { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hello' }] },
    });
    expect([context.generateToolCallId(), context.generateToolCallId()]).toEqual([
      'call_llmux_1',
      'call_llmux_2',
    ]);
    expect(createTestContext().generateToolCallId()).toBe('call_llmux_1');
  });

  it('takes the public model from an overriding request, and any override as given', () => {
    const request = { model: 'm', messages: [{ role: 'user' as const, content: 'x' }] };
    expect(createTestContext({ request })).toMatchObject({ publicModel: 'm', request });
    expect(createTestContext({ completionId: 'chatcmpl-x', created: 1 })).toMatchObject({
      completionId: 'chatcmpl-x',
      created: 1,
      publicModel: 'model-x',
    });
  });
});
