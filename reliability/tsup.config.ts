import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/run.ts'],
  format: ['esm'],
  clean: true,
  sourcemap: true,
  target: 'node20',
  // The simulators run as installed (their own dist); the gateway is never imported, only spawned.
  skipNodeModulesBundle: true,
});
