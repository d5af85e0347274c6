import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { geminiGenerateContentResponseSchema } from './gemini-api.js';
import { readStreamChunk } from './read-stream-chunk.js';
import { readChunksFixture } from './test-support/fixtures.js';

const RECORDINGS = [
  'google-text.chunks.txt',
  'google-reasoning-gemini3.chunks.txt',
  'google-tool-call-gemini3.chunks.txt',
  'google-stream-no-args-tool-call.chunks.txt',
  'google-vertex-stream-tool-call-arguments-nested.1.chunks.txt',
];

/** Either a value of the field's real type or anything at all: half the generated chunks are broken somewhere. */
const field = <T>(valid: fc.Arbitrary<T>) => fc.oneof(valid, fc.constant(null), fc.anything());
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

const partialArg = fc.record(
  {
    jsonPath: field(fc.constantFrom('$.a', '$.b[0]')),
    stringValue: field(fc.string()),
    numberValue: field(fc.double()),
    boolValue: field(fc.boolean()),
    willContinue: field(fc.boolean()),
  },
  { requiredKeys: [] },
);
const part = fc.record(
  {
    text: field(fc.string()),
    thought: field(fc.boolean()),
    thoughtSignature: field(fc.base64String()),
    inlineData: field(
      fc.record({ mimeType: field(fc.constant('image/png')), data: field(fc.base64String()) }),
    ),
    functionCall: field(
      fc.record(
        {
          id: field(fc.string()),
          name: field(fc.string()),
          args: field(fc.dictionary(fc.string(), fc.anything())),
          willContinue: field(fc.boolean()),
          partialArgs: field(fc.array(field(partialArg), { maxLength: 2 })),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: [] },
);
const candidate = fc.record(
  {
    content: field(
      fc.record(
        { role: field(fc.constant('model')), parts: field(fc.array(field(part), { maxLength: 3 })) },
        { requiredKeys: [] },
      ),
    ),
    finishReason: field(fc.constantFrom('STOP', 'MAX_TOKENS')),
    finishMessage: field(fc.string()),
    index: field(fc.nat(3)),
  },
  { requiredKeys: [] },
);
const chunk = fc.record(
  {
    candidates: field(fc.array(field(candidate), { maxLength: 2 })),
    usageMetadata: field(
      fc.record(
        {
          promptTokenCount: field(fc.nat()),
          candidatesTokenCount: field(fc.nat()),
          thoughtsTokenCount: field(fc.nat()),
        },
        { requiredKeys: [] },
      ),
    ),
    promptFeedback: field(fc.record({ blockReason: field(fc.constant('SAFETY')) }, { requiredKeys: [] })),
    modelVersion: maybe(field(fc.string())),
    responseId: maybe(field(fc.string())),
  },
  { requiredKeys: [] },
);

describe('readStreamChunk', () => {
  it('accepts every recorded chunk, as the zod schema does', () => {
    for (const name of RECORDINGS)
      for (const event of readChunksFixture(name)) {
        const value = JSON.parse(event.data);
        expect(readStreamChunk(value)).toBe(value);
        expect(geminiGenerateContentResponseSchema.safeParse(value).success).toBe(true);
      }
  });

  it('accepts and refuses exactly what the zod schema accepts and refuses', () => {
    const seen = { accepted: 0, refused: 0 };
    fc.assert(
      fc.property(chunk, (value) => {
        const byHand = typeof readStreamChunk(value) !== 'string';
        expect(byHand).toBe(geminiGenerateContentResponseSchema.safeParse(value).success);
        seen[byHand ? 'accepted' : 'refused']++;
      }),
      { numRuns: 2000 },
    );
    // Both sides of the comparison were exercised, not only one.
    expect(seen.accepted).toBeGreaterThan(50);
    expect(seen.refused).toBeGreaterThan(50);
  });

  it('names the field that is wrong', () => {
    expect(readStreamChunk({ candidates: [{ content: { parts: [{ text: 3 }] } }] })).toBe(
      'candidates[0]: content.parts[0]: text is not a string',
    );
    expect(readStreamChunk([])).toBe('the chunk is not an object');
  });
});
