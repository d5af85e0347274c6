/**
 * What the model list needs to know of a catalog entry (`packages/catalog/src/schema.ts` has it all; the
 * gateway passes these fields).
 */
export interface GeminiModelEntry {
  id: string;
  displayName?: string;
  description?: string;
  contextWindow: number;
  maxOutputTokens: number;
  reasoning: boolean;
  /** The accepted temperature range; null when the model takes none but its default; absent when unknown. */
  temperature?: { min: number; max: number } | null;
}

/** Google's Model resource (https://ai.google.dev/api/models#Model), the fields llmux can fill. */
export interface GeminiOutputModel {
  name: string;
  baseModelId: string;
  version: string;
  displayName: string;
  description: string;
  inputTokenLimit: number;
  outputTokenLimit: number;
  supportedGenerationMethods: string[];
  thinking: boolean;
  temperature?: number;
  maxTemperature?: number;
}

/** What every catalog model answers on the Gemini surface. */
const GENERATION_METHODS = ['generateContent', 'streamGenerateContent', 'countTokens'];

/**
 * One catalog model as Google's Model, `name: models/<id>` as `models.get` and `models.list` answer.
 * `inputTokenLimit` is the context window: Google's `inputTokenLimit` is what the prompt may take, and the
 * catalog does not keep a separate input limit. `temperature` is Google's default (1 for every model it
 * lists with a range), written only where the model takes one.
 *
 * @example encodeGeminiModel({ id: 'claude-sonnet-4-6', contextWindow: 200_000, maxOutputTokens: 64_000, reasoning: true });
 */
export function encodeGeminiModel(entry: GeminiModelEntry): GeminiOutputModel {
  const model: GeminiOutputModel = {
    name: `models/${entry.id}`,
    baseModelId: entry.id,
    version: '1',
    displayName: entry.displayName ?? entry.id,
    description: entry.description ?? entry.displayName ?? entry.id,
    inputTokenLimit: entry.contextWindow,
    outputTokenLimit: entry.maxOutputTokens,
    supportedGenerationMethods: [...GENERATION_METHODS],
    thinking: entry.reasoning,
  };
  if (entry.temperature) {
    model.temperature = Math.min(Math.max(1, entry.temperature.min), entry.temperature.max);
    model.maxTemperature = entry.temperature.max;
  }
  return model;
}

/** `models.list`'s answer (https://ai.google.dev/api/models#method:-models.list), all in one page. */
export function encodeGeminiModelList(entries: readonly GeminiModelEntry[]): { models: GeminiOutputModel[] } {
  return { models: entries.map(encodeGeminiModel) };
}
