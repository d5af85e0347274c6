import { defineProfile } from '../profile.js';

/**
 * xAI Grok (https://docs.x.ai/docs/api-reference#chat-completions). Closest to OpenAI: `user`, `n`,
 * structured outputs all native. Reasoning is chosen by model id (`-reasoning` / `-non-reasoning`);
 * only grok-3-mini takes `reasoning_effort`, which the catalog records.
 */
export const xaiProfile = defineProfile({
  name: 'xai',
  displayName: 'xAI (Grok)',
  defaultBaseUrl: 'https://api.x.ai/v1',
  envPrefix: 'XAI',
  docs: ['https://docs.x.ai/docs/api-reference#chat-completions', 'https://docs.x.ai/docs/guides/reasoning'],
  user: 'pass',
  // Nothing documents sending reasoning back; grok-4 models return none anyway.
  reasoningContentUpstream: 'omit',
  // usage.completion_tokens leaves reasoning out (recorded: 1 completion + 228 reasoning, total 241);
  // OpenAI's completion_tokens includes it.
  completionTokensExcludeReasoning: true,
});
