import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLI_PATH,
  cleanEnvironment,
  MASTER_KEY,
  PtySession,
  runCli,
  startTestGateway,
  type TestGateway,
} from './helpers.js';

let server: TestGateway;
let env: Record<string, string>;

beforeAll(async () => {
  server = await startTestGateway();
  env = { LLMUX_BASE_URL: server.baseURL, LLMUX_API_KEY: MASTER_KEY, NO_COLOR: '1' };
});

afterAll(async () => {
  await server?.close();
});

/** The body of the last request that reached the simulated vendor. */
function lastUpstreamBody(): Record<string, unknown> {
  const requests = server.gateway.simulator!.requests;
  return requests[requests.length - 1]!.body as Record<string, unknown>;
}

describe('llmux (no command)', () => {
  it('prints its version and help', async () => {
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: llmux <command>');
    for (const command of ['chat', 'models', 'keys', 'usage']) {
      const commandHelp = await runCli([command, '--help']);
      expect(commandHelp.code).toBe(0);
      expect(commandHelp.stdout).toContain(`llmux ${command}`);
    }
  });

  it('refuses an unknown command or flag with exit code 2', async () => {
    const command = await runCli(['chatt']);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain("unknown command 'chatt'");
    const flag = await runCli(['chat', '--temprature', '0.5', 'hi'], { env });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("Unknown option '--temprature'");
    expect(flag.stderr).toContain('llmux chat --help');
    const value = await runCli(['chat', '--max-tokens', 'many', 'hi'], { env });
    expect(value.code).toBe(2);
    expect(value.stderr).toContain('--max-tokens must be a positive integer');
    const empty = await runCli(['chat'], { env, input: '' });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('no prompt');
    // `llmux models openai` (for --vendor openai) is refused, not answered with every model.
    const stray = await runCli(['models', 'openai'], { env });
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain("unexpected argument 'openai'");
    expect(stray.stdout).toBe('');
  });
});

