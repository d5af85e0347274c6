import type { SupportField } from '@llmux/provider-kit';

/**
 * Hub parameter names, as the gateway's parameter check and the adapters name them in errors, in Gemini's
 * notation, so a 400 for a translated request names the field the client sent.
 */
const TOP_LEVEL: Readonly<Record<string, string>> = {
  stop: 'generationConfig.stopSequences',
  max_tokens: 'generationConfig.maxOutputTokens',
  max_completion_tokens: 'generationConfig.maxOutputTokens',
  temperature: 'generationConfig.temperature',
  top_p: 'generationConfig.topP',
  top_k: 'generationConfig.topK',
  n: 'generationConfig.candidateCount',
  seed: 'generationConfig.seed',
  presence_penalty: 'generationConfig.presencePenalty',
  frequency_penalty: 'generationConfig.frequencyPenalty',
  logprobs: 'generationConfig.responseLogprobs',
  top_logprobs: 'generationConfig.logprobs',
  reasoning_effort: 'generationConfig.thinkingConfig',
  tool_choice: 'toolConfig.functionCallingConfig',
  parallel_tool_calls: 'toolConfig.functionCallingConfig',
};

/**
 * Which Gemini request field asks for each hub field, for the support matrix's Gemini column. Absent:
 * `user`, `logit_bias`, `parallel_tool_calls` (Gemini has no way to ask for them).
 */
export const geminiHubFields: Readonly<Partial<Record<SupportField, string>>> = {
  messages: '`contents`',
  image_url: '`inlineData` / `fileData`',
  max_tokens: '`generationConfig.maxOutputTokens`',
  temperature: '`generationConfig.temperature`',
  top_p: '`generationConfig.topP`',
  frequency_penalty: '`generationConfig.frequencyPenalty`',
  presence_penalty: '`generationConfig.presencePenalty`',
  stream: '`:streamGenerateContent`',
  stop: '`generationConfig.stopSequences`',
  n: '`generationConfig.candidateCount`',
  'response_format.json_object': '`generationConfig.responseMimeType`',
  'response_format.json_schema': '`generationConfig.responseJsonSchema` / `responseSchema`',
  tools: '`tools.functionDeclarations`',
  tool_choice: '`toolConfig.functionCallingConfig`',
  seed: '`generationConfig.seed`',
  logprobs: '`generationConfig.responseLogprobs`',
  reasoning_effort: '`generationConfig.thinkingConfig`',
};

/**
 * A hub parameter name in Gemini's notation: `stop` → `generationConfig.stopSequences`,
 * `tools[3].function.parameters` → `tools`. The hub's tools are flattened from Gemini's
 * `tools[i].functionDeclarations[j]` and its messages split and shifted (a system message first, function
 * responses apart), so indices are not mapped back. A name with no Gemini counterpart comes back unchanged.
 *
 * @example
 * toGeminiParam('stop'); // 'generationConfig.stopSequences'
 */
export function toGeminiParam(hubParam: string): string {
  const dotted = hubParam.replace(/\[(\d+)\]/g, '.$1');
  const [head = ''] = dotted.split('.');
  if (head === 'messages') return 'contents';
  if (head === 'tools') return 'tools';
  if (head === 'tool_choice') return 'toolConfig.functionCallingConfig';
  if (head === 'response_format') {
    return dotted.includes('json_schema')
      ? 'generationConfig.responseJsonSchema'
      : 'generationConfig.responseMimeType';
  }
  return TOP_LEVEL[head] ?? hubParam;
}
