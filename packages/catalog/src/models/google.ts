import type { Capabilities, CatalogEntryInput } from '../schema.js';

const MODELS_PAGE = 'https://ai.google.dev/gemini-api/docs/models';
// Cross-checked against models.dev (anomalyco/models.dev providers/google/models/<id>.toml).
const MODELS_DEV = (id: string) => `${MODELS_PAGE}; models.dev providers/google/models/${id}.toml`;
const PRICING = 'https://ai.google.dev/gemini-api/docs/pricing';
const DEPRECATIONS = 'https://ai.google.dev/gemini-api/docs/deprecations';
// generationConfig mapping and the penalty/candidateCount quirks: vercel/ai packages/google, Portkey
// src/providers/google, BerriAI/litellm#16907 (providers.md §4).
const CAPABILITY_SOURCE =
  'https://ai.google.dev/api/generate-content; vercel/ai packages/google (providers.md §4)';

const GEMINI: Capabilities = {
  tools: true,
  vision: true,
  // responseMimeType application/json / responseSchema.
  jsonMode: true,
  jsonSchema: true,
  reasoning: true,
  // candidateCount: 1-8 on Gemini 2.x; Gemini 3.x answers 400 "Multiple candidates is not enabled for this
  // model" (googleapis/js-genai#1609), so the 3.x presets below turn it off.
  nativeN: true,
  // 2.5 and 3.x answer 400 "Penalty is not enabled for models/…".
  penalties: false,
  stop: true,
  seed: true,
  logprobs: false,
  logitBias: false,
  temperature: { min: 0, max: 2 },
  topP: true,
  // Gemini may return several calls but has no switch to forbid it.
  parallelToolCalls: false,
  // mode ANY (+ allowedFunctionNames for a named function).
  toolChoiceRequired: true,
  // 2.5 takes thinkingBudget, which the adapter derives from the effort level.
  reasoningEffort: ['low', 'medium', 'high'],
  streamUsage: true,
};

function geminiModel(
  entry: Omit<CatalogEntryInput, 'vendor' | 'protocol' | 'owned_by' | 'endpoints' | 'sources'> & {
    sources?: CatalogEntryInput['sources'];
  },
): CatalogEntryInput {
  return {
    ...entry,
    vendor: 'google',
    protocol: 'gemini',
    owned_by: 'google',
    endpoints: [{ provider: 'gemini', upstreamModel: entry.id, protocol: 'gemini' }],
    sources: {
      endpoints: MODELS_PAGE,
      contextWindow: MODELS_DEV(entry.id),
      maxOutputTokens: MODELS_DEV(entry.id),
      pricing: `${PRICING}; models.dev providers/google/models/${entry.id}.toml`,
      capabilities: `${CAPABILITY_SOURCE}; candidateCount: googleapis/js-genai#1609, router-for-me/CLIProxyAPI#879`,
      ...entry.sources,
    },
    unconfirmed: entry.unconfirmed ?? [],
  };
}

// Gemini 3 uses thinkingLevel; Pro cannot go below low, Flash can go down to minimal (providers.md §4).
const GEMINI_3_PRO: Capabilities = { ...GEMINI, nativeN: false, reasoningEffort: ['low', 'high'] };
const GEMINI_3_FLASH: Capabilities = {
  ...GEMINI,
  nativeN: false,
  reasoningEffort: ['minimal', 'low', 'medium', 'high'],
};

