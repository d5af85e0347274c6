import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { expect, it } from 'vitest';

// The client promises to run in browsers: bundling it for the browser platform must need no Node
// built-in (esbuild fails on an unresolvable `node:` import when the platform is 'browser').
it('bundles for the browser with no Node built-ins', async () => {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./index.ts', import.meta.url))],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    conditions: ['@llmux/source'],
    write: false,
    logLevel: 'silent',
  });
  expect(result.errors).toEqual([]);
  const code = result.outputFiles[0]?.text ?? '';
  expect(code).toContain('createClient');
  expect(code).not.toMatch(/from\s*["']node:/);
});
