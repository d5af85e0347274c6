import { defineProject } from 'vitest/config';

// A project of the root config: the bench's pure helpers (payloads, first-token scanning, the report) are tested
// with everything else in `pnpm test`; the benchmark itself runs only with `pnpm bench`.
export default defineProject({
  resolve: { conditions: ['@llmux/source'] },
  ssr: { resolve: { conditions: ['@llmux/source'] } },
  test: { name: '@llmux/bench', include: ['src/**/*.test.ts'] },
});
