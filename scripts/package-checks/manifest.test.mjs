// Run with `node --test scripts/package-checks/` (also run by `pnpm test:packages`).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPackedManifest, publishedExports } from './manifest.mjs';

const sourceManifest = {
  name: '@llmux/example',
  type: 'module',
  license: 'MIT',
  exports: {
    '.': { '@llmux/source': './src/index.ts', types: './dist/index.d.ts', default: './dist/index.js' },
  },
  files: ['dist'],
  dependencies: { '@llmux/contract': 'workspace:^', zod: '^4.1.0' },
};

function goodInput() {
  return {
    directory: 'packages/example',
    source: sourceManifest,
    packed: {
      name: '@llmux/example',
      type: 'module',
      license: 'MIT',
      repository: {
        type: 'git',
        url: 'git+https://github.com/llmux/llmux.git',
        directory: 'packages/example',
      },
      exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
      files: ['dist'],
      dependencies: { '@llmux/contract': '^0.0.0', zod: '^4.1.0' },
    },
    files: new Map([
      ['dist/index.js', 'export {};'],
      ['dist/index.d.ts', 'export {};'],
      ['LICENSE', 'MIT'],
      ['README.md', 'ESM only.\n\n    npm install @llmux/example\n'],
    ]),
  };
}

test('a correct package has no problems', () => {
  assert.deepEqual(checkPackedManifest(goodInput()), []);
});

test('publishedExports drops the source condition at every level', () => {
  assert.deepEqual(publishedExports(sourceManifest.exports), {
    '.': { types: './dist/index.d.ts', default: './dist/index.js' },
  });
});

test('a workspace: range left in the packed manifest is named', () => {
  const input = goodInput();
  input.packed.dependencies['@llmux/contract'] = 'workspace:^';
  assert.deepEqual(checkPackedManifest(input), ['dependencies.@llmux/contract is still workspace:^']);
});

test('published source condition, missing export target and private flag are reported', () => {
  const input = goodInput();
  input.packed.exports = sourceManifest.exports;
  input.packed.private = true;
  input.files.delete('dist/index.d.ts');
  const problems = checkPackedManifest(input);
  assert.ok(problems.includes('the @llmux/source condition is published'));
  assert.ok(problems.includes('the package is private'));
  assert.ok(problems.includes('exports points at ./src/index.ts, which is not in the tarball'));
  assert.ok(problems.includes('exports points at ./dist/index.d.ts, which is not in the tarball'));
});

test('a bin without a shebang, or missing from the tarball, is reported', () => {
  const input = goodInput();
  input.packed.bin = { 'llmux-example': './dist/main.js', other: './dist/other.js' };
  input.files.set('dist/main.js', 'console.log(1);\n');
  assert.deepEqual(checkPackedManifest(input), [
    'bin llmux-example (./dist/main.js) has no node shebang',
    'bin other points at ./dist/other.js, which is not in the tarball',
  ]);
  input.files.set('dist/main.js', '#!/usr/bin/env node\nconsole.log(1);\n');
  input.files.set('dist/other.js', '#!/usr/bin/env node\n');
  assert.deepEqual(checkPackedManifest(input), []);
});

test('license, LICENSE file, repository directory and README lines are checked', () => {
  const input = goodInput();
  input.packed.license = 'ISC';
  input.packed.repository.directory = 'packages/other';
  input.files.delete('LICENSE');
  input.files.set('README.md', '# example\n\n    pnpm add @llmux/example\n');
  assert.deepEqual(checkPackedManifest(input), [
    '"license" is "ISC", expected "MIT"',
    'no LICENSE file in the tarball',
    '"repository.directory" is "packages/other", expected "packages/example"',
    'README.md has no `npm install @llmux/example` line',
    'README.md does not say the package is ESM only',
  ]);
});

test('shipping src/ is reported', () => {
  const input = goodInput();
  input.files.set('src/index.ts', 'export {};');
  assert.deepEqual(checkPackedManifest(input), ['the tarball ships sources (src/index.ts)']);
});

test('a script that passes the source condition to a bundler is not a published condition', () => {
  const input = goodInput();
  input.packed.scripts = { bench: 'esbuild bench.ts --bundle --conditions=@llmux/source' };
  assert.deepEqual(checkPackedManifest(input), []);
});
