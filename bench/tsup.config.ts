import { defineConfig } from 'tsup';

export default defineConfig({
  entry: [
    'src/run.ts',
    'src/responder.ts',
    'src/floor-proxy.ts',
    'src/load.ts',
    'src/usage-cost.ts',
    'src/limits-cost.ts',
    'src/summarize-profile.ts',
    'src/translate-cost.ts',
    'src/otlp-sink.ts',
  ],
  format: ['esm'],
  clean: true,
  sourcemap: true,
  target: 'node20',
  // Every process runs the packages as installed (the gateway's own dist, Portkey, undici), never a bundled copy.
  skipNodeModulesBundle: true,
});