export const googleModels: CatalogEntryInput[] = [
  geminiModel({
    id: 'gemini-3.1-pro-preview',
    displayName: 'Gemini 3.1 Pro (preview)',
    aliases: ['gemini-3-1-pro-preview'],
    status: 'preview',
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    capabilities: GEMINI_3_PRO,
    pricing: {
      input: 2,
      output: 12,
      cachedInput: 0.2,
      tiers: [{ aboveInputTokens: 200_000, input: 4, output: 18, cachedInput: 0.4 }],
    },
  }),
  geminiModel({
    id: 'gemini-3.1-flash-image-preview',
    replacement: 'gemini-3.1-flash-image',
    status: 'retired',
    shutdownDate: '2026-06-25',
    displayName: 'Gemini 3.1 Flash Image (preview, "Nano Banana 2")',
    aliases: ['gemini-3-1-flash-image-preview'],
    contextWindow: 65_536,
    maxOutputTokens: 65_536,
    // An image-output model: needs responseModalities [TEXT, IMAGE] and has no function calling.
    capabilities: {
      ...GEMINI_3_FLASH,
      tools: false,
      toolChoiceRequired: false,
      parallelToolCalls: false,
      jsonSchema: false,
    },
    // Output is billed at the image-output rate: answers are mostly images, and the lower text-output rate would
    // under-bill them.
    pricing: { input: 0.5, output: 60 },
    sources: {
      status: `${DEPRECATIONS} (replacement gemini-3.1-flash-image); models.dev (retirement_date)`,
    },
    unconfirmed: ['capabilities.jsonSchema', 'capabilities.reasoningEffort'],
    notes: 'Text-only output bills lower upstream than the image-output rate recorded here.',
  }),
  geminiModel({
    id: 'gemini-3-pro-preview',
    replacement: 'gemini-3.1-pro-preview',
    status: 'retired',
    shutdownDate: '2026-03-09',
    displayName: 'Gemini 3 Pro (preview)',
    aliases: ['gemini-3.0-pro-preview'],
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    capabilities: GEMINI_3_PRO,
    pricing: {
      input: 2,
      output: 12,
      cachedInput: 0.2,
      tiers: [{ aboveInputTokens: 200_000, input: 4, output: 18, cachedInput: 0.4 }],
    },
    sources: { status: `${DEPRECATIONS} (replacement gemini-3.1-pro-preview)` },
  }),
  geminiModel({
    id: 'gemini-3-flash-preview',
    displayName: 'Gemini 3 Flash (preview)',
    aliases: ['gemini-3.0-flash-preview'],
    status: 'preview',
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    capabilities: GEMINI_3_FLASH,
    pricing: { input: 0.5, output: 3, cachedInput: 0.05 },
  }),
  geminiModel({
    id: 'gemini-2.5-pro',
    status: 'deprecated',
    displayName: 'Gemini 2.5 Pro',
    aliases: ['gemini-2-5-pro'],
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    capabilities: GEMINI,
    pricing: {
      input: 1.25,
      output: 10,
      cachedInput: 0.125,
      tiers: [{ aboveInputTokens: 200_000, input: 2.5, output: 15, cachedInput: 0.25 }],
    },
    sources: { status: `${DEPRECATIONS} (earliest shutdown 2026-06-17)` },
    notes: 'Google lists 2026-06-17 as the earliest shutdown date and announces the exact date separately.',
  }),
  geminiModel({
    id: 'gemini-2.5-flash',
    status: 'deprecated',
    displayName: 'Gemini 2.5 Flash',
    aliases: ['gemini-2-5-flash'],
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    capabilities: GEMINI,
    pricing: { input: 0.3, output: 2.5, cachedInput: 0.03 },
    sources: { status: `${DEPRECATIONS} (earliest shutdown 2026-06-17)` },
    notes: 'Google lists 2026-06-17 as the earliest shutdown date and announces the exact date separately.',
  }),
  geminiModel({
    id: 'gemini-2.0-flash',
    replacement: 'gemini-2.5-flash',
    status: 'retired',
    shutdownDate: '2026-06-01',
    displayName: 'Gemini 2.0 Flash',
    aliases: ['gemini-2-0-flash', 'gemini-2.0-flash-001'],
    sources: { status: `${DEPRECATIONS}; models.dev gemini-2.0-flash.toml (retirement_date)` },
    contextWindow: 1_048_576,
    maxOutputTokens: 8_192,
    // The only listed Gemini that takes frequency/presence penalties; no thinking.
    capabilities: { ...GEMINI, reasoning: false, reasoningEffort: null, penalties: true },
    pricing: { input: 0.1, output: 0.4, cachedInput: 0.025 },
  }),
];
