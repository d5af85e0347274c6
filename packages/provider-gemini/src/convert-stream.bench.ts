import { bench, describe } from 'vitest';
import { createStreamTranslator } from './convert-stream.js';
import { createContext, readChunksFixture } from './test-support/fixtures.js';

// Translation cost of recorded Gemini streams, per whole stream (JSON.parse of each event included).
// Run: pnpm exec vitest bench --run --project @llmux/provider-gemini
for (const name of [
  'google-text.chunks.txt',
  'google-vertex-stream-tool-call-arguments-nested.1.chunks.txt',
]) {
  const events = readChunksFixture(name);
  describe(`${name} (${events.length} events)`, () => {
    bench('createStreamTranslator: push every event, finish', () => {
      const translator = createStreamTranslator(createContext());
      for (const event of events) translator.push(event);
      translator.finish();
    });
  });
}
