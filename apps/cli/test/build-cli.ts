import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const appDirectory = join(dirname(fileURLToPath(import.meta.url)), '..');

function newestModification(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.name.endsWith('.test.ts')) continue;
    const time = entry.isDirectory() ? newestModification(path) : statSync(path).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
}

/**
 * The tests run the built `dist/cli.js` as a person would; it is rebuilt when missing or older than the
 * sources it bundles (the CLI's and the client's). The root `pnpm test` has built it already.
 */
export default function setup(): void {
  const binary = join(appDirectory, 'dist', 'cli.js');
  const sources = [
    join(appDirectory, 'src'),
    join(appDirectory, '..', '..', 'packages', 'client', 'src'),
    join(appDirectory, '..', '..', 'packages', 'sse', 'src'),
  ];
  const built = existsSync(binary) ? statSync(binary).mtimeMs : 0;
  if (built > Math.max(...sources.map(newestModification))) return;
  execFileSync(join(appDirectory, '..', '..', 'node_modules', '.bin', 'tsup'), [], {
    cwd: appDirectory,
    stdio: 'ignore',
    // The declaration file is for the package's consumers, not for these tests.
    env: { ...process.env, LLMUX_SKIP_DTS: '1' },
  });
}
