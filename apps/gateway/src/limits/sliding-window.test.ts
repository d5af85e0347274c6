import { describe, expect, it } from 'vitest';
import { RequestWindow, TokenWindow } from './sliding-window.js';

describe('RequestWindow', () => {
  it('holds at most the limit in any 60 s window and says when the next slot frees', () => {
    const window = new RequestWindow();
    window.add(1000, 3);
    window.add(2000, 3);
    window.add(3000, 3);
    expect(window.count(3000)).toBe(3);
    expect(window.waitFor(3000, 3)).toBe(58_000);
    // 61 000 is exactly 60 s after 1000: that request has left the window.
    expect(window.waitFor(61_000, 3)).toBe(0);
    expect(window.count(61_000)).toBe(2);
    expect(window.untilEmpty(61_000)).toBe(2000);
  });

  it('grows its ring past its initial size and stays exact', () => {
    const window = new RequestWindow();
    for (let index = 0; index < 100; index++) window.add(index, 100);
    expect(window.count(99)).toBe(100);
    expect(window.waitFor(99, 100)).toBe(60_000 - 99);
    expect(window.waitFor(99, 50)).toBe(50 + 60_000 - 99);
  });

  it('keeps the newest times when the limit is lowered', () => {
    const window = new RequestWindow();
    for (let index = 0; index < 10; index++) window.add(index * 100, 10);
    window.add(1000, 2);
    expect(window.count(1000)).toBe(2);
    expect(window.waitFor(1000, 2)).toBe(900 + 60_000 - 1000);
  });

  it('forgets everything after a full window of silence', () => {
    const window = new RequestWindow(10);
    window.add(0, 5);
    window.add(5, 5);
    expect(window.count(15)).toBe(0);
    expect(window.untilEmpty(15)).toBe(0);
  });

  it('stays sorted when the clock steps back', () => {
    const window = new RequestWindow();
    window.add(5000, 2);
    window.add(4000, 2);
    expect(window.waitFor(5000, 2)).toBe(60_000);
  });
});

describe('TokenWindow', () => {
  it('sums settled tokens over the window and says when the sum drops below the limit', () => {
    const window = new TokenWindow();
    window.add(0, 400);
    window.add(10_000, 400);
    window.add(20_000, 400);
    expect(window.total(20_000)).toBe(1200);
    // Below 1000 once the first 400 leaves, at 60 000.
    expect(window.waitFor(20_000, 1000)).toBe(40_000);
    // Below 500 once two have left, at 70 000.
    expect(window.waitFor(20_000, 500)).toBe(50_000);
    expect(window.waitFor(20_000, 5000)).toBe(0);
    expect(window.total(60_000)).toBe(800);
    expect(window.untilEmpty(60_000)).toBe(20_000);
    expect(window.total(80_000)).toBe(0);
  });

  it('ignores zero and compacts a long history', () => {
    const window = new TokenWindow(1000);
    window.add(0, 0);
    expect(window.total(0)).toBe(0);
    for (let index = 0; index < 5000; index++) window.add(index, 1);
    expect(window.total(4999)).toBe(1000);
  });
});
