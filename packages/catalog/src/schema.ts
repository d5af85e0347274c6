import { z } from 'zod';

/** The endpoint/credential families: each matches one `<PREFIX>_API_KEY` / `<PREFIX>_BASE_URL` pair. */
export const PROVIDER_IDS = [
  'anthropic',
  'openai',
  'gemini',
  'deepseek',
  'xai',
  'moonshot',
  'dashscope',
  'ark',
  'minimax',
  'zhipu',
] as const;
export const providerIdSchema = z.enum(PROVIDER_IDS);
export type ProviderId = z.infer<typeof providerIdSchema>;

/** The model makers (not the endpoints that serve them: Ark serves DeepSeek, GLM and Kimi models too). */
export const VENDOR_IDS = [
  'anthropic',
  'openai',
  'google',
  'deepseek',
  'alibaba',
  'bytedance',
  'minimax',
  'moonshot',
  'xai',
  'zhipu',
] as const;
export const vendorIdSchema = z.enum(VENDOR_IDS);
export type VendorId = z.infer<typeof vendorIdSchema>;

export const WIRE_PROTOCOLS = ['anthropic-messages', 'openai-chat', 'openai-responses', 'gemini'] as const;
export const wireProtocolSchema = z.enum(WIRE_PROTOCOLS);
export type WireProtocol = z.infer<typeof wireProtocolSchema>;

/**
 * Vendor extras an adapter applies on top of the caller's request for this endpoint. Known keys are typed;
 * anything else passes through so an operator can add a vendor field without a schema change.
 */
const endpointOptionsSchema = z
  .object({
    /** Forced reasoning effort (gateway aliases such as gpt-5-codex-high). */
    reasoningEffort: z.string().min(1).optional(),
    /** Forced thinking switch for vendors that take `thinking: { type }` (DeepSeek, Ark, Moonshot, Zhipu). */
    thinking: z.enum(['enabled', 'disabled']).optional(),
    /** A base URL that differs from the provider default for this model only (e.g. a temporary endpoint). */
    baseUrl: z.url().optional(),
  })
  .catchall(z.unknown());
export type EndpointOptions = z.infer<typeof endpointOptionsSchema>;

const temperatureRangeSchema = z
  .object({ min: z.number().min(0), max: z.number().positive() })
  .refine((range) => range.min < range.max, { message: 'min must be below max' });

export const capabilitiesSchema = z.object({
  tools: z.boolean(),
  vision: z.boolean(),
  /** Native `response_format: { type: 'json_object' }`. */
  jsonMode: z.boolean(),
  /** Native `response_format: { type: 'json_schema' }`. */
  jsonSchema: z.boolean(),
  reasoning: z.boolean(),
  /** The upstream itself accepts n > 1 (otherwise the gateway fans out or answers 400). */
  nativeN: z.boolean(),
  /** frequency_penalty / presence_penalty. */
  penalties: z.boolean(),
  stop: z.boolean(),
  seed: z.boolean(),
  logprobs: z.boolean(),
  logitBias: z.boolean(),
  /** Accepted range; null = the model rejects any temperature other than its default. */
  temperature: temperatureRangeSchema.nullable(),
  topP: z.boolean(),
  /** The upstream honours `parallel_tool_calls` (natively or translated, e.g. Anthropic disable_parallel_tool_use). */
  parallelToolCalls: z.boolean(),
  /** tool_choice 'required' or a forced named function. */
  toolChoiceRequired: z.boolean(),
  /** Accepted reasoning_effort values; null = the field is not accepted. */
  reasoningEffort: z.array(z.string().min(1)).min(1).nullable(),
  /** The upstream reports token usage in streams (so a stream can be billed). */
  streamUsage: z.boolean(),
});
export type Capabilities = z.infer<typeof capabilitiesSchema>;

const pricePerMillion = z.number().positive().finite();

export const pricingSchema = z
  .object({
    /** USD per million uncached input tokens. */
    input: pricePerMillion,
    /** USD per million output tokens (reasoning tokens included). */
    output: pricePerMillion,
    /** USD per million output tokens when thinking is on, for models that bill it higher (Qwen3 hybrids). */
    reasoningOutput: pricePerMillion.optional(),
    /** USD per million cache-hit input tokens; absent = cached tokens bill at `input`. */
    cachedInput: pricePerMillion.optional(),
    /** USD per million cache-write input tokens (Anthropic's 5-minute cache); absent = bill at `input`. */
    cacheWrite: pricePerMillion.optional(),
    /**
     * Higher prices that apply to the whole request once its input exceeds `aboveInputTokens` (Gemini and GPT-5.4
     * above 200K/272K, Ark and Qwen by input length), in ascending order; the base prices cover the first tier.
     */
    tiers: z
      .array(
        z.object({
          aboveInputTokens: z.number().int().positive(),
          input: pricePerMillion,
          output: pricePerMillion,
          /** Thinking-mode output in this tier; required when the base prices give `reasoningOutput`. */
          reasoningOutput: pricePerMillion.optional(),
          cachedInput: pricePerMillion.optional(),
          cacheWrite: pricePerMillion.optional(),
        }),
      )
      .refine(
        (tiers) =>
          tiers.every(
            (tier, index) => index === 0 || tier.aboveInputTokens > (tiers[index - 1]?.aboveInputTokens ?? 0),
          ),
        {
          message: 'tiers must be in ascending aboveInputTokens order',
        },
      )
      .optional(),
  })
  .superRefine((pricing, context) => {
    // Without its own thinking rate, a tier would bill thinking output at its non-thinking rate.
    if (pricing.reasoningOutput === undefined) return;
    pricing.tiers?.forEach((tier, index) => {
      if (tier.reasoningOutput === undefined) {
        context.addIssue({
          code: 'custom',
          path: ['tiers', index, 'reasoningOutput'],
          message: 'the base prices bill thinking output apart (reasoningOutput): every tier must too',
        });
      }
    });
  });
