// What a packed package.json (and its tarball's file list) must look like to install and work outside the
// workspace. Pure: scripts/test-packages.mjs feeds it the manifest from the tarball, the one in the repo and
// the tarball's file names, and prints the problems it returns.

/** The condition vitest and tsc use inside the workspace to read a sibling's `src/`; never published. */
export const SOURCE_CONDITION = '@llmux/source';

const DEPENDENCY_FIELDS = ['dependencies', 'peerDependencies', 'optionalDependencies', 'devDependencies'];

/** The repo's `exports` without the source condition: what the published package must declare. */
export function publishedExports(exportsField) {
  if (typeof exportsField === 'string' || exportsField === null || typeof exportsField !== 'object')
    return exportsField;
  if (Array.isArray(exportsField)) return exportsField.map(publishedExports);
  const out = {};
  for (const [key, value] of Object.entries(exportsField)) {
    if (key !== SOURCE_CONDITION) out[key] = publishedExports(value);
  }
  return out;
}

/** Every file path an `exports` (or `bin`) value points at. */
export function targetsOf(value) {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(targetsOf);
}

function stripDotSlash(path) {
  return path.replace(/^\.\//, '');
}

/**
 * @param {object} input
 * @param {Record<string, any>} input.packed the package.json inside the tarball
 * @param {Record<string, any>} input.source the package.json in the repository
 * @param {string} input.directory the package's directory relative to the repository root
 * @param {Map<string, string>} input.files tarball path (without `package/`) → text of the file
 * @returns {string[]} the problems, empty when the package is fine
 */
export function checkPackedManifest({ packed, source, directory, files }) {
  const problems = [];
  const text = JSON.stringify(packed);
  if (text.includes('workspace:')) {
    for (const field of DEPENDENCY_FIELDS) {
      for (const [name, range] of Object.entries(packed[field] ?? {})) {
        if (String(range).startsWith('workspace:')) problems.push(`${field}.${name} is still ${range}`);
      }
    }
    if (problems.length === 0) problems.push('a `workspace:` range is left in package.json');
  }
  // Where a condition resolves (a script that passes it to a bundler is no published condition).
  const resolved = JSON.stringify([packed.exports, packed.imports, packed.main, packed.module, packed.types]);
  if (resolved.includes(SOURCE_CONDITION)) problems.push(`the ${SOURCE_CONDITION} condition is published`);
  if (packed.private === true) problems.push('the package is private');
  if (packed.type !== 'module') problems.push('"type" is not "module"');

  const expected = publishedExports(source.exports);
  if (JSON.stringify(packed.exports) !== JSON.stringify(expected)) {
    problems.push(
      `"exports" differs from the repository's without ${SOURCE_CONDITION}: ${JSON.stringify(packed.exports)}`,
    );
  }
  for (const target of targetsOf(packed.exports)) {
    if (!files.has(stripDotSlash(target)))
      problems.push(`exports points at ${target}, which is not in the tarball`);
  }
  const bins = typeof packed.bin === 'string' ? { [packed.name]: packed.bin } : (packed.bin ?? {});
  for (const [name, target] of Object.entries(bins)) {
    const file = files.get(stripDotSlash(target));
    if (file === undefined) problems.push(`bin ${name} points at ${target}, which is not in the tarball`);
    else if (!file.startsWith('#!/usr/bin/env node\n'))
      problems.push(`bin ${name} (${target}) has no node shebang`);
  }
  if (!Array.isArray(packed.files) || packed.files.length === 0) problems.push('no "files" list');
  for (const path of files.keys()) {
    if (path.startsWith('src/')) problems.push(`the tarball ships sources (${path})`);
  }

  if (packed.license !== 'MIT')
    problems.push(`"license" is ${JSON.stringify(packed.license)}, expected "MIT"`);
  if (!files.has('LICENSE')) problems.push('no LICENSE file in the tarball');
  const repository = packed.repository;
  if (typeof repository?.url !== 'string' || !repository.url.startsWith('git+https://')) {
    problems.push('"repository.url" is missing or not a git+https URL');
  } else if (repository.directory !== directory) {
    problems.push(
      `"repository.directory" is ${JSON.stringify(repository.directory)}, expected "${directory}"`,
    );
  }

  const readme = files.get('README.md');
  if (readme === undefined) problems.push('no README.md in the tarball');
  else {
    if (!readme.includes(`npm install ${packed.name}`) && !readme.includes(`npm install -D ${packed.name}`)) {
      problems.push(`README.md has no \`npm install ${packed.name}\` line`);
    }
    if (!/ESM only/i.test(readme)) problems.push('README.md does not say the package is ESM only');
  }
  return problems;
}
