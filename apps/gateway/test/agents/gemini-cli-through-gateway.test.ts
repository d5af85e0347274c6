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
 * gemini-cli, unmodified, completes a shell-tool turn through the gateway's
 * `POST /v1beta/models/{model}:streamGenerateContent?alt=sse` on models of four upstreams: gemini-cli asks,
 * the upstream (the gateway's in-process simulator) answers with reasoning and a `run_shell_command` call,
 * gemini-cli runs it and sends the output back as a `functionResponse`, the upstream answers `done`. A
 * recording proxy between gemini-cli and the gateway shows both halves of a failure.
 */

interface GatewayRun {
  model: string;
  /** What the gateway must speak upstream for this model, and to which simulated provider. */
  upstream: { provider: string; protocol: SimulatedProtocol };
  /** What else the upstream's second request must show (the model's own reasoning state, given back). */
  checkToolTurn?: (body: unknown) => void;
}

/**
 * gemini-cli keeps a model turn's `thoughtSignature` on its functionCall part and drops the thought text
 * parts from its history, so whatever reasoning state a non-Gemini upstream needs back has to travel in
 * that signature. The placeholder Gemini documents for calls without one must never reach another vendor.
 */
const RUNS: GatewayRun[] = [
  // A relay: Gemini in, Gemini out.
  {
    model: 'gemini-3-flash-preview',
    upstream: { provider: 'gemini', protocol: 'gemini' },
    checkToolTurn: expectThoughtSignatureBack,
  },
  {
    model: 'gpt-5-2',
    upstream: { provider: 'openai', protocol: 'openai-chat' },
    checkToolTurn: expectNoGeminiSignature,
  },
  // The Anthropic simulator refuses a thinking tool loop whose signed thinking block did not come back.
  {
    model: 'claude-sonnet-4-6',
    upstream: { provider: 'anthropic', protocol: 'anthropic-messages' },
    checkToolTurn: expectNoGeminiSignature,
  },
  {
    model: 'deepseek-v3-2',
    upstream: { provider: 'ark', protocol: 'openai-chat' },
    checkToolTurn: (body) => {
      expectNoGeminiSignature(body);
      expectReasoningContentBack(body);
    },
  },
];

/** The shell-tool turn on whichever protocol the gateway speaks upstream (the simulator normalizes them). */
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
 * Gemini 3 refuses a tool turn whose call lost its thought signature
 * (https://ai.google.dev/gemini-api/docs/thought-signatures): the one that comes back must be the
 * simulator's own (base64 of `simulated-thought-signature:…`), not one the gateway or gemini-cli made up.
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

/** Neither Gemini's skip-validation placeholder nor a gateway-wrapped signature leaks to another vendor. */
function expectNoGeminiSignature(body: unknown): void {
  const text = JSON.stringify(body);
  expect(text).not.toContain('skip_thought_signature_validator');
  expect(text).not.toContain('thoughtSignature');
  expect(text).not.toContain('llmux1.');
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
    `gemini-cli ${result.version} exit ${result.exitCode} signal ${result.signal} timedOut ${result.timedOut}`,
    `gemini-cli → gateway:\n${exchanges.join('\n') || '  none'}`,
    `gateway → upstream: ${upstream.map((request) => `${request.provider} ${request.method} ${request.path}`).join('; ') || 'none'}`,
    `stdout: ${result.stdout.slice(-1500)}`,
    `stderr: ${result.stderr.slice(-1500)}`,
  ].join('\n');
}

describe('gemini-cli through the gateway (POST /v1beta/models/{model}:streamGenerateContent)', () => {
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

  const skipReason = agentSkipReason('gemini-cli');
  for (const run of RUNS) {
    const title = skipReason
      ? `gemini-cli --model ${run.model} through the gateway (skipped: ${skipReason})`
      : `gemini-cli ${locateAgent('gemini-cli')?.version} --model ${run.model} completes a shell-tool turn through the gateway, upstream ${run.upstream.protocol}`;

    it.skipIf(skipReason !== undefined)(title, { timeout: 120_000 }, async () => {
      const simulator = test.gateway.simulator!;
      simulator.reset();
      scriptTurn(simulator);
      // One ordinary key per run: its usage rows are this run's alone.
      const created = await admin('/admin/keys', {
        method: 'POST',
        body: JSON.stringify({ name: `gemini-cli ${run.model}` }),
      });
      expect(created.status).toBe(201);
      const key = (await created.json()) as { id: string; key: string };

      const proxy = await startRecordingProxy(test.url);
      let result: AgentRunResult;
      try {
        result = await runAgent({
          agent: 'gemini-cli',
          baseUrl: proxy.url,
          apiKey: key.key,
          model: run.model,
          timeoutMs: 100_000,
        });
      } finally {
        await proxy.close();
      }
      const upstream = [...simulator.requests];
      const failure = describeFailure(result, proxy, upstream);

      expect(result.timedOut, failure).toBe(false);
      expect(result.exitCode, failure).toBe(0);
      // gemini-cli made only the turn's two requests, on the model it was given, and the gateway refused neither.
      expect(
        proxy.exchanges.map((exchange) => `${exchange.method} ${exchange.url} ${exchange.status}`),
        failure,
      ).toEqual([1, 2].map(() => `POST /v1beta/models/${run.model}:streamGenerateContent?alt=sse 200`));
      // The gateway spoke the model's protocol to its provider, once per turn step.
      expect(
        upstream.map((request) => `${request.provider} ${request.protocol}`),
        failure,
      ).toEqual([1, 2].map(() => `${run.upstream.provider} ${run.upstream.protocol}`));
      // The shell tool ran: its output, not only the command, reached the upstream on the second request.
      expect(toolOutputShowsMarker(collectToolResults(upstream[1]?.body)), failure).toBe(true);
      run.checkToolTurn?.(upstream[1]?.body);
      expect(result.stdout.trim().split('\n').at(-1), failure).toBe(AGENT_FINAL_TEXT);
      // The client's llmux key stays at the gateway; the upstream gets the provider's credential.
      for (const request of upstream) {
        expect(JSON.stringify(request.headers), failure).not.toContain(key.key);
        expect(request.query.toString(), failure).not.toContain(key.key);
      }

      // A usage row is written when the gateway settles the answer, which can be just after gemini-cli read
      // the last event and moved on: poll briefly instead of reading once.
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
