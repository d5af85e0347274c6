import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@llmux/source'] },
  ssr: { resolve: { conditions: ['@llmux/source'] } },
  test: {
    name: '@llmux/gateway',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // End-to-end tests on a loaded 2-core machine: generous limits, no timing assertions.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
