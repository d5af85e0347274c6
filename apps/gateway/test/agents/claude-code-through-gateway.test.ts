import type { RecordedRequest, Scenario, SimulatedProtocol, Simulator } from '@llmux/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASTER_KEY, startTestGateway, type TestGateway } from '../helpers.js';
import {
  AGENT_FINAL_TEXT,
  AGENT_REASONING,
  buildShellArguments,
  collectToolResults,
  findShellTool,
  toolOutputShowsMarker,
} from './agent-turn.js';
import { agentSkipReason, locateAgent } from './locate-agent.js';
import { type RecordingProxy, startRecordingProxy } from './recording-proxy.js';
import { type AgentRunResult, runAgent } from './run-agent.js';

/**
 * Claude Code, unmodified, completes a shell-tool turn through the gateway's `POST /v1/messages` on
 * models of five upstream protocols: Claude Code asks, the upstream (the gateway's in-process simulator)
 * answers with reasoning and a Bash call, Claude Code runs it and sends the output back, the upstream
 * answers `done`. Between Claude Code and the gateway sits a recording proxy, so a failure shows both
 * halves: what Claude Code got from the gateway, and what the gateway sent upstream.
 */

interface GatewayRun {
  model: string;
  /** What the gateway must speak upstream for this model, and to which simulated provider. */
  upstream: { provider: string; protocol: SimulatedProtocol };
  claudeAuth?: 'auth-token';
  /** What else the upstream's second request must show (the model's own reasoning state, given back). */
  checkToolTurn?: (body: unknown) => void;
}

const RUNS: GatewayRun[] = [
  // A relay: Anthropic in, Anthropic out. The Bearer key must not be what goes upstream.
  {
    model: 'claude-sonnet-4-6',
    upstream: { provider: 'anthropic', protocol: 'anthropic-messages' },
    claudeAuth: 'auth-token',
  },
  { model: 'gpt-5-2', upstream: { provider: 'openai', protocol: 'openai-chat' } },
  {
    model: 'gemini-3-flash-preview',
    upstream: { provider: 'gemini', protocol: 'gemini' },
    checkToolTurn: expectThoughtSignatureBack,
  },
  {
    model: 'deepseek-v3-2',
    upstream: { provider: 'ark', protocol: 'openai-chat' },
    checkToolTurn: expectReasoningContentBack,
  },
  // Responses only: the catalog gives it no Chat Completions endpoint.
  {
    model: 'gpt-5-2-codex',
    upstream: { provider: 'openai', protocol: 'openai-responses' },
    checkToolTurn: expectFunctionCallOutputPaired,
  },
];

/**
 * The shell-tool turn on whichever protocol the gateway speaks upstream (the simulator normalizes them).
 * The call comes with reasoning because Claude Code always asks for thinking: it must come back to the
 * upstream on the next request in that vendor's own form.
 */
function scriptTurn(simulator: Simulator): void {
  simulator.setScenario((request): Scenario | undefined => {
    if (request.lastTurnIsToolResult) return { text: AGENT_FINAL_TEXT };
    const shell = findShellTool(request.tools.map((tool) => tool.name));
    if (!shell) return undefined;
    const parameters = request.tools.find((tool) => tool.name === shell)?.parameters;
    return {
      reasoning: AGENT_REASONING,
      toolCalls: [{ name: shell, arguments: JSON.stringify(buildShellArguments(parameters)) }],
    };
  });
}

/**
 * Gemini 3 refuses a tool turn whose call lost its thought signature, and the simulator checks only that
 * one is there (https://ai.google.dev/gemini-api/docs/thought-signatures): check that it is the
 * simulator's own (base64 of `simulated-thought-signature:…`), not one the gateway made up.
 */
function expectThoughtSignatureBack(body: unknown): void {
  const contents = (body as { contents?: Array<{ role?: string; parts?: Array<Record<string, unknown>> }> })
    .contents;
  const call = contents
    ?.filter((content) => content.role === 'model')
    .flatMap((content) => content.parts ?? [])
    .find((part) => part.functionCall !== undefined);
  expect(call, 'the model turn with the function call').toBeDefined();
  const signature = call?.thoughtSignature;
  expect(typeof signature).toBe('string');
  expect(Buffer.from(String(signature), 'base64').toString('utf8')).toMatch(/^simulated-thought-signature:/);
}

/**
 * DeepSeek's thinking mode wants the tool-calling turn's `reasoning_content` back on the next request
 * (https://api-docs.deepseek.com/guides/thinking_mode#tool-calls); the simulator does not check it.
 */
function expectReasoningContentBack(body: unknown): void {
  const messages = (body as { messages?: Array<Record<string, unknown>> }).messages ?? [];
  const assistant = messages.find(
    (message) => message.role === 'assistant' && Array.isArray(message.tool_calls),
  );
  expect(assistant, 'the assistant message with the tool call').toBeDefined();
  expect(assistant?.reasoning_content).toBe(AGENT_REASONING);
}

/** Responses pairs each `function_call_output` with its `function_call` by `call_id` (stateless: both are sent). */
function expectFunctionCallOutputPaired(body: unknown): void {
  const input = (body as { input?: Array<Record<string, unknown>> }).input ?? [];
  const call = input.find((item) => item.type === 'function_call');
  const output = input.find((item) => item.type === 'function_call_output');
  expect(call?.call_id).toEqual(expect.any(String));
  expect(output?.call_id).toBe(call?.call_id);
}

