import { describe, expect, it } from 'vitest';
import { getModel, listModels, resolveModelId } from '../default-catalog.js';
import { PROVIDERS, VENDORS } from '../providers.js';
import {
  capabilitiesSchema,
  catalogEntrySchema,
  FACT_KEYS,
  OPTIONAL_FACT_KEYS,
  PROVIDER_IDS,
  pricingSchema,
  VENDOR_IDS,
} from '../schema.js';
import { builtinEntries } from './index.js';

// The public ids issue #2 asks for, spelled exactly so.
const EXPECTED_IDS = [
  'claude-sonnet-4-6',
  'claude-sonnet-4-5-20250929',
  'claude-sonnet-4-20250514',
  'claude-opus-4-6',
  'claude-opus-4-5-20251101',
  'claude-opus-4-1-20250805',
  'claude-opus-4-20250514',
  'claude-haiku-4-5-20251001',
  'claude-3-7-sonnet-20250219',
  'claude-3-5-sonnet-20241022',
  'gpt-5-4',
  'gpt-5-3-codex',
  'gpt-5-2',
  'gpt-5-2-chat',
  'gpt-5-2-chat-latest',
  'gpt-5-2-codex',
  'gpt-5-1',
  'gpt-5-1-chat',
  'gpt-5-1-chat-latest',
  'gpt-5-1-codex-mini',
  'gpt-5',
  'gpt-5-chat-latest',
  'gpt-5-pro',
  'gpt-5-codex',
  'gpt-5-codex-high',
  'gpt-5-codex-low',
  'gpt-5-mini',
  'gpt-5-nano',
  'gpt-4o',
  'gpt-4o-mini',
  'gpt-4-1',
  'gpt-4',
  'deepseek-v3-2-speciale',
  'deepseek-v3-2',
  'deepseek-v3-2-exp',
  'deepseek-v3-2-251201',
  'deepseek-v3-1-terminus',
  'deepseek-v3-1',
  'deepseek-v3',
  'qwen3.5-397b-a17b',
  'qwen3-coder-next',
  'qwen3-coder',
  'qwen3-235b-a22b',
  'qwen3-32b',
  'qwen3-14b',
  'qwen2.5-72b-instruct',
  'doubao-seed-2.0-pro',
  'doubao-seed-2.0-code',
  'doubao-seed-2.0-lite',
  'doubao-seed-2.0-mini',
  'doubao-seed-1-8-251228',
  'doubao-seed-1-6-flash-250828',
  'doubao-seed-1-6-251015',
  'doubao-seed-1-6-lite-251015',
  'doubao-seed-1-6-vision-250815',
  'minimax-m2.5',
  'minimax-m2.1',
  'kimi-k2.5',
  'grok-3',
  'grok-3-mini',
  'grok-4-fast-reasoning',
  'grok-4-fast-non-reasoning',
  'grok-4-1-fast-reasoning',
  'grok-4-1-fast-non-reasoning',
  'gemini-3.1-pro-preview',
  'gemini-3.1-flash-image-preview',
  'gemini-3-pro-preview',
  'gemini-3-flash-preview',
  'gemini-2.5-pro',
  'gemini-2.5-flash',
  'gemini-2.0-flash',
  'glm-4-7-251222',
];

const models = listModels();

