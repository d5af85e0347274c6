import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listModels } from './default-catalog.js';
import { renderModelTable } from './model-table.js';

const README = new URL('../README.md', import.meta.url);
const START = '<!-- models:start -->';
const END = '<!-- models:end -->';

describe('README model table', () => {
  it('renders one row per model with its route and prices', () => {
    const table = renderModelTable(listModels());
    const lines = table.split('\n');
    expect(lines).toHaveLength(listModels().length + 2);
    const cellsOf = (id: string) =>
      lines
        .find((line) => line.startsWith(`| \`${id}\` `))
        ?.split('|')
        .slice(1, -1)
        .map((cell) => cell.trim());
    expect(cellsOf('gpt-5-4')).toEqual([
      '`gpt-5-4`',
      'openai',
      'openai-chat',
      'openai: `gpt-5.4`',
      '1.05M',
      '128K',
      '$2.5*',
      '$15*',
      '$0.25',
      'active',
    ]);
    expect(cellsOf('kimi-k2.5')?.[3]).toBe('moonshot: `kimi-k2.5` (+1)');
    // Every line is padded to the same width, as biome formats markdown tables.
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
  });

  // Regenerate with: UPDATE_README=1 pnpm exec vitest run --project @llmux/catalog
  it('matches the table in README.md', () => {
    const readme = readFileSync(README, 'utf8');
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    expect(start, 'README needs the models:start marker').toBeGreaterThan(-1);
    expect(end, 'README needs the models:end marker').toBeGreaterThan(start);
    const expected = `${START}\n${renderModelTable(listModels())}\n${END}`;
    const actual = readme.slice(start, end + END.length);
    if (process.env.UPDATE_README === '1' && actual !== expected) {
      writeFileSync(README, readme.replace(actual, expected));
      return;
    }
    expect(actual).toBe(expected);
  });
});
