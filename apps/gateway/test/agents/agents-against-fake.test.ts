import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { AGENT_FINAL_TEXT } from './agent-turn.js';
import { type AgentFake, startAgentFake } from './fake-agent-server.js';
import { AGENT_NAMES, type AgentName, agentSkipReason, locateAgent } from './locate-agent.js';
import { type AgentRunResult, runAgent } from './run-agent.js';

/**
 * Each real coding agent, unmodified, completes one turn against the recording fake: it asks, gets a
 * shell-tool call, runs the command, sends its output back, and prints the final answer. This checks
 * the harness itself (the fake, the agents' configuration); the gateway's inbound surfaces will be
 * tested with the same `runAgent` against the gateway.
 *
 * `LLMUX_RECORD_AGENT_FIXTURES=1` rewrites test/fixtures/agents/<agent>/ from what the fake received.
 */

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'agents');
const RECORD = process.env.LLMUX_RECORD_AGENT_FIXTURES === '1';
const API_KEY = 'sk-llmux-agent-test-key';

/** The model each agent is run with: a catalog id of its own vendor, then ids of other vendors. */
const RUNS: { agent: AgentName; model: string; fixtureDir: string; claudeAuth?: 'auth-token' }[] = [
  { agent: 'claude-code', model: 'claude-sonnet-4-6', fixtureDir: 'claude-code' },
  {
    agent: 'claude-code',
    model: 'claude-sonnet-4-5-20250929',
    claudeAuth: 'auth-token',
    fixtureDir: 'claude-code/model-claude-sonnet-4-5-auth-token',
  },
  { agent: 'claude-code', model: 'gpt-5-2', fixtureDir: 'claude-code/model-gpt-5-2' },
  { agent: 'codex', model: 'gpt-5-2-codex', fixtureDir: 'codex' },
  // An id in Codex's own model table: its metadata changes the tools and reasoning fields it sends.
  { agent: 'codex', model: 'gpt-5.5', fixtureDir: 'codex/model-gpt-5.5' },
  { agent: 'codex', model: 'claude-sonnet-4-6', fixtureDir: 'codex/model-claude-sonnet-4-6' },
  { agent: 'gemini-cli', model: 'gemini-2.5-pro', fixtureDir: 'gemini-cli' },
  { agent: 'gemini-cli', model: 'gemini-3-pro-preview', fixtureDir: 'gemini-cli/model-gemini-3-pro-preview' },
  { agent: 'gemini-cli', model: 'gpt-5-2', fixtureDir: 'gemini-cli/model-gpt-5-2' },
];

const CREDENTIAL_HEADERS: Record<AgentName, string> = {
  'claude-code': 'x-api-key',
  codex: 'authorization',
  'gemini-cli': 'x-goog-api-key',
};

const installed = new Map(AGENT_NAMES.map((agent) => [agent, locateAgent(agent)]));
const skipped = AGENT_NAMES.flatMap((agent) => {
  const reason = agentSkipReason(agent);
  return reason ? [`${agent} (${reason})`] : [];
});
if (skipped.length > 0) console.warn(`agent tests skipped for ${skipped.join(', ')}`);

function describeFailure(result: AgentRunResult, fake: AgentFake): string {
  const requests = fake.exchanges.map((exchange) => `${exchange.method} ${exchange.url} → ${exchange.label}`);
  return [
    `${result.agent} ${result.version} exit ${result.exitCode} signal ${result.signal} timedOut ${result.timedOut}`,
    `requests: ${requests.join('; ') || 'none'}`,
    `stdout: ${result.stdout.slice(-2000)}`,
    `stderr: ${result.stderr.slice(-2000)}`,
  ].join('\n');
}

describe('real coding agents against the recording fake', () => {
  let fake: AgentFake | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  for (const run of RUNS) {
    const location = installed.get(run.agent);
    const skipReason = agentSkipReason(run.agent);
    const title = skipReason
      ? `${run.agent} completes a shell-tool turn with --model ${run.model} (skipped: ${skipReason})`
      : `${run.agent} ${location?.version} completes a shell-tool turn with --model ${run.model}`;

    it.skipIf(skipReason !== undefined)(title, { timeout: 120_000 }, async () => {
      fake = await startAgentFake();
      const result = await runAgent({
        agent: run.agent,
        baseUrl: fake.url,
        apiKey: API_KEY,
        model: run.model,
        timeoutMs: 100_000,
        ...(run.claudeAuth ? { claudeAuth: run.claudeAuth } : {}),
      });
      if (RECORD) fake.writeFixtures(join(FIXTURES, run.fixtureDir));
      const failure = describeFailure(result, fake);

      expect(result.timedOut, failure).toBe(false);
      expect(result.exitCode, failure).toBe(0);
      // The tool ran: its output, not only the command, came back in a later request.
      expect(fake.sawToolMarker(), failure).toBe(true);
      const steps = fake.exchanges.flatMap((exchange) => (exchange.step ? [exchange.step.kind] : []));
      expect(
        steps.filter((step) => step !== 'side'),
        failure,
      ).toEqual(['tool-call', 'final']);
      // Every request was one the fake serves: an agent that needs another endpoint shows up here.
      expect(
        fake.exchanges.filter((exchange) => exchange.label === 'unknown'),
        failure,
      ).toEqual([]);
      expect(result.stdout.trim().split('\n').at(-1), failure).toBe(AGENT_FINAL_TEXT);
      // The key travels in the protocol's own credential header, and never on the command line.
      const credentialHeader = run.claudeAuth ? 'authorization' : CREDENTIAL_HEADERS[run.agent];
      for (const exchange of fake.exchanges)
        expect(exchange.headers[credentialHeader], failure).toBeDefined();
      expect(result.argv.join(' ')).not.toContain(API_KEY);
    });
  }
});
