import { type CatalogEntry, catalogEntrySchema } from './schema.js';

/** Lookups over one validated list of entries. */
export interface Catalog {
  /** Every entry, in catalog order. */
  listModels(): readonly CatalogEntry[];
  /** The entry for a canonical id or an alias (case-insensitive); undefined when unknown. */
  getModel(id: string): CatalogEntry | undefined;
  /** The canonical id for an id or alias; undefined when unknown. */
  resolveModelId(id: string): string | undefined;
  /** Up to `limit` canonical ids closest to `id` by edit distance, for "did you mean" errors. */
  suggestModelIds(id: string, limit?: number): string[];
}

export interface CatalogIssue {
  /** The entry's id when it has one, else its position (`#3`). */
  entry: string;
  /** Dotted path of the bad field inside the entry (`pricing.input`), or '' for the entry itself. */
  path: string;
  message: string;
}

/** Thrown by createCatalog; `issues` lists every problem found, not just the first. */
export class CatalogValidationError extends Error {
  readonly issues: readonly CatalogIssue[];

  constructor(issues: readonly CatalogIssue[]) {
    const lines = issues.map(
      (issue) => `  - ${issue.entry}${issue.path ? ` ${issue.path}` : ''}: ${issue.message}`,
    );
    super(
      `Invalid model catalog (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${lines.join('\n')}`,
    );
    this.name = 'CatalogValidationError';
    this.issues = issues;
  }
}

function freezeDeep<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) freezeDeep(inner);
    Object.freeze(value);
  }
  return value;
}

function describeEntry(raw: unknown, index: number): string {
  if (typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'string' && raw.id !== '') {
    return `"${raw.id}"`;
  }
  return `#${index}`;
}

/**
 * Validates `entries` against the catalog schema and builds the lookups. Throws CatalogValidationError naming
 * each bad entry and field; ids and aliases must be unique across the list, case-insensitively.
 *
 * @example
 * const catalog = createCatalog([...listModels().filter((m) => m.id !== 'gpt-4o'), myGpt4o]);
 * catalog.getModel('gpt-4o')?.pricing;
 */
export function createCatalog(entries: readonly unknown[]): Catalog {
  const issues: CatalogIssue[] = [];
  const models: CatalogEntry[] = [];
  entries.forEach((raw, index) => {
    const parsed = catalogEntrySchema.safeParse(raw);
    if (parsed.success) {
      // Entries are shared by every caller of this catalog: freeze them so that one caller's edit cannot
      // change another's prices. Callers copy (`{ ...entry, pricing }`) and pass the copy to createCatalog.
      models.push(freezeDeep(parsed.data));
      return;
    }
    for (const issue of parsed.error.issues) {
      issues.push({
        entry: describeEntry(raw, index),
        path: issue.path.map(String).join('.'),
        message: issue.message,
      });
    }
  });

  // Every name a caller may type maps to exactly one canonical id.
  const byName = new Map<string, CatalogEntry>();
  for (const model of models) {
    const names: Array<[string, string]> = [
      [model.id, 'id'],
      ...model.aliases.map((alias, index): [string, string] => [alias, `aliases.${index}`]),
    ];
    for (const [name, path] of names) {
      const key = name.toLowerCase();
      const owner = byName.get(key);
      if (owner !== undefined && owner !== model) {
        issues.push({ entry: `"${model.id}"`, path, message: `"${name}" is already taken by "${owner.id}"` });
        continue;
      }
      byName.set(key, model);
    }
  }
  if (issues.length > 0) throw new CatalogValidationError(issues);

  const frozen = Object.freeze(models.slice());
  const names = [...byName.entries()];

  return {
    listModels: () => frozen,
    getModel: (id) => byName.get(id.toLowerCase()),
    resolveModelId: (id) => byName.get(id.toLowerCase())?.id,
    suggestModelIds: (id, limit = 3) => suggestFrom(names, id, limit),
  };
}

function suggestFrom(names: ReadonlyArray<[string, CatalogEntry]>, query: string, limit: number): string[] {
  const needle = query.toLowerCase();
  // Beyond about half the query's length an edit-distance match is noise, not a typo.
  const maxDistance = Math.max(2, Math.ceil(needle.length / 2));
  const best = new Map<string, number>();
  for (const [name, model] of names) {
    const match = scoreCandidate(needle, name, maxDistance);
    if (match === undefined) continue;
    // A retired model is a poor answer to "did you mean": rank it after live ones that match about as well.
    const score = model.status === 'retired' ? match + 0.75 : match;
    const previous = best.get(model.id);
    if (previous === undefined || score < previous) best.set(model.id, score);
  }
  return [...best.entries()]
    .sort(([idA, a], [idB, b]) => a - b || idA.localeCompare(idB))
    .slice(0, Math.max(0, limit))
    .map(([id]) => id);
}

/**
 * Lower is closer. A name the query starts (`gemini-3-pro` → `gemini-3-pro-preview`) or sits inside
 * (`sonnet-4.6` → `claude-sonnet-4.6`) ranks like a one-letter typo, shorter names first; anything else ranks by
 * edit distance, up to `maxDistance`.
 */
function scoreCandidate(needle: string, name: string, maxDistance: number): number | undefined {
  if (needle.length >= 3) {
    const extra = (name.length - needle.length) / 1000;
    if (name.startsWith(needle)) return 0.5 + extra;
    if (name.includes(needle)) return 1 + extra;
  }
  const distance = measureEditDistance(needle, name, maxDistance);
  return distance > maxDistance ? undefined : distance;
}

/** Levenshtein distance, giving up (returning `ceiling + 1`) once every path exceeds `ceiling`. */
export function measureEditDistance(a: string, b: string, ceiling = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > ceiling) return ceiling + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      current.push(value);
      if (value < rowMinimum) rowMinimum = value;
    }
    if (rowMinimum > ceiling) return ceiling + 1;
    previous = current;
  }
  return previous[b.length] ?? 0;
}
