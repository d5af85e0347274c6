import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@llmux/source'] },
  ssr: { resolve: { conditions: ['@llmux/source'] } },
  test: {
    name: '@llmux/provider-openai',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The property tests run 20,000 cases each: about 1 s alone, far more on a loaded 2-core CI machine.
    testTimeout: 60_000,
  },
});
