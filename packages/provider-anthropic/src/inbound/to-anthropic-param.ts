/**
 * Hub parameter names, as the gateway's parameter check and the adapters name them in errors, in Anthropic's
 * notation, so a 400 for a translated request names the field the client sent.
 */
const TOP_LEVEL: Readonly<Record<string, string>> = {
  stop: 'stop_sequences',
  max_tokens: 'max_tokens',
  max_completion_tokens: 'max_tokens',
  tool_choice: 'tool_choice',
  parallel_tool_calls: 'tool_choice.disable_parallel_tool_use',
  reasoning_effort: 'thinking',
  user: 'metadata.user_id',
  response_format: 'output_config.format',
  stream_options: 'stream',
};

const TOOL_FIELDS: Readonly<Record<string, string>> = {
  parameters: 'input_schema',
  name: 'name',
  description: 'description',
  strict: 'strict',
};

/**
 * A hub parameter name in Anthropic's notation: `stop` → `stop_sequences`, `tools[3].function.parameters` →
 * `tools.3.input_schema`. A message index is not mapped back (the hub's messages are the client's split and
 * shifted: a system message first, tool results apart), so any message field is named `messages`. A name with
 * no Anthropic counterpart comes back unchanged.
 *
 * @example
 * toAnthropicParam('tools.3.function.parameters'); // 'tools.3.input_schema'
 */
export function toAnthropicParam(hubParam: string): string {
  const dotted = hubParam.replace(/\[(\d+)\]/g, '.$1');
  const [head = '', ...rest] = dotted.split('.');
  if (head === 'messages') return 'messages';
  if (head === 'tools') {
    const [index, functionKey, field] = rest;
    if (index === undefined || !/^\d+$/.test(index)) return 'tools';
    if (functionKey !== 'function' || field === undefined) return `tools.${index}`;
    const mapped = TOOL_FIELDS[field];
    return mapped === undefined ? `tools.${index}` : [`tools.${index}.${mapped}`, ...rest.slice(3)].join('.');
  }
  if (head === 'tool_choice') return rest.at(-1) === 'name' ? 'tool_choice.name' : 'tool_choice';
  if (head === 'response_format') return 'output_config.format';
  const mapped = TOP_LEVEL[head];
  return mapped === undefined ? dotted : mapped;
}
