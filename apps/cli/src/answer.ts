import type { LlmuxClient } from '@llmux/client';
import type { ChatCompletionRequest, CompletionUsage, ModelPricing } from '@llmux/contract';
import { createStyle, formatUsageLine } from './format.js';
import { AnswerRenderer } from './render.js';

export interface Terminal {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: Record<string, string | undefined>;
}

/** Reasoning beside the answer on a terminal; on stderr when stdout is a pipe or a file. */
export function createRenderer(terminal: Terminal): AnswerRenderer {
  const { stdout, stderr, env } = terminal;
  const sameStream = stdout.isTTY === true;
  const answerStyle = createStyle(stdout, env);
  return new AnswerRenderer({
    answer: stdout,
    answerStyle,
    reasoning: sameStream ? stdout : stderr,
    reasoningStyle: sameStream ? answerStyle : createStyle(stderr, env),
    sameStream,
  });
}

export interface AnswerResult {
  usage: CompletionUsage | null;
  /** The answer's text (partial when interrupted). */
  text: string;
  /** What the gateway changed about the request (`x-llmux-warnings`), as sentences. */
  notes: string[];
  /** The gateway answered from its simulators (`x-llmux-simulated`). */
  simulated: boolean;
}

function readGatewayHeaders(response: Response): Pick<AnswerResult, 'notes' | 'simulated'> {
  return {
    notes: readGatewayNotes(response.headers.get('x-llmux-warnings')),
    simulated: response.headers.get('x-llmux-simulated') === 'true',
  };
}

/** `x-llmux-warnings`: a JSON array of `{param, action, message}` (apps/gateway README). */
export function readGatewayNotes(header: string | null): string[] {
  if (!header) return [];
  try {
    const warnings = JSON.parse(header) as unknown;
    if (!Array.isArray(warnings)) return [];
    return warnings.map((warning: { param?: unknown; message?: unknown }) =>
      typeof warning.param === 'string' && warning.param !== ''
        ? `${warning.param}: ${String(warning.message)}`
        : String(warning.message),
    );
  } catch {
    return [];
  }
}

/** The dimmed lines after an answer: the gateway's notes, then the usage line. */
export function formatAfterword(
  model: string,
  result: AnswerResult,
  pricing: ModelPricing | null | undefined,
): string {
  const lines = result.notes.map((note) => `note: ${note}`);
  lines.push(formatUsageLine(model, result.usage, pricing) + (result.simulated ? ' · simulated' : ''));
  return lines.join('\n');
}

/**
 * Sends one request and writes the answer as it arrives (or at once with `stream: false`). The
 * `signal` stops the answer and its HTTP request; the iteration then throws an `aborted` LlmuxError.
 */
export async function writeAnswer(
  client: LlmuxClient,
  request: ChatCompletionRequest,
  renderer: AnswerRenderer,
  options: { stream: boolean; signal: AbortSignal },
): Promise<AnswerResult> {
  const { signal } = options;
  try {
    if (!options.stream) {
      const { data: completion, response } = await client.chat.completions
        .create({ ...request, stream: false }, { signal })
        .withResponse();
      renderer.renderCompletion(completion);
      return { usage: completion.usage ?? null, text: renderer.text, ...readGatewayHeaders(response) };
    }
    const stream = await client.chat.completions.create(
      { ...request, stream: true, stream_options: { include_usage: true } },
      { signal },
    );
    const stop = () => stream.abort();
    signal.addEventListener('abort', stop, { once: true });
    let usage: CompletionUsage | null = null;
    try {
      for await (const chunk of stream) {
        renderer.push(chunk);
        if (chunk.usage) usage = chunk.usage;
      }
    } finally {
      signal.removeEventListener('abort', stop);
    }
    return { usage, text: renderer.text, ...readGatewayHeaders(stream.response) };
  } finally {
    renderer.finish();
  }
}

/** The model's prices, or null when it has none, or undefined when they could not be read. */
export function fetchPricing(client: LlmuxClient, model: string): Promise<ModelPricing | null | undefined> {
  return client.models.retrieve(model).then(
    (entry) => entry.pricing ?? null,
    () => undefined,
  );
}
