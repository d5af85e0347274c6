/** One measured figure and the promise it is held to, printed as a row of the report. */
export interface Figure {
  /** The scenario that measured it (`client abort`, `upstream faults`…), with the inbound protocol if any. */
  scenario: string;
  name: string;
  /** NaN when the scenario could not measure it (then the row fails). */
  value: number;
  comparison: Comparison;
  threshold: number;
  unit: string;
  /** What the value is made of (sample counts, the cases behind a count). */
  detail?: string;
}

export type Comparison = '<' | '<=' | '=' | '>=';

/** Builds a figure; `unit` is printed after both the value and the threshold. */
export function figure(
  scenario: string,
  name: string,
  value: number,
  comparison: Comparison,
  threshold: number,
  unit = '',
  detail?: string,
): Figure {
  return { scenario, name, value, comparison, threshold, unit, ...(detail === undefined ? {} : { detail }) };
}

/** A scenario that threw or ran out of time: one failing row that says why. */
export function failedScenario(scenario: string, error: unknown): Figure {
  const message = error instanceof Error ? error.message : String(error);
  return figure(scenario, 'scenario completed', Number.NaN, '=', 1, '', message.split('\n')[0]);
}

export function passes(figure: Figure): boolean {
  const { value, threshold } = figure;
  if (!Number.isFinite(value)) return false;
  switch (figure.comparison) {
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '=':
      return value === threshold;
    case '>=':
      return value >= threshold;
  }
}

/** The median: robust to the one slow sample a busy machine produces. NaN for no samples. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
