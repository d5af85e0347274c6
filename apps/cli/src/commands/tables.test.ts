import type { Model } from '@llmux/contract';
import { describe, expect, it } from 'vitest';
import { formatModelsTable } from './models.js';
import { formatUsageReport } from './usage.js';

const model = (id: string, pricing: Model['pricing']): Model =>
  ({
    id,
    object: 'model',
    created: 1,
    owned_by: 'openai',
    context_length: 128000,
    max_output_tokens: 16384,
    capabilities: { tools: true },
    pricing,
  }) as Model;

describe('formatModelsTable', () => {
  it('says unpriced for a model without prices, and keeps the columns aligned', () => {
    const table = formatModelsTable([
      model('gpt-4o-mini', { input: 0.15, output: 0.6, cached_input: 0.075 }),
      model('house-model', null),
    ]);
    const [header, priced, unpriced] = table.split('\n');
    expect(unpriced).toMatch(/^house-model +openai +128k +unpriced +tools$/);
    expect(priced).toMatch(/^gpt-4o-mini +openai +128k +\$0\.15 +\$0\.075 +\$0\.6 +tools$/);
    // Right-aligned price columns end where their header ends.
    expect(priced!.indexOf('$0.15') + '$0.15'.length).toBe(header!.indexOf('INPUT/M') + 'INPUT/M'.length);
  });
});

describe('formatUsageReport', () => {
  const row = (model: string, cost: number, unpriced: number, requests = 2) => ({
    model,
    requests,
    errors: 0,
    prompt_tokens: 10,
    completion_tokens: 20,
    cached_tokens: 0,
    reasoning_tokens: 0,
    cost_usd: cost,
    unpriced_requests: unpriced,
  });

  it('never shows $0 for requests to an unpriced model', () => {
    const report = formatUsageReport(
      {
        totals: row('', 0.5, 2, 4),
        models: [row('gpt-4o', 0.5, 0), row('house-model', 0, 2)],
      },
      {},
    );
    expect(report).toMatch(/cost +\$0\.5000 \+ 2 unpriced/);
    const house = report.split('\n').find((line) => line.startsWith('house-model'));
    expect(house).toMatch(/ unpriced$/);
    expect(house).not.toContain('$0');
  });

  it('states the period to the minute, in UTC, as the keys list does', () => {
    const report = formatUsageReport(
      { totals: row('', 0.5, 0), models: [row('gpt-4o', 0.5, 0)] },
      { since: '2026-11-24T23:40:37.156Z', until: '2026-11-25T08:00:00.000Z' },
    );
    expect(report.split('\n')[0]).toBe('Usage (since 2026-11-24 23:40Z until 2026-11-25 08:00Z)');
  });
});