describe('built-in catalog data', () => {
  it('holds exactly the 72 public ids', () => {
    expect(EXPECTED_IDS).toHaveLength(72);
    expect(models.map((model) => model.id).sort()).toEqual([...EXPECTED_IDS].sort());
  });

  it.each(builtinEntries.map((entry) => [entry.id, entry] as const))(
    '%s matches the schema',
    (_id, entry) => {
      const result = catalogEntrySchema.safeParse(entry);
      expect(result.success ? [] : result.error.issues).toEqual([]);
    },
  );

  it('prices every model, or says why not (no silent $0)', () => {
    for (const model of models) {
      if (model.pricing === null) {
        expect(model.unpriced?.reason, model.id).toBeTruthy();
        continue;
      }
      expect(model.pricing.input, model.id).toBeGreaterThan(0);
      expect(model.pricing.output, model.id).toBeGreaterThan(0);
      // A cache hit never costs more than a miss.
      expect(model.pricing.cachedInput ?? 0, model.id).toBeLessThanOrEqual(model.pricing.input);
      for (const endpoint of model.endpoints) {
        if (endpoint.pricing)
          expect(endpoint.pricing.input, `${model.id} ${endpoint.provider}`).toBeGreaterThan(0);
      }
    }
  });

  it('gives every model at least one endpoint, each on a protocol its provider speaks', () => {
    for (const model of models) {
      expect(model.endpoints.length, model.id).toBeGreaterThan(0);
      for (const endpoint of model.endpoints) {
        expect(PROVIDERS[endpoint.provider].protocols, `${model.id} → ${endpoint.provider}`).toContain(
          endpoint.protocol,
        );
      }
    }
  });

  it('keeps ids and aliases unique (case-insensitively) and makes every alias resolve to its entry', () => {
    const seen = new Map<string, string>();
    for (const model of models) {
      for (const name of [model.id, ...model.aliases]) {
        const key = name.toLowerCase();
        expect(seen.get(key), `${name} of ${model.id}`).toBeUndefined();
        seen.set(key, model.id);
        expect(resolveModelId(name)).toBe(model.id);
        expect(getModel(name)).toBe(model);
      }
    }
  });

  it('cites a source for every fact, or lists it as unconfirmed', () => {
    for (const model of models) {
      for (const fact of FACT_KEYS) {
        const covered = model.sources[fact] !== undefined || model.unconfirmed.includes(fact);
        expect(covered, `${model.id} ${fact}`).toBe(true);
      }
    }
  });

  it('marks only facts that exist (no typo hides an unconfirmed field)', () => {
    const fieldsOf: Record<string, readonly string[]> = {
      capabilities: Object.keys(capabilitiesSchema.shape),
      pricing: Object.keys(pricingSchema.shape),
    };
    for (const model of models) {
      for (const key of [...model.unconfirmed, ...Object.keys(model.sources)]) {
        const [fact, field] = key.split('.');
        expect([...FACT_KEYS, ...OPTIONAL_FACT_KEYS] as readonly string[], `${model.id} ${key}`).toContain(
          fact,
        );
        if (field !== undefined) expect(fieldsOf[fact ?? ''] ?? [], `${model.id} ${key}`).toContain(field);
      }
    }
  });

  it('cites every retirement and every shutdown date', () => {
    for (const model of models) {
      if (model.status === 'retired')
        expect(model.sources.status, `${model.id} needs a source for its retirement`).toBeDefined();
      if (model.shutdownDate !== undefined) {
        expect(model.sources.status, `${model.id} needs a source for its shutdown date`).toBeDefined();
        expect(['deprecated', 'retired'], model.id).toContain(model.status);
      }
    }
  });

  it('keeps capability flags consistent with each other', () => {
    for (const model of models) {
      const { capabilities } = model;
      if (capabilities.reasoningEffort !== null) expect(capabilities.reasoning, model.id).toBe(true);
      if (capabilities.toolChoiceRequired || capabilities.parallelToolCalls) {
        expect(capabilities.tools, model.id).toBe(true);
      }
      if (model.protocol === 'openai-responses') {
        // The Responses API has no n, stop or penalties.
        expect([capabilities.nativeN, capabilities.stop, capabilities.penalties], model.id).toEqual([
          false,
          false,
          false,
        ]);
      }
    }
  });
});

