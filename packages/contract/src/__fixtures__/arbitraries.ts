import fc from 'fast-check';

/**
 * Test-only: chat request bodies for property tests, mostly valid so that both the accepting and the
 * rejecting side of a schema are exercised.
 */

const anyOf = <T>(...values: T[]) => fc.constantFrom(...values);
// Mostly valid values, so that both the accepting and the rejecting side are exercised.
const mostly = <T, U>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<U>) =>
  fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: invalid, weight: 1 });
const part = mostly(
  fc.oneof(
    fc.record({ type: anyOf('text'), text: fc.string() }),
    fc.record({
      type: anyOf('image_url'),
      image_url: fc.record({ url: fc.string(), detail: anyOf('low', 'high') }, { requiredKeys: ['url'] }),
    }),
    fc.record({
      type: anyOf('input_audio'),
      input_audio: fc.record({ data: fc.base64String(), format: anyOf('wav', 'mp3') }),
    }),
    fc.record({
      type: anyOf('file'),
      file: fc.record({ file_id: fc.string(), filename: fc.string() }, { requiredKeys: [] }),
    }),
  ),
  fc.oneof(
    fc.record({ type: anyOf('text'), text: fc.integer() }),
    fc.record({ type: anyOf('video'), video: fc.string() }),
    fc.record({
      type: anyOf('input_audio'),
      input_audio: fc.record({ data: fc.string(), format: anyOf('ogg') }),
    }),
    fc.jsonValue({ maxDepth: 2 }),
  ),
);
const toolCall = fc.record({
  id: fc.string(),
  type: mostly(anyOf('function'), anyOf('custom')),
  function: fc.record({ name: fc.string(), arguments: mostly(fc.json(), fc.object({ maxDepth: 1 })) }),
});
const message = mostly(
  fc.oneof(
    fc.record({
      role: anyOf('system', 'developer'),
      content: fc.oneof(fc.string(), fc.array(fc.record({ type: anyOf('text'), text: fc.string() }))),
    }),
    fc.record(
      {
        role: anyOf('user'),
        content: fc.oneof(fc.string(), fc.array(part, { maxLength: 3 })),
        name: fc.string(),
      },
      { requiredKeys: ['role', 'content'] },
    ),
    fc.record(
      {
        role: anyOf('assistant'),
        content: fc.oneof(fc.constant(null), fc.string()),
        reasoning_content: fc.string(),
        tool_calls: fc.array(toolCall, { maxLength: 2 }),
        signature: fc.jsonValue({ maxDepth: 2 }),
      },
      { requiredKeys: ['role'] },
    ),
    fc.record({ role: anyOf('tool'), content: fc.string(), tool_call_id: fc.string() }),
  ),
  fc.oneof(
    fc.record({ role: anyOf('robot', 'function'), content: fc.string() }),
    fc.record({ role: anyOf('tool'), content: fc.string() }),
    fc.record({ role: anyOf('user'), content: fc.integer() }),
    fc.jsonValue({ maxDepth: 2 }),
  ),
);
const ranged = (min: number, max: number, integer = false) =>
  mostly(
    integer ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true }),
    fc.oneof(
      fc.double({ min: max, max: max * 4 + 10, noNaN: true, minExcluded: true }),
      fc.string(),
      fc.constant(integer ? 1.5 : true),
    ),
  );
const nullable = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary, weight: 5 }, { arbitrary: fc.constant(null), weight: 1 });
export const requestArbitrary = fc.record(
  {
    model: mostly(fc.string({ minLength: 1 }), fc.oneof(fc.constant(''), fc.integer())),
    messages: mostly(fc.array(message, { minLength: 1, maxLength: 3 }), fc.constant([])),
    temperature: nullable(ranged(0, 2)),
    top_p: nullable(ranged(0, 1)),
    presence_penalty: ranged(-2, 2),
    n: nullable(ranged(1, 8, true)),
    max_tokens: nullable(ranged(1, 100_000, true)),
    stream: mostly(fc.boolean(), fc.constant('true')),
    stop: mostly(
      fc.oneof(fc.string(), fc.array(fc.string(), { minLength: 1, maxLength: 4 })),
      fc.oneof(fc.constant([]), fc.array(fc.string(), { minLength: 5, maxLength: 6 }), fc.integer()),
    ),
    tool_choice: mostly(
      fc.oneof(
        anyOf('none', 'auto', 'required'),
        fc.record({ type: anyOf('function'), function: fc.record({ name: fc.string() }) }),
      ),
      fc.oneof(anyOf('<string>', 'any'), fc.record({ type: anyOf('function') })),
    ),
    tools: fc.array(
      fc.record({
        type: anyOf('function'),
        function: fc.record(
          {
            name: mostly(fc.stringMatching(/^[a-zA-Z0-9_-]{1,64}$/), fc.string()),
            description: fc.string(),
            parameters: mostly(fc.object({ maxDepth: 1 }), fc.string()),
            strict: fc.oneof(fc.boolean(), fc.constant(null)),
          },
          { requiredKeys: ['name'] },
        ),
      }),
      { maxLength: 2 },
    ),
    response_format: mostly(
      fc.oneof(
        fc.record({ type: anyOf('text', 'json_object') }),
        fc.record({
          type: anyOf('json_schema'),
          json_schema: fc.record(
            {
              name: fc.stringMatching(/^[a-zA-Z0-9_-]{1,64}$/),
              schema: fc.object({ maxDepth: 1 }),
              strict: fc.boolean(),
            },
            { requiredKeys: ['name'] },
          ),
        }),
      ),
      fc.record({ type: anyOf('xml', 'json_schema') }),
    ),
    logit_bias: fc.dictionary(fc.string(), ranged(-100, 100, true)),
    metadata: fc.dictionary(fc.string(), mostly(fc.string(), fc.integer())),
    vendor_extra: fc.jsonValue({ maxDepth: 2 }),
  },
  { requiredKeys: ['model', 'messages'] },
);
