import { PROVIDER_IDS, PROVIDERS, type WireProtocol } from '@llmux/catalog';
import {
  PROTOCOL_SIMULATORS,
  PROVIDER_BASE_PATHS,
  SIMULATED_PROVIDERS,
  type SimulatedProtocol,
} from '@llmux/simulators';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Protocol } from './adapter.js';

// The kit, the catalog and the simulators each name the wire protocols and the providers (the catalog
// and the simulators cannot import each other). This package sees all three, so it keeps them in step.
describe('protocols and providers agree across the catalog, the kit and the simulators', () => {
  it('name the same wire protocols', () => {
    expectTypeOf<WireProtocol>().toEqualTypeOf<Protocol>();
    expectTypeOf<SimulatedProtocol>().toEqualTypeOf<Protocol>();
    expect(PROTOCOL_SIMULATORS.map((simulator) => simulator.protocol).sort()).toEqual([
      'anthropic-messages',
      'gemini',
      'openai-chat',
      'openai-responses',
    ] satisfies Protocol[]);
  });

  it('simulate every catalog provider under the path of its default base URL', () => {
    expect([...SIMULATED_PROVIDERS].sort()).toEqual([...PROVIDER_IDS].sort());
    for (const provider of PROVIDER_IDS) {
      expect(PROVIDER_BASE_PATHS[provider], provider).toBe(
        new URL(PROVIDERS[provider].defaultBaseUrl).pathname.replace(/\/$/, ''),
      );
    }
  });
});
