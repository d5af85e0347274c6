import { defineProfile } from '../profile.js';

/**
 * MiniMax, OpenAI-compatible mode (https://platform.minimax.io/docs/api-reference/text-openai-api).
 *
 * Reasoning: by default MiniMax-M2.x writes its thinking into `content` as `<think>…</think>`. We send
 * `reasoning_split: true` so the thinking arrives apart, in `reasoning_details[].text`, and hand it to the
 * client as `reasoning_content` like every other vendor; a client's `reasoning_content` goes back as
 * `reasoning_details`, which MiniMax requires on tool-call turns ("the complete model response must be
 * appended to the conversation history"). Streamed `reasoning_details` text is documented as cumulative
 * and observed as incremental (MiniMax-AI/MiniMax-M2 issue #95): the shared stream translator handles both.
 */
export const minimaxProfile = defineProfile({
  name: 'minimax',
  displayName: 'MiniMax',
  defaultBaseUrl: 'https://api.minimax.io/v1',
  envPrefix: 'MINIMAX',
  docs: [
    'https://platform.minimax.io/docs/api-reference/text-openai-api',
    'https://platform.minimax.io/docs/guides/text-m2-function-call',
    'https://platform.minimax.io/docs/api-reference/errorcode',
  ],
  // MiniMax documents max_tokens as deprecated in favour of max_completion_tokens.
  maxTokensField: () => 'max_completion_tokens',
  // Temperature must be in (0, 1]: 0 and values above 1 are errors. 0 asks for greedy decoding and 2 for
  // the most random: moving them to 0.01 and 1 keeps that meaning, so clamp (with a warning), not 400.
  temperatureOutOfRange: 'clamp',
  reasoningContentUpstream: 'reasoning_details',
  // Only "auto" is documented: a named choice answers 400, "none" is honoured by not sending tools.
  namedToolChoice: false,
  toolChoiceNone: 'omit-tools',
  errorCodes: {
    // base_resp.status_code values (https://platform.minimax.io/docs/api-reference/errorcode).
    '1000': 'server',
    '1001': 'timeout',
    '1002': 'rate_limit',
    '1004': 'authentication',
    '1008': 'quota',
    '1013': 'server',
    '1026': 'content_filter',
    '1027': 'content_filter',
    '1039': 'rate_limit',
    '2013': 'invalid_request',
  },
  adjustCapabilities(capabilities) {
    // (0, 1]: a catalog range that starts at 0 would let 0 through to fail upstream.
    const range = capabilities.temperature;
    if (range && range.min <= 0)
      return { ...capabilities, temperature: { min: 0.01, max: Math.min(range.max, 1) } };
    return capabilities;
  },
  adjustRequest(body) {
    body.reasoning_split = true;
  },
});
