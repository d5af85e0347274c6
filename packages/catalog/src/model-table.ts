import type { CatalogEntry } from './schema.js';

function formatTokens(count: number): string {
  if (count >= 1_000_000 && count % 1_000 === 0) return `${count / 1_000_000}M`;
  if (count >= 1_000 && count % 1_000 === 0) return `${count / 1_000}K`;
  return count.toLocaleString('en-US');
}

function formatPrice(price: number | undefined): string {
  return price === undefined ? '–' : `$${Number(price.toFixed(5))}`;
}

/** The README's markdown table of models: one row per entry, in catalog order, padded as biome formats it. */
export function renderModelTable(models: readonly CatalogEntry[]): string {
  const header = [
    'id',
    'vendor',
    'protocol',
    'default endpoint',
    'context',
    'max output',
    'input $/M',
    'output $/M',
    'cached $/M',
    'status',
  ];
  const rows = models.map((model) => {
    const endpoint = model.endpoints[0];
    const route = endpoint ? `${endpoint.provider}: \`${endpoint.upstreamModel}\`` : '';
    const more = model.endpoints.length > 1 ? ` (+${model.endpoints.length - 1})` : '';
    const pricing = model.pricing;
    const tiered = pricing?.tiers?.length ? '*' : '';
    return [
      `\`${model.id}\``,
      model.vendor,
      model.protocol,
      `${route}${more}`,
      formatTokens(model.contextWindow),
      formatTokens(model.maxOutputTokens),
      pricing ? `${formatPrice(pricing.input)}${tiered}` : 'unpriced',
      pricing ? `${formatPrice(pricing.output)}${tiered}` : 'unpriced',
      pricing ? formatPrice(pricing.cachedInput) : '–',
      model.status,
    ];
  });
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
