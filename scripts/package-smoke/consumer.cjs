// CommonJS users: the packages are ESM only, and Node ≥ 20.19 loads them with `require()` too
// (require(esm)); this file checks that claim for every library package.
const assert = require('node:assert/strict');

const expected = {
  '@llmux/contract': 'parseChatRequest',
  '@llmux/sse': 'decodeSse',
  '@llmux/catalog': 'getModel',
  '@llmux/provider-kit': 'callAdapter',
  '@llmux/provider-openai': 'createOpenAIChatAdapter',
  '@llmux/provider-anthropic': 'createAnthropicAdapter',
  '@llmux/provider-gemini': 'createGeminiAdapter',
  '@llmux/provider-openai-compatible': 'createOpenAICompatibleAdapters',
  '@llmux/simulators': 'createSimulator',
  '@llmux/client': 'createClient',
};

for (const [name, exported] of Object.entries(expected)) {
  const loaded = require(name);
  assert.equal(typeof loaded[exported], 'function', `${name} exports ${exported}`);
}
const parsed = require('@llmux/contract').parseChatRequest({
  model: 'gpt-4o',
  messages: [{ role: 'user', content: 'Hi' }],
});
assert.ok(parsed.success);
process.stdout.write(`  ok  require() of ${Object.keys(expected).length} packages\n`);
