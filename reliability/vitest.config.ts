import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@llmux/source'] },
  ssr: { resolve: { conditions: ['@llmux/source'] } },
  test: { name: '@llmux/reliability', include: ['src/**/*.test.ts'] },
});
