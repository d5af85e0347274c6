#!/usr/bin/env node
// Checks that every published package installs and works outside this workspace, the way a user gets it:
// builds them (turbo, cached), packs each with `pnpm pack`, checks the packed package.json (no `workspace:`
// range, exports without the in-repo source condition, files, license, repository, README), runs publint
// and attw (esm-only profile) on each tarball, `npm install`s all tarballs into an empty temp directory,
// type-checks a TypeScript consumer there under `module: node16` and `moduleResolution: bundler`, runs it
// (and a CommonJS `require()` consumer), and starts the gateway with `npx llmux-gateway` until GET /health
// answers 200.
//
//   node scripts/test-packages.mjs [--no-build] [--keep] [--node=/path/to/node ...]
//
// --no-build  use the dist/ folders as they are
// --keep      leave the temp directory in place (its path is printed)
// --node=…    also run the consumers with another Node binary (the gateway runs on the current one only)
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { smokeTestGatewayBin } from './package-checks/gateway-smoke.mjs';
import { checkPackedManifest } from './package-checks/manifest.mjs';
import { killAll, run } from './package-checks/processes.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const requireFromRoot = createRequire(join(root, 'package.json'));
const PNPM = ['npx', ['-y', 'pnpm@12.4.2']];
const NODE_TYPES = '@types/node@^20.19.0';

const args = process.argv.slice(2);
const options = {
  build: !args.includes('--no-build'),
  keep: args.includes('--keep'),
  extraNodes: args.filter((arg) => arg.startsWith('--node=')).map((arg) => arg.slice('--node='.length)),
};

let tempDir; // removed on the way out, also after Ctrl-C
const results = new Map(); // package name → problems
const smoke = []; // { name, problems }
const startedAt = Date.now();

function removeTempDir() {
  if (tempDir !== undefined) rmSync(tempDir, { recursive: true, force: true });
  tempDir = undefined;
}

function log(line = '') {
  process.stdout.write(`${line}\n`);
}

function indent(text, prefix = '      ') {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}

function fail(name, problem) {
  if (!results.has(name)) results.set(name, []);
  results.get(name).push(problem);
}

/** Every workspace package that is not private, with its directory relative to the root. */
function publishedPackages() {
  const found = [];
  for (const group of ['packages', 'apps']) {
    for (const entry of readdirSync(join(root, group))) {
      const file = join(root, group, entry, 'package.json');
      let manifest;
      try {
        manifest = JSON.parse(readFileSync(file, 'utf8'));
      } catch {
        continue;
      }
      if (manifest.private !== true) found.push({ directory: `${group}/${entry}`, manifest });
    }
  }
  return found;
}

function readTree(directory) {
  const files = new Map();
  const walk = (dir) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(directory, path), readFileSync(path, 'utf8'));
    }
  };
  walk(directory);
  return files;
}

async function step(label, command, commandArgs, runOptions) {
  const result = await run(command, commandArgs, runOptions);
  const ok = result.code === 0;
  log(`${ok ? '  ok ' : ' FAIL'} ${label} (${(result.ms / 1000).toFixed(1)} s)`);
  if (!ok) log(indent(`${result.stdout}\n${result.stderr}`));
  return { ok, ...result };
}

