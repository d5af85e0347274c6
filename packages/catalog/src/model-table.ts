import type { CatalogEntry } from './schema.js';

function formatTokens(count: number): string {
  if (count >= 1_000_000 && count % 1_000 === 0) return `${count / 1_000_000}M`;
  if (count >= 1_000 && count % 1_000 === 0) return `${count / 1_000}K`;
  return count.toLocaleString('en-US');
}

function formatPrice(price: number | undefined): string {
  return price === undefined ? '–' : `$${Number(price.toFixed(5))}`;
}

/** The README's markdown table of models: one row per entry, in catalog order. */
export function renderModelTable(models: readonly CatalogEntry[]): string {
  const rows = [
    '| id | vendor | protocol | default endpoint | context | max output | input $/M | output $/M | cached $/M | status |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const model of models) {
    const endpoint = model.endpoints[0];
    const route = endpoint ? `${endpoint.provider}: \`${endpoint.upstreamModel}\`` : '';
    const more = model.endpoints.length > 1 ? ` (+${model.endpoints.length - 1})` : '';
    const pricing = model.pricing;
    const tiered = pricing?.tiers?.length ? '*' : '';
    rows.push(
      [
        '',
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
        '',
      ]
        .join(' | ')
        .trim(),
    );
  }
  return rows.join('\n');
}