export type Pricing = z.infer<typeof pricingSchema>;

export const endpointSchema = z.object({
  provider: providerIdSchema,
  /** The `model` value the upstream expects (case-sensitive: MiniMax wants `MiniMax-M2.5`). */
  upstreamModel: z.string().min(1),
  protocol: wireProtocolSchema,
  options: endpointOptionsSchema.optional(),
  /** This endpoint's own price when it differs from the entry's (a mirror that bills differently). */
  pricing: pricingSchema.optional(),
});
export type Endpoint = z.infer<typeof endpointSchema>;

/** The facts every entry must either cite or list as unconfirmed. */
export const FACT_KEYS = [
  'endpoints',
  'contextWindow',
  'maxOutputTokens',
  'pricing',
  'capabilities',
] as const;
export type FactKey = (typeof FACT_KEYS)[number];

/** Facts an entry may cite but need not (an entry without a shutdown date has nothing to cite). */
export const OPTIONAL_FACT_KEYS = ['status'] as const;

const factKeySchema = z
  .string()
  .regex(/^(endpoints|contextWindow|maxOutputTokens|pricing|capabilities|status)(\.[A-Za-z]+)?$/, {
    message:
      'a fact key is one of endpoints, contextWindow, maxOutputTokens, pricing, capabilities, status, optionally .<field>',
  });

export const MODEL_STATUSES = ['active', 'preview', 'deprecated', 'retired'] as const;

// Ids and aliases are what callers type: lowercase-insensitive, no spaces or slashes (a slash would clash with
// `provider/model` routing syntax).
const modelIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, {
  message: 'a model id is letters, digits, ".", "_", ":" or "-", starting with a letter or digit',
});

export const catalogEntrySchema = z
  .object({
    id: modelIdSchema,
    aliases: z.array(modelIdSchema).default([]),
    displayName: z.string().min(1).optional(),
    vendor: vendorIdSchema,
    /** Wire protocol of the default (first) endpoint. */
    protocol: wireProtocolSchema,
    /** Endpoints that can serve this model, in order of preference; the first is the default. */
    endpoints: z.array(endpointSchema).min(1),
    /** The `owned_by` shown in GET /v1/models. */
    owned_by: z.string().min(1),
    status: z.enum(MODEL_STATUSES).default('active'),
    /** The day the upstream stops (or stopped) serving the model, YYYY-MM-DD, when announced. */
    shutdownDate: z.iso.date().optional(),
    /** The vendor's recommended replacement for a retired or deprecated model, as the vendor names it. */
    replacement: z.string().min(1).optional(),
    contextWindow: z.number().int().positive(),
    maxOutputTokens: z.number().int().positive(),
    capabilities: capabilitiesSchema,
    pricing: pricingSchema.nullable(),
    unpriced: z.object({ reason: z.string().min(1) }).optional(),
    /** fact key (or `fact.field`) → URL or name of the source it was taken from. */
    sources: z.record(factKeySchema, z.string().min(1)),
    /** Facts (or `fact.field`s) taken on trust: to be checked with a live call before relying on them. */
    unconfirmed: z.array(factKeySchema).default([]),
    notes: z.string().min(1).optional(),
  })
  .superRefine((entry, context) => {
    if (entry.pricing === null && entry.unpriced === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['unpriced'],
        message: 'pricing is null: give unpriced.reason (a silent $0 is a billing bug)',
      });
    }
    if (entry.pricing !== null && entry.unpriced !== undefined) {
      context.addIssue({ code: 'custom', path: ['unpriced'], message: 'a priced entry cannot be unpriced' });
    }
    if (entry.maxOutputTokens > entry.contextWindow) {
      context.addIssue({
        code: 'custom',
        path: ['maxOutputTokens'],
        message: `maxOutputTokens ${entry.maxOutputTokens} exceeds contextWindow ${entry.contextWindow}`,
      });
    }
    const firstEndpoint = entry.endpoints[0];
    if (firstEndpoint !== undefined && firstEndpoint.protocol !== entry.protocol) {
      context.addIssue({
        code: 'custom',
        path: ['protocol'],
        message: `protocol ${entry.protocol} differs from the default endpoint's ${firstEndpoint.protocol}`,
      });
    }
    const lowerId = entry.id.toLowerCase();
    const seen = new Set<string>();
    entry.aliases.forEach((alias, index) => {
      const lower = alias.toLowerCase();
      if (lower === lowerId || seen.has(lower)) {
        context.addIssue({ code: 'custom', path: ['aliases', index], message: `duplicate alias ${alias}` });
      }
      seen.add(lower);
    });
    for (const fact of FACT_KEYS) {
      if (entry.sources[fact] === undefined && !entry.unconfirmed.includes(fact)) {
        context.addIssue({
          code: 'custom',
          path: ['sources', fact],
          message: `${fact} needs a source, or must be listed in unconfirmed`,
        });
      }
    }
  });

/** An entry as written in data files or config (defaults not yet applied). */
export type CatalogEntryInput = z.input<typeof catalogEntrySchema>;
/** A validated entry. */
export type CatalogEntry = z.output<typeof catalogEntrySchema>;
