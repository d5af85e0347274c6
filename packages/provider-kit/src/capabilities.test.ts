import type { Capabilities } from '@llmux/catalog';
import { describe, expectTypeOf, it } from 'vitest';
import type { ModelCapabilities } from './adapter.js';

// provider-kit keeps a structural copy of the catalog's capability flags so adapters need not import the
// catalog. This keeps the two from drifting apart (checked by `tsc` on this file).
describe('ModelCapabilities', () => {
  it('is what the catalog records', () => {
    expectTypeOf<Capabilities>().toExtend<ModelCapabilities>();
    expectTypeOf<keyof Capabilities>().toEqualTypeOf<keyof ModelCapabilities>();
  });
});
