import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT_PROMPT } from './agent-turn.js';
import { type AgentLocation, type AgentName, locateAgent } from './locate-agent.js';

export interface AgentRunOptions {
  agent: AgentName;
  /**
   * The server root, `http://127.0.0.1:<port>`, as Claude Code and gemini-cli take it; Codex is given
   * `<baseUrl>/v1`, the OpenAI convention.
   */
  baseUrl: string;
  apiKey: string;
  model: string;
  prompt?: string;
  /** Hard limit for the whole run; the agent's process group is killed past it. Default 90 s. */
  timeoutMs?: number;
  /** Claude Code only: send the key as `x-api-key` (ANTHROPIC_API_KEY, default) or as a Bearer token. */
  claudeAuth?: 'api-key' | 'auth-token';
  /** Extra environment for the agent, on top of the minimal one built here. */
  env?: Record<string, string>;
  /** Keep the temp HOME and work dir (to read an agent's own logs). Default false. */
  keepTemp?: boolean;
}

export interface AgentRunResult {
  agent: AgentName;
  version: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** The command line, for error messages (the key is not on it). */
  argv: string[];
  homeDir: string;
  workDir: string;
}

/**
 * Runs a real coding agent once, non-interactively, against `baseUrl`: in a fresh temp HOME and work dir,
 * with a minimal environment (no inherited vendor keys or proxies), telemetry and update checks off,
 * and its shell tool allowed without a prompt. Throws when the agent is not installed (check with
 * `locateAgent` first).
 *
 * @example
 * const result = await runAgent({ agent: 'codex', baseUrl: fake.url, apiKey: 'sk-test', model: 'gpt-5-2-codex' });
 * expect(result.exitCode).toBe(0);
 */
export async function runAgent(options: AgentRunOptions): Promise<AgentRunResult> {
  const location = locateAgent(options.agent);
  if (!location) throw new Error(`${options.agent} is not installed (see test/agents/README.md)`);
  const root = mkdtempSync(join(tmpdir(), `llmux-agent-${options.agent}-`));
  const homeDir = join(root, 'home');
  const workDir = join(root, 'work');
  mkdirSync(homeDir);
  mkdirSync(workDir);
  const { args, env } = prepareAgent(location, options, homeDir);
  const argv = [location.command, ...location.commandArgs, ...args];
  const started = Date.now();
  try {
    const outcome = await spawnBounded(argv, {
      cwd: workDir,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: homeDir,
        TMPDIR: join(root, 'tmp'),
        LANG: 'C.UTF-8',
        // Plain output: no colours or terminal UI in what the tests read.
        TERM: 'dumb',
        NO_COLOR: '1',
        ...env,
        ...options.env,
      },
      timeoutMs: options.timeoutMs ?? 90_000,
      tmpDir: join(root, 'tmp'),
    });
    return {
      agent: options.agent,
      version: location.version,
      ...outcome,
      durationMs: Date.now() - started,
      argv,
      homeDir,
      workDir,
    };
  } finally {
    if (!options.keepTemp) rmSync(root, { recursive: true, force: true });
  }
}

