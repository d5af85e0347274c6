import { describe, expect, it } from 'vitest';
import { toAnthropicParam } from './to-anthropic-param.js';

describe('toAnthropicParam', () => {
  it.each([
    ['stop', 'stop_sequences'],
    ['max_tokens', 'max_tokens'],
    ['max_completion_tokens', 'max_tokens'],
    ['tools.3.function.parameters', 'tools.3.input_schema'],
    ['tools[3].function.parameters', 'tools.3.input_schema'],
    ['tools.3.function.parameters.properties.city', 'tools.3.input_schema.properties.city'],
    ['tools.0.function.name', 'tools.0.name'],
    ['tools.2', 'tools.2'],
    ['tools', 'tools'],
    ['tool_choice', 'tool_choice'],
    ['tool_choice.function.name', 'tool_choice.name'],
    ['parallel_tool_calls', 'tool_choice.disable_parallel_tool_use'],
    ['reasoning_effort', 'thinking'],
    ['user', 'metadata.user_id'],
    ['response_format', 'output_config.format'],
    ['response_format.json_schema.schema', 'output_config.format'],
    ['messages[2].content[1]', 'messages'],
    ['messages', 'messages'],
    ['temperature', 'temperature'],
    ['top_k', 'top_k'],
    ['frequency_penalty', 'frequency_penalty'],
  ])('%s → %s', (hub, anthropic) => {
    expect(toAnthropicParam(hub)).toBe(anthropic);
  });
});
