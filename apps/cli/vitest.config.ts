import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@llmux/source'] },
  ssr: { resolve: { conditions: ['@llmux/source'] } },
  test: {
    name: '@llmux/cli',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/build-cli.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
