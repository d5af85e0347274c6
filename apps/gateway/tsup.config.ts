import { defineConfig } from 'tsup';

// The workspace packages are bundled from their sources (the `@llmux/source` condition), so `dist/main.js`
// runs without building every sibling first; npm dependencies stay external.
export default defineConfig({
  entry: ['src/index.ts', 'src/main.ts'],
  format: ['esm'],
  dts: process.env.LLMUX_SKIP_DTS === '1' ? false : { entry: 'src/index.ts' },
  clean: true,
  sourcemap: true,
  target: 'node20',
  noExternal: [/^@llmux\//],
  esbuildOptions(options) {
    options.conditions = ['@llmux/source'];
  },
});
