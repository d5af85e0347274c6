import { defineConfig } from 'vitest/config';

// The bench is not one of the root config's projects (it is not part of `pnpm test`): its pure helpers'
// tests run from here, `npx vitest run --root bench`.
export default defineConfig({
  test: { include: ['src/**/*.test.ts'] },
});
