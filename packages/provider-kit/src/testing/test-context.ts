import type { ResponseContext } from '../adapter.js';

/**
 * A fixed `ResponseContext` for an adapter's unit tests: id `chatcmpl-llmux-1`, `created` 1780000000,
 * tool-call ids `call_llmux_1`, `call_llmux_2`… (a fresh counter per context), and a one-message request
 * for `publicModel`. Any field can be overridden.
 *
 * @example createTestContext({ publicModel: 'gpt-4o' })
 */
export function createTestContext(overrides: Partial<ResponseContext> = {}): ResponseContext {
  let next = 0;
  const publicModel = overrides.publicModel ?? overrides.request?.model ?? 'model-x';
  return {
    completionId: 'chatcmpl-llmux-1',
    created: 1_780_000_000,
    publicModel,
    request: { model: publicModel, messages: [{ role: 'user', content: 'Hello' }] },
    generateToolCallId: () => `call_llmux_${++next}`,
    ...overrides,
  };
}