describe('llmux chat', () => {
  it('streams the answer to stdout and a usage line with cost to stderr', async () => {
    const result = await runCli(['chat', '-m', 'gpt-4o', 'Say hello'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Simulated answer from gpt-4o: you said "Say hello".\n');
    expect(result.stderr).toMatch(/gpt-4o · \d+ prompt \+ \d+ completion tokens · \$0\.\d+ · simulated\n$/);
    expect(lastUpstreamBody().stream).toBe(true);
  });

  it('sends the piped text first, then a blank line, then the argument', async () => {
    const result = await runCli(['chat', '-m', 'gemini-2.5-flash', 'summarise'], {
      env,
      input: 'line one\nline two\n',
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Simulated answer from gemini-2.5-flash');
    const body = lastUpstreamBody() as { contents: Array<{ parts: Array<{ text: string }> }> };
    expect(body.contents.at(-1)!.parts[0]!.text).toBe('line one\nline two\n\nsummarise');
  });

  it('takes the whole prompt from stdin, and the model from LLMUX_MODEL', async () => {
    const result = await runCli(['chat'], {
      env: { ...env, LLMUX_MODEL: 'claude-sonnet-4-6' },
      input: 'Hi there',
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('you said "Hi there"');
    expect(result.stderr).toContain('claude-sonnet-4-6 ·');
  });

  it('passes --system, --temperature and --max-tokens upstream', async () => {
    const result = await runCli(
      ['chat', '-m', 'gpt-4o', '--system', 'Be brief.', '--temperature', '0.3', '--max-tokens', '200', 'Hi'],
      { env },
    );
    expect(result.code).toBe(0);
    const body = lastUpstreamBody() as {
      messages: Array<{ role: string; content: unknown }>;
      temperature: number;
      max_tokens?: number;
      max_completion_tokens?: number;
    };
    expect(body.messages[0]).toMatchObject({ role: 'system', content: 'Be brief.' });
    expect(body.temperature).toBe(0.3);
    expect(body.max_completion_tokens ?? body.max_tokens).toBe(200);
  });

  it("shows the gateway's notes about what it changed in the request", async () => {
    const result = await runCli(['chat', '-m', 'claude-sonnet-4-6', '--max-tokens', '9999999', 'Hi'], {
      env,
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/note: max_completion_tokens: .*at most \d+ tokens/);
    expect(result.stderr).toMatch(/ · simulated\n$/);

    // --no-stream reads the same headers from the whole answer's response.
    const whole = await runCli(
      ['chat', '-m', 'claude-sonnet-4-6', '--no-stream', '--max-tokens', '9999999', 'Hi'],
      { env },
    );
    expect(whole.code).toBe(0);
    expect(whole.stderr).toMatch(/note: max_completion_tokens: .*at most \d+ tokens/);
    expect(whole.stderr).toMatch(/ · simulated\n$/);
  });

  it('--json prints the raw completion, --no-stream waits for the whole answer', async () => {
    const json = await runCli(['chat', '-m', 'gpt-4o', '--json', 'Hi'], { env });
    expect(json.code).toBe(0);
    const completion = JSON.parse(json.stdout) as {
      object: string;
      choices: Array<{ message: { content: string } }>;
    };
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]!.message.content).toContain('you said "Hi"');

    const whole = await runCli(['chat', '-m', 'gpt-4o', '--no-stream', 'Hi'], { env });
    expect(whole.code).toBe(0);
    expect(whole.stdout).toBe('Simulated answer from gpt-4o: you said "Hi".\n');
    expect(lastUpstreamBody().stream).not.toBe(true);
    expect(whole.stderr).toMatch(/\d+ prompt \+ \d+ completion tokens/);
  });

  it('keeps reasoning out of a piped answer (on stderr) and shows tool calls readably', async () => {
    const reasoning = await runCli(
      ['chat', '-m', 'deepseek-v3-2', '[[sim:{"reasoning":"Weighing it up.","text":"Forty-two."}]]'],
      { env },
    );
    expect(reasoning.code).toBe(0);
    expect(reasoning.stdout).toBe('Forty-two.\n');
    expect(reasoning.stderr).toContain('Weighing it up.');
    expect(reasoning.stderr).toMatch(/\(\d+ reasoning\)/);

    const tools = JSON.stringify([
      { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
    ]);
    for (const mode of [[], ['--no-stream']]) {
      const call = await runCli(['chat', '-m', 'gpt-4o', '--tools', tools, ...mode, 'Weather in Paris?'], {
        env,
      });
      expect(call.code).toBe(0);
      expect(call.stdout).toMatch(
        /→ tool call: get_weather \(call_\w+\)\n {2}\{\n {4}"city": "example"\n {2}\}\n/,
      );
    }
  });

  it('stops the answer and its upstream request on Ctrl-C (SIGINT), exit code 130', async () => {
    const requestsBefore = server.gateway.simulator!.requests.length;
    const child = spawn(
      process.execPath,
      [
        CLI_PATH,
        'chat',
        '-m',
        'gpt-4o',
        '[[sim:{"chunkDelayMs":300,"chunkSize":4,"text":"\\u0053low and steady, going on and on and on and on and on and on and on and on and on and on and on and on and on for a long time"}]]',
      ],
      { env: cleanEnvironment(env), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve) => {
      child.stdout.setEncoding('utf8').on('data', (text: string) => {
        stdout += text;
        if (stdout.includes('Slow')) resolve();
      });
    });
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('Interrupted.');
    expect(stdout).not.toContain('long time');
    await expect
      .poll(() => server.gateway.simulator!.requests[requestsBefore]?.closedByClient, { timeout: 10_000 })
      .toBe(true);
  });

  it('explains an unknown model with the closest ids', async () => {
    const result = await runCli(['chat', '-m', 'gpt-4o-mnii', 'Hi'], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("The model 'gpt-4o-mnii' does not exist.");
    expect(result.stderr).toContain("'gpt-4o-mini'");
    expect(result.stderr).toContain('llmux models');
    expect(result.stdout).toBe('');
  });

  it('says which variable to set on a 401', async () => {
    const missing = await runCli(['chat', '-m', 'gpt-4o', 'Hi'], {
      env: { ...env, LLMUX_API_KEY: undefined },
    });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('set LLMUX_API_KEY or pass --api-key');
    const wrong = await runCli(['chat', '-m', 'gpt-4o', '--api-key', 'llmux-sk-wrong', 'Hi'], { env });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('The key given with --api-key was refused');
  });

  it('names the URL it tried when the gateway is unreachable (exit code 3)', async () => {
    const result = await runCli(['chat', '-m', 'gpt-4o', 'Hi'], {
      env: { ...env, LLMUX_BASE_URL: 'http://127.0.0.1:9/v1' },
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('Cannot reach the llmux gateway at http://127.0.0.1:9/v1');
    expect(result.stderr).toContain('pnpm start');
    const flag = await runCli(['models', '--base-url', 'http://127.0.0.1:9/v1'], { env });
    expect(flag.code).toBe(3);
    expect(flag.stderr).toContain('http://127.0.0.1:9/v1/models');
  });
});

describe('llmux models', () => {
  it('prints a table, filters by vendor, and prints JSON', async () => {
    const table = await runCli(['models'], { env });
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+VENDOR\s+CONTEXT\s+INPUT\/M\s+CACHED\/M\s+OUTPUT\/M\s+CAPABILITIES$/);
    const gpt4o = lines.find((line) => line.startsWith('gpt-4o '));
    expect(gpt4o).toMatch(/^gpt-4o\s+openai\s+128k\s+\$\d/);
    expect(gpt4o).toContain('tools');

    const anthropic = await runCli(['models', '--vendor', 'anthropic'], { env });
    const rows = anthropic.stdout.trim().split('\n').slice(1);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/^\S+\s+anthropic\s/);

    const json = await runCli(['models', '--json', '--vendor', 'google'], { env });
    const list = JSON.parse(json.stdout) as {
      data: Array<{ id: string; owned_by: string; pricing: unknown }>;
    };
    expect(list.data.length).toBeGreaterThan(0);
    expect(list.data.every((model) => model.owned_by === 'google')).toBe(true);
  });
});

describe('llmux keys and usage', () => {
  it('creates, lists and revokes a key, which then stops working', async () => {
    const created = await runCli(
      ['keys', 'create', 'ci bot', '--models', 'gpt-4o', '--expires-at', '2099-01-01T00:00:00Z'],
      {
        env,
      },
    );
    expect(created.code).toBe(0);
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^llmux-sk-/);
    const id = /Created key (\S+)/.exec(created.stderr)?.[1];
    expect(id).toBeDefined();

    const list = await runCli(['keys', 'list'], { env });
    expect(list.code).toBe(0);
    const row = list.stdout.split('\n').find((line) => line.startsWith(id!));
    expect(row).toMatch(/ci bot\s+gpt-4o\s+2099-01-01 00:00Z/);

    const keyEnv = { ...env, LLMUX_API_KEY: secret };
    const allowed = await runCli(['chat', '-m', 'gpt-4o', 'Hi'], { env: keyEnv });
    expect(allowed.code).toBe(0);
    const forbidden = await runCli(['chat', '-m', 'claude-sonnet-4-6', 'Hi'], { env: keyEnv });
    expect(forbidden.code).toBe(1);
    expect(forbidden.stderr).toContain('Permission denied');
    const admin = await runCli(['keys', 'list'], { env: keyEnv });
    expect(admin.code).toBe(1);
    expect(admin.stderr).toContain('need the master key');

    const revoked = await runCli(['keys', 'revoke', id!], { env });
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain(`Revoked key ${id}`);
    const after = await runCli(['keys', 'list', '--json'], { env });
    expect((JSON.parse(after.stdout) as Array<{ id: string }>).some((key) => key.id === id)).toBe(false);
    const refused = await runCli(['chat', '-m', 'gpt-4o', 'Hi'], { env: keyEnv });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Authentication failed');

    const bad = await runCli(['keys', 'create'], { env });
    expect(bad.code).toBe(2);
  });

  it('creates a key with limits, shows its spend and reset time, updates and removes limits', async () => {
    const created = await runCli(
      [
        'keys',
        'create',
        'metered',
        '--rpm',
        '60',
        '--tpm',
        '100000',
        '--parallel',
        '4',
        '--budget',
        '25',
        '--budget-duration',
        '30d',
      ],
      { env },
    );
    expect(created.code).toBe(0);
    expect(created.stderr).toContain('limits: 60 rpm, 100000 tpm, 4 parallel, $25 per 30d');
    const id = /Created key (\S+)/.exec(created.stderr)![1]!;
    const secret = created.stdout.trim();
    expect(
      (await runCli(['chat', '-m', 'gpt-4o-mini', 'Hi'], { env: { ...env, LLMUX_API_KEY: secret } })).code,
    ).toBe(0);

    const shown = await runCli(['keys', 'show', id], { env });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/rpm limit\s+60\n/);
    expect(shown.stdout).toMatch(/budget\s+\$25 per 30d\n/);
    expect(shown.stdout).toMatch(/spend\s+\$0\.\d+\n/);
    expect(shown.stdout).toMatch(/resets\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}Z\n/);

    const updated = await runCli(['keys', 'update', id, '--rpm', 'none', '--budget', '5', '--json'], { env });
    expect(updated.code).toBe(0);
    expect(JSON.parse(updated.stdout)).toMatchObject({ rpm_limit: null, tpm_limit: 100000, max_budget: 5 });
    const list = await runCli(['keys', 'list'], { env });
    expect(list.stdout.split('\n').find((line) => line.startsWith(id))).toContain(
      '100000 tpm, 4 parallel, $5 per 30d',
    );

    const bad = await runCli(['keys', 'update', id, '--rpm', '0'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--rpm must be an integer >= 1 (or 'none'), got '0'");
    const refused = await runCli(['keys', 'create', 'x', '--budget-duration', '1w'], { env });
    expect(refused.code).toBe(2);
    expect((await runCli(['keys', 'update', id], { env })).code).toBe(2);
  });

  it('shows totals and a per-model table', async () => {
    await runCli(['chat', '-m', 'gpt-4o', 'Count me'], { env });
    const table = await runCli(['usage', '--since', '1h'], { env });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^Usage \(since \d{4}-\d{2}-\d{2} \d{2}:\d{2}Z\)\n/);
    expect(table.stdout).toMatch(/requests\s+\d+/);
    expect(table.stdout).toMatch(/\ngpt-4o\s+\d+\s+\d+/);

    const json = await runCli(['usage', '--json'], { env });
    const report = JSON.parse(json.stdout) as {
      totals: { requests: number };
      models: Array<{ model: string; requests: number }>;
    };
    expect(report.totals.requests).toBeGreaterThan(0);
    expect(report.models.find((row) => row.model === 'gpt-4o')!.requests).toBeGreaterThan(0);

    const future = await runCli(['usage', '--since', '2099-01-01'], { env });
    expect(future.stdout).toContain('No requests recorded');
    const bad = await runCli(['usage', '--since', 'yesterday'], { env });
    expect(bad.code).toBe(2);
  });
});

describe('llmux chat, interactive', () => {
  it('keeps a conversation, switches model, survives Ctrl-C mid-answer and leaves on /exit', async () => {
    const session = new PtySession(['chat', '-m', 'gpt-4o'], {
      LLMUX_BASE_URL: server.baseURL,
      LLMUX_API_KEY: MASTER_KEY,
    });
    try {
      let position = await session.waitFor('gpt-4o › ');
      session.type('First question\r');
      position = await session.waitFor('Simulated answer from gpt-4o: you said "First question".', position);
      position = await session.waitFor('gpt-4o › ', position);

      // A slow answer; its text is written escaped in the directive so the echo of the line never matches it.
      const requestsBefore = server.gateway.simulator!.requests.length;
      session.type(
        '[[sim:{"chunkDelayMs":300,"chunkSize":4,"text":"\\u0053low answer that goes on and on and on and on and on and on and on and on and on and on and on and on and on for a long while"}]]\r',
      );
      position = await session.waitFor('Slow answer', position);
      session.type('\u0003');
      position = await session.waitFor('[interrupted]', position);
      position = await session.waitFor('gpt-4o › ', position);
      // The upstream request was stopped, not left running.
      await expect
        .poll(() => server.gateway.simulator!.requests[requestsBefore]?.closedByClient, { timeout: 10_000 })
        .toBe(true);

      session.type('/model claude-sonnet-4-6\r');
      position = await session.waitFor('Model: claude-sonnet-4-6', position);
      position = await session.waitFor('claude-sonnet-4-6 › ', position);
      session.type('/model gpt-4o-mnii\r');
      position = await session.waitFor("'gpt-4o-mini'", position);
      position = await session.waitFor('claude-sonnet-4-6 › ', position);

      session.type('Second question\r');
      position = await session.waitFor('you said "Second question".', position);
      // The history went along: the first turn and the part of the interrupted answer that was shown.
      const body = lastUpstreamBody() as { messages: Array<{ role: string; content: unknown }> };
      const sent = JSON.stringify(body.messages);
      expect(sent).toContain('First question');
      expect(sent).toContain('Slow answer');
      expect(body.messages.at(-1)).toMatchObject({ role: 'user' });

      position = await session.waitFor('claude-sonnet-4-6 › ', position);
      session.type('/system Answer in French.\r');
      position = await session.waitFor('System message set.', position);
      session.type('/clear\r');
      position = await session.waitFor('Conversation cleared.', position);
      session.type('Third question\r');
      position = await session.waitFor('you said "Third question".', position);
      // After /clear only the new question is sent, with the system message (Anthropic's top-level `system`).
      const cleared = lastUpstreamBody() as { messages: Array<{ role: string; content: unknown }> };
      expect(cleared.messages).toHaveLength(1);
      expect(JSON.stringify(cleared.messages)).toContain('Third question');
      expect(JSON.stringify(cleared)).toContain('Answer in French.');

      position = await session.waitFor('claude-sonnet-4-6 › ', position);
      session.type('/exit\r');
      expect(await session.exit()).toBe(0);
    } finally {
      session.kill();
    }
  }, 90_000);

  it('dims the reasoning on a terminal, and leaves on Ctrl-C at an empty prompt or on Ctrl-D', async () => {
    for (const key of ['\u0003', '\u0004']) {
      const session = new PtySession(['chat', '-m', 'deepseek-v3-2'], {
        LLMUX_BASE_URL: server.baseURL,
        LLMUX_API_KEY: MASTER_KEY,
      });
      try {
        let position = await session.waitFor('deepseek-v3-2 › ');
        if (key === '\u0003') {
          session.type('[[sim:{"reasoning":"\\u0050ondering.","text":"\\u0044one."}]]\r');
          position = await session.waitFor('Done.', position);
          expect(session.output).toMatch(/Pondering\.\r?\n\r?\nDone\./);
          expect(session.raw).toContain('\u001b[2mPonderin');
          position = await session.waitFor('deepseek-v3-2 › ', position);
        }
        session.type(key);
        expect(await session.exit()).toBe(0);
        // The shell's next prompt starts on a line of its own.
        expect(session.output).toMatch(/› \r?\n$/);
      } finally {
        session.kill();
      }
    }
  });
});
