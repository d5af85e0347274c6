import { type Figure, passes } from './figures.js';

/** The report: one row per figure, its threshold and PASS/FAIL, as the benchmark prints its figures. */
export function formatReport(figures: readonly Figure[]): string {
  const rows = figures.map((figure) => [
    figure.scenario,
    figure.name,
    formatValue(figure.value, figure.unit),
    `${figure.comparison} ${formatValue(figure.threshold, figure.unit)}`,
    passes(figure) ? 'PASS' : 'FAIL',
    figure.detail ?? '',
  ]);
  const header = ['scenario', 'figure', 'value', 'threshold', 'result', 'detail'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return 'n/a';
  const text = Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 1 : 0);
  if (unit === '') return text;
  return unit === '%' ? `${text}%` : `${text} ${unit}`;
}