function prepareAgent(
  location: AgentLocation,
  options: AgentRunOptions,
  homeDir: string,
): { args: string[]; env: Record<string, string> } {
  const prompt = options.prompt ?? AGENT_PROMPT;
  switch (location.agent) {
    case 'claude-code':
      return {
        // `--dangerously-skip-permissions` is refused as root, which CI is; allowing Bash is enough.
        args: ['-p', prompt, '--model', options.model, '--allowedTools', 'Bash', '--output-format', 'text'],
        env: {
          ANTHROPIC_BASE_URL: options.baseUrl,
          ...(options.claudeAuth === 'auth-token'
            ? { ANTHROPIC_AUTH_TOKEN: options.apiKey }
            : { ANTHROPIC_API_KEY: options.apiKey }),
          // Offline: no telemetry, error reports, update checks or other calls to Anthropic's hosts.
          CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
          DISABLE_TELEMETRY: '1',
          DISABLE_ERROR_REPORTING: '1',
          DISABLE_AUTOUPDATER: '1',
        },
      };
    case 'codex': {
      const codexHome = join(homeDir, '.codex');
      mkdirSync(codexHome);
      writeFileSync(join(codexHome, 'config.toml'), codexConfig(options));
      return {
        args: [
          'exec',
          '--skip-git-repo-check',
          // The sandbox (Landlock/seccomp) is not available in every container; the temp dir is the guard.
          '--dangerously-bypass-approvals-and-sandbox',
          '--ephemeral',
          '--color',
          'never',
          '--model',
          options.model,
          prompt,
        ],
        env: { CODEX_HOME: codexHome, LLMUX_API_KEY: options.apiKey },
      };
    }
    case 'gemini-cli': {
      const settingsDir = join(homeDir, '.gemini');
      mkdirSync(settingsDir);
      writeFileSync(join(settingsDir, 'settings.json'), `${JSON.stringify(geminiSettings(), null, 2)}\n`);
      return {
        // `--skip-trust`: headless runs refuse an untrusted folder, and yolo is downgraded in one.
        args: ['-p', prompt, '--model', options.model, '--yolo', '--skip-trust', '--output-format', 'text'],
        env: {
          GEMINI_API_KEY: options.apiKey,
          GOOGLE_GEMINI_BASE_URL: options.baseUrl,
          // gemini-cli otherwise starts a second Node process with a larger heap: seconds per run.
          GEMINI_CLI_NO_RELAUNCH: 'true',
        },
      };
    }
  }
}

/** A custom provider for the Responses wire API; the key is read from `env_key` at run time. */
function codexConfig(options: AgentRunOptions): string {
  return [
    `model = ${JSON.stringify(options.model)}`,
    'model_provider = "llmux"',
    'check_for_update_on_startup = false',
    '',
    '[analytics]',
    'enabled = false',
    '',
    // Without these Codex looks up github.com, api.github.com and chatgpt.com at start (plugin
    // marketplaces and ChatGPT apps), seen with strace; offline they only fail, but they are not ours.
    '[features]',
    'plugins = false',
    'remote_plugin = false',
    'apps = false',
    '',
    '[model_providers.llmux]',
    'name = "llmux"',
    `base_url = ${JSON.stringify(`${options.baseUrl}/v1`)}`,
    'wire_api = "responses"',
    'env_key = "LLMUX_API_KEY"',
    // One attempt: a failure should show at once, not after Codex's retries and backoff.
    'request_max_retries = 0',
    'stream_max_retries = 0',
    '',
  ].join('\n');
}

/** API-key auth (without it gemini-cli asks how to log in), and nothing that calls home. */
function geminiSettings(): Record<string, unknown> {
  return {
    security: { auth: { selectedType: 'gemini-api-key' } },
    general: { disableAutoUpdate: true, disableUpdateNag: true },
    privacy: { usageStatisticsEnabled: false },
    telemetry: { enabled: false },
  };
}

interface SpawnOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

/**
 * Spawns in its own process group, so a timeout (or the end of the run) kills the agent and every
 * child it left behind (shell tools, helper processes), not only the top process.
 */
function spawnBounded(
  argv: string[],
  options: { cwd: string; env: Record<string, string>; timeoutMs: number; tmpDir: string },
): Promise<SpawnOutcome> {
  mkdirSync(options.tmpDir, { recursive: true });
  const [command, ...args] = argv;
  return new Promise((resolve, reject) => {
    const child = spawn(command!, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const killGroup = (signal: NodeJS.Signals): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // The group is already gone.
      }
    };
    let forceTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup('SIGTERM');
      forceTimer = setTimeout(() => killGroup('SIGKILL'), 3_000);
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    // Whatever the agent left running in its group goes with it; otherwise a leftover child holding
    // stdout open would keep 'close' from firing.
    child.on('exit', () => killGroup('SIGKILL'));
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      clearTimeout(forceTimer);
      resolve({ exitCode, signal, timedOut, stdout, stderr });
    });
  });
}
