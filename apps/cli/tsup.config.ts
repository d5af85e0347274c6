import { defineConfig } from 'tsup';

// One self-contained file per entry: the workspace packages are bundled from source, so `llmux` starts
// without resolving sibling packages (fast start-up, and `dist/cli.js` runs without building them first).
export default defineConfig({
  entry: ['src/cli.ts', 'src/index.ts'],
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
