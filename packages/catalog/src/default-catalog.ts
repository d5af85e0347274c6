import { type Catalog, createCatalog } from './catalog.js';
import { builtinEntries } from './models/index.js';
import type { CatalogEntry } from './schema.js';

// Validated once at import: a bad built-in entry fails loudly at startup (and in this package's tests).
const defaultCatalog: Catalog = createCatalog(builtinEntries);

/** Every built-in model, in catalog order. */
export function listModels(): readonly CatalogEntry[] {
  return defaultCatalog.listModels();
}

/**
 * The built-in entry for a public id or alias (case-insensitive), or undefined.
 *
 * @example
 * getModel('gpt-5.4')?.endpoints[0]?.upstreamModel; // 'gpt-5.4'
 */
export function getModel(id: string): CatalogEntry | undefined {
  return defaultCatalog.getModel(id);
}

/** The canonical id for a public id or alias, or undefined. */
export function resolveModelId(id: string): string | undefined {
  return defaultCatalog.resolveModelId(id);
}

/**
 * Up to `limit` built-in ids closest to `id`, for "did you mean" errors.
 *
 * @example
 * suggestModelIds('gpt5-mini'); // ['gpt-5-mini', ...]
 */
export function suggestModelIds(id: string, limit = 3): string[] {
  return defaultCatalog.suggestModelIds(id, limit);
}
