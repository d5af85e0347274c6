// Cost of validating one chat request with parseChatRequest, per call, on a realistic ~1.6 KB body.
// Run with `pnpm --filter @llmux/contract bench` (builds dist/ first). Not a test: numbers vary by machine;
// compare runs taken side by side.
import { z } from 'zod';
import { chatCompletionRequestSchema, parseChatRequest } from '../dist/index.js';

const request = {
  model: 'claude-sonnet-4-6',
  messages: [
    {
      role: 'system',
      content: 'You are a concise assistant for a travel agency. Answer in two sentences at most.',
    },
    { role: 'user', content: 'What is the weather like in Paris and Lyon today? I need to pack for a trip.' },
    {
      role: 'assistant',
      content: null,
      tool_calls: [
        {
          id: 'call_1',
          type: 'function',
          function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
        },
        {
          id: 'call_2',
          type: 'function',
          function: { name: 'get_weather', arguments: '{"city":"Lyon","unit":"celsius"}' },
        },
      ],
    },
    {
      role: 'tool',
      tool_call_id: 'call_1',
      content: '{"temperature":14,"condition":"light rain","wind_kph":18}',
    },
    { role: 'tool', tool_call_id: 'call_2', content: '{"temperature":17,"condition":"cloudy","wind_kph":9}' },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'Thanks. And is this jacket warm enough?' },
        { type: 'image_url', image_url: { url: 'https://example.com/jacket.jpg', detail: 'low' } },
      ],
    },
  ],
  tools: [
    {
      type: 'function',
      function: {
        name: 'get_weather',
        description: 'Get the current weather for a city.',
        parameters: {
          type: 'object',
          properties: {
            city: { type: 'string', description: 'City name, e.g. Paris' },
            unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
          },
          required: ['city'],
          additionalProperties: false,
        },
        strict: true,
      },
    },
  ],
  tool_choice: 'auto',
  temperature: 0.7,
  top_p: 0.9,
  max_tokens: 512,
  stream: true,
  stream_options: { include_usage: true },
  stop: ['\n\nUser:'],
  user: 'user-1234',
  metadata: { team: 'travel', feature: 'packing-assistant' },
};
const invalid = { ...request, temperature: 2.5 };
// A body built to be expensive to reject: 20,000 messages, each with two bad fields (~740 KB).
const manyBad = {
  model: 'm',
  messages: Array.from({ length: 20_000 }, () => ({ role: 'user', content: 5, name: 7 })),
};

// A reference point, because this machine's absolute speed swings ±2.5× between runs: the leanest zod
// schema that checks the same fields (plain z.object, optional only, nothing kept beyond the known
// fields). Compare our numbers with it, taken in the same run.
const opt = (schema) => schema.optional();
const textPart = z.object({ type: z.literal('text'), text: z.string() });
const imagePart = z.object({
  type: z.literal('image_url'),
  image_url: z.object({ url: z.string(), detail: opt(z.enum(['auto', 'low', 'high'])) }),
});
const toolCall = z.object({
  id: z.string(),
  type: z.literal('function'),
  function: z.object({ name: z.string(), arguments: z.string() }),
});
const referenceSchema = z.object({
  model: z.string().min(1),
  messages: z
    .array(
      z.discriminatedUnion('role', [
        z.object({ role: z.literal('system'), content: z.string() }),
        z.object({
          role: z.literal('user'),
          content: z.union([z.string(), z.array(z.discriminatedUnion('type', [textPart, imagePart]))]),
        }),
        z.object({
          role: z.literal('assistant'),
          content: z.string().nullable(),
          tool_calls: opt(z.array(toolCall)),
        }),
        z.object({ role: z.literal('tool'), content: z.string(), tool_call_id: z.string() }),
      ]),
    )
    .min(1),
  tools: opt(
    z.array(
      z.object({
        type: z.literal('function'),
        function: z.object({
          name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
          description: opt(z.string()),
          parameters: opt(z.record(z.string(), z.unknown())),
          strict: opt(z.boolean()),
        }),
      }),
    ),
  ),
  tool_choice: opt(z.enum(['none', 'auto', 'required'])),
  temperature: opt(z.number().min(0).max(2)),
  top_p: opt(z.number().min(0).max(1)),
  max_tokens: opt(z.int().min(1)),
  stream: opt(z.boolean()),
  stream_options: opt(z.object({ include_usage: opt(z.boolean()) })),
  stop: opt(z.union([z.string(), z.array(z.string()).min(1).max(4)])),
  user: opt(z.string()),
  metadata: opt(z.record(z.string(), z.string())),
});
if (!referenceSchema.safeParse(request).success)
  throw new Error('the reference schema must accept the request');

const ROUNDS = 7;
const cases = [
  ['parseChatRequest, valid', () => parseChatRequest(request), 50_000],
  [
    'chatCompletionRequestSchema.safeParse, valid',
    () => chatCompletionRequestSchema.safeParse(request),
    50_000,
  ],
  ['reference: plain z.object of the same fields', () => referenceSchema.safeParse(request), 50_000],
  ['parseChatRequest, invalid (temperature 2.5)', () => parseChatRequest(invalid), 10_000],
  ['parseChatRequest, invalid (20,000 bad messages)', () => parseChatRequest(manyBad), 20],
  ['JSON.parse + parseChatRequest, valid', () => parseChatRequest(JSON.parse(text)), 20_000],
];
const text = JSON.stringify(request);

function timePerCall(run, iterations) {
  for (let i = 0; i < iterations / 10; i++) run(); // warm-up, lets the JIT settle
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) run();
  return Number(process.hrtime.bigint() - start) / 1000 / iterations;
}

console.log(
  `request body: ${Buffer.byteLength(text)} bytes, Node ${process.version}, ${ROUNDS} rounds (µs per call)`,
);
const samples = new Map(cases.map(([name]) => [name, []]));
// Rounds interleave the cases so that a burst of load from other processes hits them all alike.
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, run, iterations] of cases) samples.get(name).push(timePerCall(run, iterations));
}
for (const [name, times] of samples) {
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(
    `${name.padEnd(48)} min ${times[0].toFixed(2).padStart(6)}   median ${median.toFixed(2).padStart(6)}`,
  );
}