describe('routing from providers.md §0', () => {
  const firstEndpoint = (id: string) => getModel(id)?.endpoints[0];

  it('maps hyphenated OpenAI ids to the dotted upstream ids', () => {
    expect(firstEndpoint('gpt-5-4')).toMatchObject({ provider: 'openai', upstreamModel: 'gpt-5.4' });
    expect(firstEndpoint('gpt-4-1')?.upstreamModel).toBe('gpt-4.1');
    expect(firstEndpoint('gpt-5-2-chat')?.upstreamModel).toBe('gpt-5.2-chat-latest');
  });

  it('sends the Responses-only models to openai-responses', () => {
    const responsesOnly = [
      'gpt-5-pro',
      'gpt-5-codex',
      'gpt-5-codex-high',
      'gpt-5-codex-low',
      'gpt-5-1-codex-mini',
      'gpt-5-2-codex',
      'gpt-5-3-codex',
    ];
    for (const id of responsesOnly) expect(getModel(id)?.protocol, id).toBe('openai-responses');
    const onResponses = models
      .filter((model) => model.protocol === 'openai-responses')
      .map((model) => model.id);
    expect(onResponses.sort()).toEqual(responsesOnly.sort());
  });

  it('turns the codex effort aliases into gpt-5-codex plus a forced effort', () => {
    expect(firstEndpoint('gpt-5-codex-high')).toEqual({
      provider: 'openai',
      upstreamModel: 'gpt-5-codex',
      protocol: 'openai-responses',
      options: { reasoningEffort: 'high' },
    });
    expect(firstEndpoint('gpt-5-codex-low')?.options).toEqual({ reasoningEffort: 'low' });
  });

  it('routes the mirrored models to their vendor first and Ark second', () => {
    expect(getModel('kimi-k2.5')?.endpoints.map((e) => [e.provider, e.upstreamModel])).toEqual([
      ['moonshot', 'kimi-k2.5'],
      ['ark', 'kimi-k2-5-260127'],
    ]);
    expect(getModel('glm-4-7-251222')?.endpoints.map((e) => [e.provider, e.upstreamModel])).toEqual([
      ['ark', 'glm-4-7-251222'],
      ['zhipu', 'glm-4.7'],
    ]);
  });

  it('pins DeepSeek V3.2 to Ark, never to the retired deepseek-chat/deepseek-reasoner names', () => {
    expect(getModel('deepseek-v3-2')?.endpoints.map((e) => [e.provider, e.upstreamModel])).toEqual([
      ['ark', 'deepseek-v3-2-251201'],
    ]);
    const onRetiredNames = models.filter(
      (model) =>
        model.status !== 'retired' &&
        model.endpoints.some(
          (e) =>
            e.provider === 'deepseek' && ['deepseek-chat', 'deepseek-reasoner'].includes(e.upstreamModel),
        ),
    );
    expect(onRetiredNames.map((model) => model.id)).toEqual([]);
  });

  it('keeps MiniMax upstream ids case-sensitive and Doubao ids hyphenated', () => {
    expect(firstEndpoint('minimax-m2.5')?.upstreamModel).toBe('MiniMax-M2.5');
    expect(firstEndpoint('doubao-seed-2.0-pro')).toMatchObject({
      provider: 'ark',
      upstreamModel: 'doubao-seed-2-0-pro-260215',
    });
  });

  it('puts every vendor on its wire protocol', () => {
    const protocolOf = (vendor: string) =>
      new Set(models.filter((m) => m.vendor === vendor).map((m) => m.protocol));
    expect(protocolOf('anthropic')).toEqual(new Set(['anthropic-messages']));
    expect(protocolOf('google')).toEqual(new Set(['gemini']));
    for (const vendor of ['deepseek', 'alibaba', 'bytedance', 'minimax', 'moonshot', 'xai', 'zhipu']) {
      expect(protocolOf(vendor), vendor).toEqual(new Set(['openai-chat']));
    }
  });
});

describe('VENDORS and PROVIDERS', () => {
  it('describe all ten of each, keyed by id', () => {
    expect(Object.keys(VENDORS).sort()).toEqual([...VENDOR_IDS].sort());
    expect(Object.keys(PROVIDERS).sort()).toEqual([...PROVIDER_IDS].sort());
    for (const [id, vendor] of Object.entries(VENDORS)) expect(vendor.id).toBe(id);
    for (const [id, provider] of Object.entries(PROVIDERS)) expect(provider.id).toBe(id);
  });

  it('use the customary env var names', () => {
    const prefixes = Object.values(PROVIDERS)
      .map((provider) => provider.envPrefix)
      .sort();
    expect(prefixes).toEqual(
      [
        'ANTHROPIC',
        'ARK',
        'DASHSCOPE',
        'DEEPSEEK',
        'GEMINI',
        'MINIMAX',
        'MOONSHOT',
        'OPENAI',
        'XAI',
        'ZHIPUAI',
      ].sort(),
    );
    expect(PROVIDERS.zhipu.apiKeyEnv).toBe('ZHIPUAI_API_KEY');
    expect(PROVIDERS.openai.baseUrlEnv).toBe('OPENAI_BASE_URL');
  });

  it('write base URLs the way each SDK does', () => {
    expect(PROVIDERS.openai.defaultBaseUrl).toBe('https://api.openai.com/v1');
    expect(PROVIDERS.anthropic.defaultBaseUrl).toBe('https://api.anthropic.com');
    // @google/genai keeps the version apart: {baseUrl}/{apiVersion}/models/{model}:generateContent.
    expect(`${PROVIDERS.gemini.defaultBaseUrl}/${PROVIDERS.gemini.apiVersion}`).toBe(
      'https://generativelanguage.googleapis.com/v1beta',
    );
    for (const provider of Object.values(PROVIDERS)) {
      expect(() => new URL(provider.defaultBaseUrl)).not.toThrow();
      expect(provider.defaultBaseUrl.endsWith('/'), provider.id).toBe(false);
    }
  });

  it("name a default provider that speaks the protocol of the vendor's models", () => {
    for (const model of models) {
      const provider = PROVIDERS[VENDORS[model.vendor].defaultProvider];
      expect(provider.protocols, model.id).toContain(model.protocol);
    }
  });
});
