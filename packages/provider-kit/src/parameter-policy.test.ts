import type { ChatCompletionRequest } from '@llmux/contract';
import { describe, expect, it } from 'vitest';
import { checkParameters, emulatedFields, renderSupportMatrix } from './parameter-policy.js';
import { createParameterSupport } from './parameter-support.js';
import { isProviderError } from './provider-error.js';

const request = (extra: Partial<ChatCompletionRequest>): ChatCompletionRequest => ({
  model: 'm',
  messages: [{ role: 'user', content: 'hi' }],
  ...extra,
});

const support = createParameterSupport({
  n: { mode: 'emulate' },
  logit_bias: { mode: 'reject', note: 'Anthropic has no logit_bias.' },
  'response_format.json_schema': { mode: 'reject' },
  stop: { mode: 'translate' },
});

describe('checkParameters', () => {
  it('refuses the first rejected field with a 400 naming it', () => {
    let error: unknown;
    try {
      checkParameters(request({ logit_bias: { '1': 5 } }), support);
    } catch (caught) {
      error = caught;
    }
    expect(isProviderError(error)).toBe(true);
    expect(error).toMatchObject({
      status: 400,
      param: 'logit_bias',
      message: 'Anthropic has no logit_bias.',
    });
  });

  it('names the request parameter of a sub-field and writes a message without a note', () => {
    const ask = request({ response_format: { type: 'json_schema', json_schema: { name: 'x' } } });
    expect(() => checkParameters(ask, support)).toThrow(
      "This model does not support 'response_format' (response_format.json_schema).",
    );
  });

  it('lets a rejected field through when it carries the vendor default (acceptedValue), and only then', () => {
    const defaultsOnly = createParameterSupport({
      temperature: { mode: 'reject', note: 'only the default temperature (1)', acceptedValue: 1 },
    });
    expect(() => checkParameters(request({ temperature: 1 }), defaultsOnly)).not.toThrow();
    expect(() => checkParameters(request({ temperature: 0.2 }), defaultsOnly)).toThrow(
      'only the default temperature (1)',
    );
  });

  it('lets through fields that ask for nothing, and fields that are not rejected', () => {
    expect(() => checkParameters(request({ logit_bias: {}, n: 1, stop: ['x'] }), support)).not.toThrow();
  });
});

describe('emulatedFields', () => {
  it('lists what the gateway must emulate', () => {
    expect(emulatedFields(request({ n: 3 }), support)).toEqual(['n']);
    expect(emulatedFields(request({ n: 1 }), support)).toEqual([]);
  });
});

describe('renderSupportMatrix', () => {
  it('renders one row per field and one column per vendor', () => {
    const table = renderSupportMatrix([
      { vendor: 'OpenAI', support: createParameterSupport() },
      { vendor: 'Anthropic', support },
    ]);
    const lines = table.trimEnd().split('\n');
    expect(lines[0]).toBe('| field | OpenAI | Anthropic |');
    expect(lines[1]).toBe('|---|---|---|');
    expect(lines).toHaveLength(2 + 20);
    expect(lines).toContain('| `n` | pass | emulate |');
    expect(lines).toContain('| `logit_bias` | pass | 400 |');
    expect(lines).toContain('| `stop` | pass | translate |');
  });
});
