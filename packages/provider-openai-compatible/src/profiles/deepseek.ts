import { defineProfile } from '../profile.js';

/**
 * DeepSeek (https://api-docs.deepseek.com/api/create-chat-completion). `deepseek-chat` and
 * `deepseek-reasoner` are V3.2 without and with thinking; the client may also send DeepSeek's own
 * `thinking: {type}` switch.
 */
export const deepseekProfile = defineProfile({
  name: 'deepseek',
  displayName: 'DeepSeek',
  defaultBaseUrl: 'https://api.deepseek.com',
  envPrefix: 'DEEPSEEK',
  docs: [
    'https://api-docs.deepseek.com/api/create-chat-completion',
    'https://api-docs.deepseek.com/guides/thinking_mode',
    'https://api-docs.deepseek.com/quick_start/error_codes',
  ],
  passThroughFields: ['thinking'],
  // Thinking mode with tools answers 400 "Missing reasoning_content field in the assistant message" unless
  // every assistant turn that called tools carries its reasoning back (the default 'pass').
  finishReasons: {
    // The answer was cut because DeepSeek ran out of capacity: an overload, worth a retry, not a stop.
    insufficient_system_resource: { error: 'overloaded' },
  },
  errorCodes: {
    // 402 Insufficient Balance, 422 Invalid Parameters (https://api-docs.deepseek.com/quick_start/error_codes);
    // the status alone already says so, codes are named here for readers.
    insufficient_balance: 'quota',
  },
});
