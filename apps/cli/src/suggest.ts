/** Levenshtein distance, case-insensitive (model ids differ from what people type mostly in case and dashes). */
export function measureEditDistance(left: string, right: string): number {
  const a = left.toLowerCase();
  const b = right.toLowerCase();
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The ids closest to `wanted`: ids containing it first, then by edit distance,
 * keeping only those within a distance a typo could explain.
 */
export function suggestClosest(wanted: string, ids: readonly string[], limit = 3): string[] {
  const needle = wanted.toLowerCase();
  const scored = ids.map((id) => {
    const lower = id.toLowerCase();
    // A partial name ("sonnet") is inside the id; a typo is close in edits.
    const contains = lower.includes(needle);
    return { id, contains, distance: measureEditDistance(needle, lower) };
  });
  const budget = Math.max(2, Math.ceil(needle.length * 0.4));
  return scored
    .filter((entry) => entry.contains || entry.distance <= budget)
    .sort(
      (x, y) =>
        Number(y.contains) - Number(x.contains) || x.distance - y.distance || x.id.localeCompare(y.id),
    )
    .slice(0, limit)
    .map((entry) => entry.id);
}
