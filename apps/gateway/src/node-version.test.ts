import { describe, expect, it } from 'vitest';
import { unsupportedNodeReason } from './node-version.js';

describe('unsupportedNodeReason', () => {
  it.each(['v20.19.0', 'v20.20.2', 'v22.13.0', 'v24.22.3', 'v26.12.1', 'v30.0.0'])(
    'accepts %s',
    (version) => {
      expect(unsupportedNodeReason(version)).toBeUndefined();
    },
  );

  it.each(['v18.20.4', 'v20.18.3', 'v16.0.0', 'v0.12.0'])(
    'refuses %s, naming the version it needs',
    (version) => {
      expect(unsupportedNodeReason(version)).toBe(
        `llmux needs Node.js >= 20.19.0 (22, 24 or 26 recommended); this is ${version}`,
      );
    },
  );

  it('accepts the Node running this test (the suite runs on every supported one)', () => {
    expect(unsupportedNodeReason(process.version)).toBeUndefined();
  });
});
