import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type AgentName = 'claude-code' | 'codex' | 'gemini-cli';

export const AGENT_NAMES: readonly AgentName[] = ['claude-code', 'codex', 'gemini-cli'];

/** The npm package of each agent, and the version the fixtures were recorded with. */
export const AGENT_PACKAGES: Record<AgentName, { name: string; recordedVersion: string }> = {
  'claude-code': { name: '@anthropic-ai/claude-code', recordedVersion: '2.1.332' },
  codex: { name: '@openai/codex', recordedVersion: '0.171.0' },
  'gemini-cli': { name: '@google/gemini-cli', recordedVersion: '0.61.0' },
};

export interface AgentLocation {
  agent: AgentName;
  version: string;
  /** The executable and the arguments before the agent's own (`node bundle/gemini.js`). */
  command: string;
  commandArgs: string[];
}

/**
 * Where to look for the agents' packages, in order: `LLMUX_AGENTS_DIR` (a folder whose `node_modules`
 * holds them, for a scratch install outside the repo), then the gateway's own dependencies.
 */
function searchRequires(): NodeJS.Require[] {
  const requires: NodeJS.Require[] = [];
  const scratch = process.env.LLMUX_AGENTS_DIR;
  if (scratch) requires.push(createRequire(join(scratch, 'package.json')));
  requires.push(createRequire(import.meta.url));
  return requires;
}

function resolvePackageDir(name: string): string | undefined {
  for (const require of searchRequires()) {
    try {
      return dirname(require.resolve(`${name}/package.json`));
    } catch {
      // Not installed there; try the next place.
    }
  }
  return undefined;
}

function readVersion(packageDir: string): string {
  return (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The installed agent, or undefined when its package (or its native binary) is not installed. */
export function locateAgent(agent: AgentName): AgentLocation | undefined {
  const packageDir = resolvePackageDir(AGENT_PACKAGES[agent].name);
  if (!packageDir) return undefined;
  const version = readVersion(packageDir);
  if (agent === 'claude-code') {
    const binary = locateClaudeBinary(packageDir);
    return binary ? { agent, version, command: binary, commandArgs: [] } : undefined;
  }
  // Both are Node entry points; Codex's finds its native binary in its platform package itself.
  const entry = join(packageDir, agent === 'codex' ? 'bin/codex.js' : 'bundle/gemini.js');
  if (!existsSync(entry)) return undefined;
  return { agent, version, command: process.execPath, commandArgs: [entry] };
}

/**
 * Claude Code's `bin/claude.exe` is a small stub until its postinstall hard-links the platform binary
 * over it, and pnpm skips postinstalls it was not told to allow. So take the binary from the platform
 * package (an optional dependency of the main one) directly, and the bin only when it is the real one.
 */
function locateClaudeBinary(packageDir: string): string | undefined {
  const musl = process.platform === 'linux' && isMusl() ? '-musl' : '';
  const platformPackage = `@anthropic-ai/claude-code-${process.platform}-${process.arch}${musl}`;
  const binaryName = process.platform === 'win32' ? 'claude.exe' : 'claude';
  try {
    const require = createRequire(join(packageDir, 'package.json'));
    const binary = join(dirname(require.resolve(`${platformPackage}/package.json`)), binaryName);
    if (existsSync(binary)) return binary;
  } catch {
    // Fall through to the bin, which the postinstall may have replaced with the real binary.
  }
  const bin = join(packageDir, 'bin', 'claude.exe');
  return existsSync(bin) && statSync(bin).size > 64 * 1024 ? bin : undefined;
}

function isMusl(): boolean {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return report?.header?.glibcVersionRuntime === undefined;
}

/**
 * Set by `scripts/test-on-node.sh`: the suite's re-runs on other Node majors skip the agents, whose
 * executables do not change with the Node running the tests (see README.md, "Which runs start agents").
 */
export const SKIP_AGENTS_ENV = 'LLMUX_SKIP_AGENT_TESTS';

/**
 * Why the tests that start `agent` do not run in this process (for the test title), or undefined when
 * they do: skipped by `LLMUX_SKIP_AGENT_TESTS=1`, or not installed.
 */
export function agentSkipReason(agent: AgentName): string | undefined {
  if (process.env[SKIP_AGENTS_ENV] === '1') return `${SKIP_AGENTS_ENV}=1`;
  if (!locateAgent(agent)) return 'not installed — set LLMUX_AGENTS_DIR or see test/agents/README.md';
  return undefined;
}
