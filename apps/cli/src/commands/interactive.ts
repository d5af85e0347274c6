import { createInterface } from 'node:readline';
import type { LlmuxClient } from '@llmux/client';
import type { ChatCompletionRequest, ChatMessage, ModelPricing } from '@llmux/contract';
import { createRenderer, fetchPricing, formatAfterword, type Terminal, writeAnswer } from '../answer.js';
import { EXIT_CODES, type ExplainedError } from '../errors.js';
import { createStyle } from '../format.js';

export const INTERACTIVE_HELP = `Commands:
  /model [NAME]    show or switch the model (the conversation is kept)
  /system [TEXT]   set the system message (no TEXT: remove it)
  /clear           forget the conversation
  /exit            leave (also Ctrl-D, or Ctrl-C at an empty prompt)
  /help            this list
Ctrl-C while an answer is streaming stops it (and its upstream request) and keeps the conversation.
`;

export interface InteractiveOptions extends Terminal {
  stdin: NodeJS.ReadStream;
  client: LlmuxClient;
  model: string;
  system: string | undefined;
  /** temperature, max tokens, tools: sent with every turn. */
  parameters: Partial<ChatCompletionRequest>;
  stream: boolean;
  explain: (error: unknown) => Promise<ExplainedError>;
}

/** A conversation in the terminal, with history, until /exit, Ctrl-D or Ctrl-C at an empty prompt. */
export async function runInteractive(options: InteractiveOptions): Promise<number> {
  const { stdin, stdout, stderr, env, client } = options;
  const style = createStyle(stdout, env);
  const errorStyle = createStyle(stderr, env);
  let model = options.model;
  let system = options.system;
  let history: ChatMessage[] = [];
  const prices = new Map<string, Promise<ModelPricing | null | undefined>>();
  const pricingFor = (id: string) => {
    let pricing = prices.get(id);
    if (pricing === undefined) {
      pricing = fetchPricing(client, id);
      prices.set(id, pricing);
    }
    return pricing;
  };

  const readline = createInterface({ input: stdin, output: stdout, terminal: true, historySize: 500 });
  let answering: AbortController | undefined;
  let closed = false;
  /** Set when leaving by /exit or Ctrl-C, whose line is already ended; Ctrl-D leaves mid-line. */
  let lineEnded = false;
  readline.on('SIGINT', () => {
    if (answering) {
      answering.abort();
      return;
    }
    if (readline.line.length > 0) {
      // Like a shell: Ctrl-C with text typed drops the text, not the session.
      readline.write(null, { ctrl: true, name: 'e' });
      readline.write(null, { ctrl: true, name: 'u' });
      return;
    }
    stdout.write('\n');
    lineEnded = true;
    readline.close();
  });
  readline.on('close', () => {
    // Ctrl-D leaves the cursor after the prompt: end that line so the shell's prompt starts afresh.
    if (!lineEnded) stdout.write('\n');
    closed = true;
    answering?.abort();
  });

  const showPrompt = () => {
    readline.setPrompt(`${style.dim(model)} › `);
    readline.prompt();
  };
  const note = (text: string) => stderr.write(`${errorStyle.dim(text)}\n`);

  stdout.write(
    `${style.bold('llmux chat')} ${style.dim(`· ${model} · /help for commands · Ctrl-D or /exit to leave`)}\n`,
  );
  showPrompt();
  for await (const line of readline) {
    const text = line.trim();
    if (text === '') {
      showPrompt();
      continue;
    }
    if (text.startsWith('/')) {
      const [command = '', ...rest] = text.slice(1).split(/\s+/);
      const argument = text.slice(1 + command.length).trim();
      if (command === 'exit' || command === 'quit') {
        lineEnded = true;
        break;
      }
      if (command === 'help' || command === '?') stdout.write(INTERACTIVE_HELP);
      else if (command === 'clear') {
        history = [];
        note('Conversation cleared.');
      } else if (command === 'system') {
        system = argument === '' ? undefined : argument;
        note(system === undefined ? 'System message removed.' : 'System message set.');
      } else if (command === 'model') {
        if (rest.length === 0) note(`Model: ${model}`);
        else {
          try {
            const entry = await client.models.retrieve(argument);
            model = entry.id;
            prices.set(model, Promise.resolve(entry.pricing ?? null));
            note(`Model: ${model}`);
          } catch (error) {
            stderr.write(`${errorStyle.red((await options.explain(error)).message)}\n`);
          }
        }
      } else note(`Unknown command /${command}. /help lists the commands.`);
      if (closed) break;
      showPrompt();
      continue;
    }

    history.push({ role: 'user', content: line });
    const messages: ChatMessage[] = system ? [{ role: 'system', content: system }, ...history] : [...history];
    const controller = new AbortController();
    answering = controller;
    const renderer = createRenderer(options);
    const pricing = pricingFor(model);
    try {
      const result = await writeAnswer(client, { model, messages, ...options.parameters }, renderer, {
        stream: options.stream,
        signal: controller.signal,
      });
      if (result.text !== '') history.push({ role: 'assistant', content: result.text });
      else history.pop();
      note(formatAfterword(model, result, await pricing));
    } catch (error) {
      if (controller.signal.aborted) {
        // The part already shown stays in the conversation, as the reader saw it.
        if (renderer.text !== '') history.push({ role: 'assistant', content: renderer.text });
        else history.pop();
        note('[interrupted]');
      } else {
        history.pop();
        stderr.write(`${errorStyle.red((await options.explain(error)).message)}\n`);
      }
    } finally {
      answering = undefined;
    }
    if (closed) break;
    showPrompt();
  }
  readline.close();
  return EXIT_CODES.ok;
}
