import { defineConfig } from 'vitest/config';
import SummaryReporter from './scripts/vitest-summary-reporter.js';

// One root config; every package and app is a project. The `@llmux/source` condition makes a test
// import a sibling package's `src/` directly, so editing a package never needs a rebuild to test it.
export default defineConfig({
  resolve: { conditions: ['@llmux/source'] },
  ssr: { resolve: { conditions: ['@llmux/source'] } },
  test: {
    projects: ['packages/*', 'apps/*', 'reliability', 'bench'],
    reporters: ['default', new SummaryReporter()],
  },
});
