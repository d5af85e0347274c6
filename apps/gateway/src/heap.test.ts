import { describe, expect, it, vi } from 'vitest';

const setFlags = vi.hoisted(() => vi.fn());
vi.mock('node:v8', () => ({ setFlagsFromString: setFlags }));
const { applyHeapGrowth, DEFAULT_HEAP_GROWING_PERCENT } = await import('./heap.js');

describe('applyHeapGrowth', () => {
  it('sets V8 heap growth to 30 % by default, or what LLMUX_HEAP_GROWING_PERCENT says', () => {
    setFlags.mockClear();
    expect(applyHeapGrowth({})).toBe(DEFAULT_HEAP_GROWING_PERCENT);
    expect(setFlags).toHaveBeenLastCalledWith('--heap-growing-percent=30');
    expect(applyHeapGrowth({ LLMUX_HEAP_GROWING_PERCENT: '50' })).toBe(50);
    expect(setFlags).toHaveBeenLastCalledWith('--heap-growing-percent=50');
    // A young-generation size (the throughput setting the README describes) keeps it.
    expect(applyHeapGrowth({ NODE_OPTIONS: '--max-semi-space-size=32' })).toBe(DEFAULT_HEAP_GROWING_PERCENT);
  });

  it("leaves V8's policy alone for 0, nonsense, or heap flags of the operator's own", () => {
    setFlags.mockClear();
    expect(applyHeapGrowth({ LLMUX_HEAP_GROWING_PERCENT: '0' })).toBeUndefined();
    expect(applyHeapGrowth({ LLMUX_HEAP_GROWING_PERCENT: 'lots' })).toBeUndefined();
    expect(applyHeapGrowth({ NODE_OPTIONS: '--max-old-space-size=512' })).toBeUndefined();
    expect(applyHeapGrowth({ NODE_OPTIONS: '--heap-growing-percent=50' })).toBeUndefined();
    expect(setFlags).not.toHaveBeenCalled();
  });
});
