import { createSimulator, type Scenario, type Simulator } from '@llmux/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AGENT_FINAL_TEXT,
  buildShellArguments,
  collectToolResults,
  findShellTool,
  toolOutputShowsMarker,
} from './agent-turn.js';
import { type AgentName, agentSkipReason, locateAgent } from './locate-agent.js';
import { runAgent } from './run-agent.js';

/**
 * Each real agent pointed straight at @llmux/simulators, the vendors' fakes: what a relay route
 * (Claude Code on claude-*, Codex on a Responses model, gemini-cli on gemini-*) will forward upstream
 * almost unchanged. So this checks that the simulators accept what the real agents send, before the
 * gateway stands between them.
 */

const RUNS: { agent: AgentName; model: string; provider: 'anthropic' | 'openai' | 'gemini' }[] = [
  { agent: 'claude-code', model: 'claude-sonnet-4-6', provider: 'anthropic' },
  { agent: 'codex', model: 'gpt-5-2-codex', provider: 'openai' },
  { agent: 'gemini-cli', model: 'gemini-2.5-pro', provider: 'gemini' },
];

/**
 * The shell-tool turn, scripted on the simulator. The call comes with reasoning because Claude Code
 * always asks for thinking, and Anthropic (like its simulator) refuses a thinking tool loop whose
 * assistant turn does not start with its signed thinking block.
 */
function scriptTurn(simulator: Simulator): void {
  simulator.setScenario((request): Scenario | undefined => {
    if (request.lastTurnIsToolResult) return { text: AGENT_FINAL_TEXT };
    const shell = findShellTool(request.tools.map((tool) => tool.name));
    if (!shell) return undefined;
    const parameters = request.tools.find((tool) => tool.name === shell)?.parameters;
    return {
      reasoning: 'The user asked for one shell command.',
      toolCalls: [{ name: shell, arguments: JSON.stringify(buildShellArguments(parameters)) }],
    };
  });
}

describe('real coding agents straight against the vendor simulators', () => {
  let simulator: Simulator;
  beforeAll(async () => {
    simulator = await createSimulator();
  });
  afterAll(async () => {
    await simulator.close();
  });

  for (const run of RUNS) {
    const skipReason = agentSkipReason(run.agent);
    const title = skipReason
      ? `${run.agent} on the ${run.provider} simulator (skipped: ${skipReason})`
      : `${run.agent} ${locateAgent(run.agent)?.version} completes a shell-tool turn on the ${run.provider} simulator`;

    it.skipIf(skipReason !== undefined)(title, { timeout: 120_000 }, async () => {
      simulator.reset();
      scriptTurn(simulator);
      // runAgent adds `/v1` for Codex, OpenAI's convention; the simulator's OpenAI prefix already ends in it.
      const baseUrl = simulator.baseUrlFor(run.provider).replace(/\/v1$/, '');
      const result = await runAgent({ agent: run.agent, baseUrl, apiKey: 'sk-sim', model: run.model });
      const requests = simulator.requests.map((request) => `${request.method} ${request.path}`).join('; ');
      const failure = `exit ${result.exitCode}; requests: ${requests}\nstdout: ${result.stdout.slice(-1500)}\nstderr: ${result.stderr.slice(-1500)}`;

      expect(result.exitCode, failure).toBe(0);
      expect(simulator.requests, failure).toHaveLength(2);
      expect(toolOutputShowsMarker(collectToolResults(simulator.requests[1]?.body)), failure).toBe(true);
      expect(result.stdout.trim().split('\n').at(-1), failure).toBe(AGENT_FINAL_TEXT);
    });
  }
});