async function main() {
  const packages = publishedPackages();
  for (const { manifest } of packages) results.set(manifest.name, []);
  const temp = mkdtempSync(join(tmpdir(), 'llmux-packages-'));
  tempDir = temp;
  const tarballs = join(temp, 'tarballs');
  const consumer = join(temp, 'consumer');
  mkdirSync(tarballs);
  log(`${packages.length} published packages; temp dir ${temp}`);

  const filters = packages.flatMap(({ manifest }) => ['--filter', manifest.name]);
  try {
    if (options.build) {
      // The tests' quick builds skip the declaration files (LLMUX_SKIP_DTS); a published build never does.
      const built = await step(
        'build (turbo)',
        PNPM[0],
        [...PNPM[1], 'turbo', 'run', 'build', ...filters, '--output-logs=errors-only'],
        { env: { ...process.env, LLMUX_SKIP_DTS: undefined } },
      );
      if (!built.ok) throw new Error('the build failed');
    }

    const packed = await step('pnpm pack', PNPM[0], [
      ...PNPM[1],
      '-r',
      ...filters,
      'pack',
      '--json',
      '--pack-destination',
      tarballs,
    ]);
    if (!packed.ok) throw new Error('pnpm pack failed');
    const packOutput = JSON.parse(packed.stdout);
    const tarballOf = new Map(
      (Array.isArray(packOutput) ? packOutput : [packOutput]).map((p) => [p.name, p.filename]),
    );

    log('\npackage checks (packed package.json, publint, attw --profile esm-only):');
    const attwManifest = requireFromRoot.resolve('@arethetypeswrong/cli/package.json');
    const attw = join(dirname(attwManifest), JSON.parse(readFileSync(attwManifest, 'utf8')).bin.attw);
    for (const { directory, manifest } of packages) {
      const name = manifest.name;
      const tarball = tarballOf.get(name);
      if (tarball === undefined) {
        fail(name, 'pnpm pack produced no tarball');
        continue;
      }
      const unpacked = join(temp, 'unpacked', name.replace('/', '+'));
      mkdirSync(unpacked, { recursive: true });
      const untar = await run('tar', ['-xzf', tarball, '-C', unpacked]);
      if (untar.code !== 0) {
        fail(name, `tar: ${untar.stderr}`);
        continue;
      }
      const files = readTree(join(unpacked, 'package'));
      const packedManifest = JSON.parse(files.get('package.json'));
      for (const problem of checkPackedManifest({
        packed: packedManifest,
        source: manifest,
        directory,
        files,
      })) {
        fail(name, `package.json: ${problem}`);
      }

      const bytes = readFileSync(tarball);
      const data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      const lint = await publint({ pack: { tarball: data }, strict: true });
      for (const message of lint.messages) {
        fail(name, `publint ${message.type}: ${formatMessage(message, lint.pkg, { color: false })}`);
      }

      const types = await run(process.execPath, [
        attw,
        tarball,
        '--profile',
        'esm-only',
        '--no-definitely-typed',
        '--format',
        'ascii',
        '--no-color',
        '--no-emoji',
      ]);
      if (types.code !== 0) fail(name, `attw:\n${indent(types.stdout + types.stderr, '  ')}`);

      const problems = results.get(name);
      const size = (statSync(tarball).size / 1024).toFixed(0);
      log(`${problems.length === 0 ? '  ok ' : ' FAIL'} ${name} (${files.size} files, ${size} KiB packed)`);
      for (const problem of problems) log(indent(problem));
    }

    log(`\nconsumer in an empty directory (npm install of the ${tarballOf.size} tarballs):`);
    cpSync(join(root, 'scripts', 'package-smoke'), consumer, { recursive: true });
    const installed = await step(
      'npm install',
      'npm',
      ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballOf.values(), NODE_TYPES],
      { cwd: consumer },
    );
    smoke.push({ name: 'npm install', problems: installed.ok ? [] : ['npm install failed'] });
    if (!installed.ok) return;

    const tsc = requireFromRoot.resolve('typescript/bin/tsc');
    for (const config of ['tsconfig.bundler.json', 'tsconfig.node16.json']) {
      const checked = await step(`tsc -p ${config}`, process.execPath, [tsc, '-p', config], {
        cwd: consumer,
      });
      smoke.push({ name: `types (${config})`, problems: checked.ok ? [] : ['tsc failed'] });
    }

    for (const node of [process.execPath, ...options.extraNodes]) {
      const version = (await run(node, ['--version'])).stdout.trim();
      for (const [label, file] of [
        ['ESM consumer', 'out/consumer.js'],
        ['require() consumer', 'consumer.cjs'],
      ]) {
        const ran = await run(node, [file], { cwd: consumer, timeoutMs: 60_000 });
        const ok = ran.code === 0 && !/ExperimentalWarning/.test(ran.stderr);
        log(`${ok ? '  ok ' : ' FAIL'} ${label} on Node ${version} (${(ran.ms / 1000).toFixed(1)} s)`);
        log(indent(ran.stdout + (ok ? '' : ran.stderr), '      '));
        smoke.push({ name: `${label} (Node ${version})`, problems: ok ? [] : [`${file} failed`] });
      }
    }

    const notes = [];
    const gatewayStarted = Date.now();
    const problems = await smokeTestGatewayBin({ cwd: consumer, bin: 'llmux-gateway', notes });
    const seconds = ((Date.now() - gatewayStarted) / 1000).toFixed(1);
    log(`${problems.length === 0 ? '  ok ' : ' FAIL'} npx llmux-gateway, defaults only (${seconds} s)`);
    for (const line of [...notes, ...problems]) log(indent(line));
    smoke.push({ name: 'gateway bin', problems });
  } finally {
    killAll();
    if (options.keep) log(`\nkept ${temp}`);
    else removeTempDir();
  }
}

// A closed pipe (`| head`) must not stop the script before it cleans up.
process.stdout.on('error', () => {});
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    killAll();
    if (!options.keep) removeTempDir();
    process.exit(130);
  });
}

try {
  await main();
} catch (error) {
  log(`\nstopped: ${error.message}`);
  smoke.push({ name: 'setup', problems: [error.message] });
}

const unitTests = await run(process.execPath, ['--test', join(root, 'scripts', 'package-checks')]);
if (unitTests.code !== 0) log(indent(unitTests.stdout + unitTests.stderr));
smoke.push({ name: 'manifest check tests', problems: unitTests.code === 0 ? [] : ['node --test failed'] });

const failedPackages = [...results.values()].filter((problems) => problems.length > 0).length;
const failedSmoke = smoke.filter((check) => check.problems.length > 0);
const seconds = ((Date.now() - startedAt) / 1000).toFixed(0);
log(`\nsmoke checks: ${smoke.length - failedSmoke.length} passed, ${failedSmoke.length} failed`);
for (const check of failedSmoke) log(`  failed: ${check.name}`);
log(`packages: ${results.size - failedPackages} passed, ${failedPackages} failed (${seconds} s)`);
process.exitCode = failedPackages > 0 || failedSmoke.length > 0 ? 1 : 0;
