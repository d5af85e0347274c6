import { describe, expect, it } from 'vitest';
import {
  AGENT_COMMAND,
  buildShellArguments,
  collectToolResults,
  findShellTool,
  toolOutputShowsMarker,
} from './agent-turn.js';

describe('the scripted agent turn', () => {
  it.each([
    [['Agent', 'Bash', 'Edit'], 'Bash'],
    [['write_stdin', 'exec_command'], 'exec_command'],
    [['read_file', 'run_shell_command'], 'run_shell_command'],
    [['Read'], undefined],
  ])('finds the shell tool among %j', (names, expected) => {
    expect(findShellTool(names)).toBe(expected);
  });

  it.each([
    ['Codex exec_command', { properties: { cmd: { type: 'string' } } }, { cmd: AGENT_COMMAND }],
    [
      'an argv shell tool',
      { properties: { command: { type: 'array' } } },
      { command: ['bash', '-lc', AGENT_COMMAND] },
    ],
    [
      'Claude Code Bash',
      { properties: { command: { type: 'string' }, description: { type: 'string' } } },
      { command: AGENT_COMMAND, description: 'Print the llmux marker' },
    ],
    [
      'a Gemini upper-case schema',
      { properties: { command: { type: 'STRING' } } },
      { command: AGENT_COMMAND },
    ],
  ])('fits the arguments to %s', (_name, schema, expected) => {
    expect(buildShellArguments(schema)).toEqual(expected);
  });

  it.each([
    ['llmux-agent-ok\n', true],
    ['Output: llmux-agent-ok\nProcess Group PGID: 1', true],
    ['Command: echo llmux-agent-ok\nOutput: (empty)', false],
    ['echo llmux-agent-ok', false],
  ])('reads the marker in %j', (output, expected) => {
    expect(toolOutputShowsMarker(output)).toBe(expected);
  });

  it('collects tool results of all four protocols, and not the prompt', () => {
    const prompt = { role: 'user', content: `run ${AGENT_COMMAND}` };
    expect(
      collectToolResults({
        messages: [prompt, { role: 'user', content: [{ type: 'tool_result', content: 'from-anthropic' }] }],
      }),
    ).toBe('from-anthropic');
    expect(
      collectToolResults({ input: [prompt, { type: 'function_call_output', output: 'from-codex' }] }),
    ).toBe('from-codex');
    expect(
      collectToolResults({
        contents: [
          {
            parts: [{ functionResponse: { name: 'run_shell_command', response: { output: 'from-gemini' } } }],
          },
        ],
      }),
    ).toContain('from-gemini');
    expect(
      collectToolResults({
        messages: [
          prompt,
          { role: 'assistant', content: null, tool_calls: [{ id: 'c1', function: { arguments: '{}' } }] },
          { role: 'tool', tool_call_id: 'c1', content: 'from-chat' },
        ],
      }),
    ).toBe('from-chat');
  });
});