interface UsageReport {
  totals: { requests: number; errors: number; prompt_tokens: number; completion_tokens: number };
  models: Array<{ model: string; requests: number }>;
}

function describeFailure(
  result: AgentRunResult,
  proxy: RecordingProxy,
  upstream: readonly RecordedRequest[],
): string {
  const exchanges = proxy.exchanges.map((exchange) => {
    const line = `  ${exchange.method} ${exchange.url} → ${exchange.status}`;
    return exchange.status === 200 ? line : `${line}: ${exchange.responseBody.slice(0, 1500)}`;
  });
  return [
    `claude-code ${result.version} exit ${result.exitCode} signal ${result.signal} timedOut ${result.timedOut}`,
    `Claude Code → gateway:\n${exchanges.join('\n') || '  none'}`,
    `gateway → upstream: ${upstream.map((request) => `${request.provider} ${request.method} ${request.path}`).join('; ') || 'none'}`,
    `stdout: ${result.stdout.slice(-1500)}`,
    `stderr: ${result.stderr.slice(-1500)}`,
  ].join('\n');
}

describe('Claude Code through the gateway (POST /v1/messages)', () => {
  let test: TestGateway;
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${test.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json' },
    });

  beforeAll(async () => {
    test = await startTestGateway({ LLMUX_SIMULATE: '1' });
  });
  afterAll(async () => {
    await test?.close();
  });

  const skipReason = agentSkipReason('claude-code');
  for (const run of RUNS) {
    const auth = run.claudeAuth === 'auth-token' ? 'ANTHROPIC_AUTH_TOKEN' : 'ANTHROPIC_API_KEY';
    const title = skipReason
      ? `claude-code --model ${run.model} through the gateway (skipped: ${skipReason})`
      : `claude-code ${locateAgent('claude-code')?.version} --model ${run.model} (${auth}) completes a shell-tool turn through the gateway, upstream ${run.upstream.protocol}`;

    it.skipIf(skipReason !== undefined)(title, { timeout: 120_000 }, async () => {
      const simulator = test.gateway.simulator!;
      simulator.reset();
      scriptTurn(simulator);
      // One ordinary key per run: its usage rows are this run's alone.
      const created = await admin('/admin/keys', {
        method: 'POST',
        body: JSON.stringify({ name: `claude-code ${run.model}` }),
      });
      expect(created.status).toBe(201);
      const key = (await created.json()) as { id: string; key: string };

      const proxy = await startRecordingProxy(test.url);
      let result: AgentRunResult;
      try {
        result = await runAgent({
          agent: 'claude-code',
          baseUrl: proxy.url,
          apiKey: key.key,
          model: run.model,
          timeoutMs: 100_000,
          ...(run.claudeAuth ? { claudeAuth: run.claudeAuth } : {}),
        });
      } finally {
        await proxy.close();
      }
      const upstream = [...simulator.requests];
      const failure = describeFailure(result, proxy, upstream);

      expect(result.timedOut, failure).toBe(false);
      expect(result.exitCode, failure).toBe(0);
      // Claude Code made only the turn's two requests, and the gateway refused neither.
      expect(
        proxy.exchanges.map(
          (exchange) => `${exchange.method} ${exchange.url.split('?')[0]} ${exchange.status}`,
        ),
        failure,
      ).toEqual(['POST /v1/messages 200', 'POST /v1/messages 200']);
      // The gateway spoke the model's protocol to its provider, once per turn step.
      expect(
        upstream.map((request) => `${request.provider} ${request.protocol}`),
        failure,
      ).toEqual([1, 2].map(() => `${run.upstream.provider} ${run.upstream.protocol}`));
      // The Bash tool ran: its output, not only the command, reached the upstream on the second request.
      expect(toolOutputShowsMarker(collectToolResults(upstream[1]?.body)), failure).toBe(true);
      run.checkToolTurn?.(upstream[1]?.body);
      expect(result.stdout.trim().split('\n').at(-1), failure).toBe(AGENT_FINAL_TEXT);
      // The client's llmux key stays at the gateway; the upstream gets the provider's credential.
      for (const request of upstream) expect(JSON.stringify(request.headers), failure).not.toContain(key.key);

      // A usage row is written when the gateway settles the answer, which can be just after Claude Code
      // read `message_stop` and moved on: poll briefly instead of reading once.
      const readUsage = async (): Promise<UsageReport> =>
        (await (
          await admin(`/admin/usage?key_id=${key.id}&since=2020-01-01T00:00:00Z`)
        ).json()) as UsageReport;
      await expect
        .poll(async () => (await readUsage()).totals, { timeout: 5_000, interval: 100, message: failure })
        .toMatchObject({ requests: 2, errors: 0 });
      const usage = await readUsage();
      expect(usage.totals.prompt_tokens).toBeGreaterThan(0);
      expect(usage.totals.completion_tokens).toBeGreaterThan(0);
      expect(usage.models.map((row) => row.model)).toEqual([run.model]);
    });
  }
});
