import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/chat-internals.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
});
