/**
 * The script every fake protocol follows to drive one agent turn, kept apart from the wire formats so
 * the three fakes decide alike: a request that offers the agent's shell tool and carries no tool result
 * yet gets reasoning and a call to that tool; a request that carries a tool result gets the final answer; anything
 * else (the side requests agents make: titles, next-speaker checks, …) gets a short plain answer.
 */

/** The command the fake asks the agent to run, and the line its output must contain. */
export const AGENT_COMMAND = 'echo llmux-agent-ok';
export const AGENT_MARKER = 'llmux-agent-ok';
/** The final answer the fake gives once the tool result came back; the agent prints it. */
export const AGENT_FINAL_TEXT = 'done';
/** The answer to requests that are not part of the scripted turn. */
export const AGENT_SIDE_TEXT = 'ok';
/**
 * The reasoning that comes with the tool call, and its opaque token (Anthropic's thinking `signature`,
 * Responses' `encrypted_content`, Gemini's `thoughtSignature`): the recordings then show how each agent
 * gives reasoning back on the next request.
 */
export const AGENT_REASONING = 'The user asked for one shell command; run it.';
export const AGENT_REASONING_TOKEN = 'llmux-fake-reasoning-token';

export const AGENT_PROMPT = `Run the shell command \`${AGENT_COMMAND}\` and then reply done`;

export type TurnStep =
  | { kind: 'tool-call'; toolName: string; arguments: Record<string, unknown> }
  | { kind: 'final'; toolOutput: string }
  | { kind: 'side' };

/** The name each agent gives its shell tool, most likely first (recorded from the agents). */
const SHELL_TOOL_NAMES = ['Bash', 'exec_command', 'shell', 'local_shell', 'run_shell_command'];

/** The shell tool among `toolNames`, or undefined when the request offers none. */
export function findShellTool(toolNames: readonly string[]): string | undefined {
  return SHELL_TOOL_NAMES.find((name) => toolNames.includes(name));
}

/**
 * Arguments for the shell tool, fitted to its JSON Schema: Codex's `exec_command` takes `cmd`, its older
 * `shell` tool an argv array under `command`, Claude Code's `Bash` and gemini-cli's
 * `run_shell_command` a string `command`.
 */
export function buildShellArguments(schema: unknown): Record<string, unknown> {
  const properties = readProperties(schema);
  if ('cmd' in properties) return { cmd: AGENT_COMMAND };
  const command = properties.command as { type?: unknown } | undefined;
  const type = typeof command?.type === 'string' ? command.type.toLowerCase() : undefined;
  if (type === 'array') return { command: ['bash', '-lc', AGENT_COMMAND] };
  const args: Record<string, unknown> = { command: AGENT_COMMAND };
  // Claude Code's Bash and gemini-cli's shell tool both take an optional description; giving one keeps
  // the call looking like a model's.
  if ('description' in properties) args.description = 'Print the llmux marker';
  return args;
}

function readProperties(schema: unknown): Record<string, unknown> {
  if (schema && typeof schema === 'object' && 'properties' in schema) {
    const properties = (schema as { properties: unknown }).properties;
    if (properties && typeof properties === 'object') return properties as Record<string, unknown>;
  }
  return {};
}

/**
 * True when some line of the tool output is the command's output. The output an agent gives back may
 * quote the command (`Command: echo llmux-agent-ok`), so a line that contains `echo` does not count.
 */
export function toolOutputShowsMarker(output: string): boolean {
  return output
    .split(/\r?\n/)
    .some((line) => line.trim().endsWith(AGENT_MARKER) && !line.includes(`echo ${AGENT_MARKER}`));
}

/** Every string inside a JSON value, joined by newlines: tool results come as strings, blocks or objects. */
export function collectStrings(value: unknown): string {
  const parts: string[] = [];
  const visit = (item: unknown): void => {
    if (typeof item === 'string') parts.push(item);
    else if (Array.isArray(item)) item.forEach(visit);
    else if (item && typeof item === 'object') Object.values(item).forEach(visit);
  };
  visit(value);
  return parts.join('\n');
}

/**
 * The tool results in a request body of any of the four protocols: Anthropic `tool_result` blocks,
 * Responses `function_call_output` items, Gemini `functionResponse` parts, Chat Completions `tool`
 * messages (what the gateway sends an OpenAI-compatible upstream) — their text, joined.
 */
export function collectToolResults(body: unknown): string {
  const results: string[] = [];
  const visit = (item: unknown): void => {
    if (Array.isArray(item)) item.forEach(visit);
    else if (item && typeof item === 'object') {
      const record = item as Record<string, unknown>;
      if (record.type === 'tool_result' || record.type === 'function_call_output' || record.role === 'tool') {
        results.push(collectStrings(record.content ?? record.output));
      } else if ('functionResponse' in record) {
        results.push(collectStrings(record.functionResponse));
      } else Object.values(record).forEach(visit);
    }
  };
  visit(body);
  return results.join('\n');
}
