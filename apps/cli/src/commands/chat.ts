import { readFileSync } from 'node:fs';
import type { LlmuxClient } from '@llmux/client';
import type { ChatCompletionRequest, ChatMessage } from '@llmux/contract';
import { createRenderer, fetchPricing, formatAfterword, type Terminal, writeAnswer } from '../answer.js';
import { EXIT_CODES, type ExplainedError, UsageError } from '../errors.js';
import { createStyle } from '../format.js';
import { parseCommandArgs, readNumber } from '../options.js';
import { runInteractive } from './interactive.js';

/** Used when neither -m nor LLMUX_MODEL names a model: small, cheap, and served by every OpenAI key. */
export const DEFAULT_MODEL = 'gpt-4o-mini';

export const CHAT_HELP = `Usage: llmux chat [options] [PROMPT...]

Sends PROMPT to a model and streams the answer to stdout. Text piped to stdin is sent too:
the piped text first, then a blank line, then PROMPT (cat notes.md | llmux chat "summarise").
With no PROMPT and a terminal on stdin, starts a conversation (/help inside lists its commands).

Options:
  -m, --model MODEL        the model id (default: $LLMUX_MODEL, else ${DEFAULT_MODEL})
  -s, --system TEXT        a system message
  -t, --temperature N      sampling temperature, 0 to 2
      --max-tokens N       upper bound on generated tokens (max_completion_tokens)
      --tools FILE|JSON    tool definitions (OpenAI's "tools" array) offered to the model
      --json               print the raw completion JSON (not streamed) instead of the text
      --no-stream          wait for the whole answer instead of streaming it
      --base-url URL       the gateway (default: $LLMUX_BASE_URL, else http://127.0.0.1:8787/v1)
      --api-key KEY        the key (default: $LLMUX_API_KEY)
  -h, --help               this help

The answer goes to stdout; reasoning is shown dimmed before it on a terminal (on stderr when stdout is
not a terminal); a usage line (tokens, cost) goes to stderr.
`;

const CHAT_OPTIONS = {
  model: { type: 'string', short: 'm' },
  system: { type: 'string', short: 's' },
  temperature: { type: 'string', short: 't' },
  'max-tokens': { type: 'string' },
  tools: { type: 'string' },
  json: { type: 'boolean' },
  'no-stream': { type: 'boolean' },
} as const;

export interface ChatDependencies extends Terminal {
  stdin: NodeJS.ReadStream;
  connect: (values: { 'base-url'?: string; 'api-key'?: string }) => LlmuxClient;
  explain: (error: unknown) => Promise<ExplainedError>;
}

export async function runChat(args: string[], dependencies: ChatDependencies): Promise<number> {
  const { stdin, stdout, stderr, env } = dependencies;
  const { values, positionals } = parseCommandArgs('chat', args, CHAT_OPTIONS);
  if (values.help) {
    stdout.write(CHAT_HELP);
    return EXIT_CODES.ok;
  }
  const model = values.model || env.LLMUX_MODEL || DEFAULT_MODEL;
  const temperature = readNumber(
    'chat',
    'temperature',
    values.temperature,
    (n) => n >= 0 && n <= 2,
    'a number from 0 to 2',
  );
  const maxTokens = readNumber(
    'chat',
    'max-tokens',
    values['max-tokens'],
    (n) => Number.isInteger(n) && n > 0,
    'a positive integer',
  );
  const tools = values.tools === undefined ? undefined : readTools(values.tools);
  const parameters: Partial<ChatCompletionRequest> = {};
  if (temperature !== undefined) parameters.temperature = temperature;
  if (maxTokens !== undefined) parameters.max_completion_tokens = maxTokens;
  if (tools !== undefined) parameters.tools = tools;

  const argumentPrompt = positionals.join(' ').trim();
  if (argumentPrompt === '' && stdin.isTTY) {
    if (values.json)
      throw new UsageError('llmux chat: --json needs a prompt (it is not for conversations).', 'chat');
    return runInteractive({
      ...dependencies,
      client: dependencies.connect(values),
      model,
      system: values.system,
      parameters,
      stream: !values['no-stream'],
    });
  }
  const piped = stdin.isTTY ? '' : await readAll(stdin);
  const prompt = combinePrompt(piped, argumentPrompt);
  if (prompt === '') {
    throw new UsageError('llmux chat: no prompt: give one as an argument or pipe text to stdin.', 'chat');
  }

  const client = dependencies.connect(values);
  const messages: ChatMessage[] = [];
  if (values.system) messages.push({ role: 'system', content: values.system });
  messages.push({ role: 'user', content: prompt });
  const request: ChatCompletionRequest = { model, messages, ...parameters };

  const controller = new AbortController();
  let interrupted = false;
  const onInterrupt = () => {
    interrupted = true;
    controller.abort();
  };
  process.once('SIGINT', onInterrupt);
  try {
    if (values.json) {
      const completion = await client.chat.completions.create(
        { ...request, stream: false },
        { signal: controller.signal },
      );
      stdout.write(`${JSON.stringify(completion, null, 2)}\n`);
      return EXIT_CODES.ok;
    }
    // Started beside the answer, so the cost costs no waiting; its failure only drops the cost.
    const pricing = fetchPricing(client, model);
    const renderer = createRenderer(dependencies);
    const result = await writeAnswer(client, request, renderer, {
      stream: !values['no-stream'],
      signal: controller.signal,
    });
    stderr.write(`${createStyle(stderr, env).dim(formatAfterword(model, result, await pricing))}\n`);
    return EXIT_CODES.ok;
  } catch (error) {
    if (interrupted) {
      stderr.write('Interrupted.\n');
      return EXIT_CODES.interrupted;
    }
    throw error;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

/** Piped text first, then the argument (usually the instruction about it), a blank line between. */
export function combinePrompt(piped: string, argument: string): string {
  const parts = [piped.replace(/\s+$/, ''), argument.trim()].filter((part) => part.trim() !== '');
  return parts.join('\n\n');
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(typeof part === 'string' ? Buffer.from(part) : part);
  return Buffer.concat(parts).toString('utf8');
}

/** `--tools`: inline JSON or a file; OpenAI's tool objects, or bare function definitions. */
export function readTools(value: string): NonNullable<ChatCompletionRequest['tools']> {
  let text = value;
  if (!/^\s*[[{]/.test(value)) {
    try {
      text = readFileSync(value, 'utf8');
    } catch (error) {
      throw new UsageError(`llmux chat: --tools: cannot read ${value}: ${(error as Error).message}`, 'chat');
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`llmux chat: --tools is not JSON: ${(error as Error).message}`, 'chat');
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  return list.map((tool) => {
    if (typeof tool !== 'object' || tool === null) {
      throw new UsageError('llmux chat: --tools must hold tool objects.', 'chat');
    }
    const record = tool as Record<string, unknown>;
    if (record.type === 'function') return record as NonNullable<ChatCompletionRequest['tools']>[number];
    if (typeof record.name !== 'string') {
      throw new UsageError('llmux chat: each tool needs a "name" (or {"type": "function", ...}).', 'chat');
    }
    return { type: 'function', function: record } as NonNullable<ChatCompletionRequest['tools']>[number];
  });
}
