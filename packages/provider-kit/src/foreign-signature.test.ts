import { describe, expect, it } from 'vitest';
import { isForeignSignature, unwrapForeignSignature, wrapForeignSignature } from './foreign-signature.js';

describe('foreign signatures', () => {
  it('round-trips a Gemini thought signature byte for byte', () => {
    const signature = 'CiQB0e2Kb+/=x\u00e9';
    const wrapped = wrapForeignSignature('gemini', signature);
    expect(wrapped.startsWith('llmux1.gemini.')).toBe(true);
    expect(isForeignSignature(wrapped)).toBe(true);
    expect(unwrapForeignSignature(wrapped)).toEqual({ vendor: 'gemini', signature });
  });

  it('marks unsigned reasoning as vendor none', () => {
    expect(unwrapForeignSignature(wrapForeignSignature('none', ''))).toEqual({
      vendor: 'none',
      signature: '',
    });
  });

  it('leaves Anthropic signatures and unknown vendors alone', () => {
    expect(unwrapForeignSignature('EqQBCkgIARABGAIiQL')).toBeUndefined();
    expect(isForeignSignature('EqQBCkgIARABGAIiQL')).toBe(false);
    expect(unwrapForeignSignature('llmux1.mistral.YWJj')).toBeUndefined();
    expect(unwrapForeignSignature('llmux1.gemini')).toBeUndefined();
  });
});
