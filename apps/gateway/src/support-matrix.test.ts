import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { listModels } from '@llmux/catalog';
import { SUPPORT_FIELDS } from '@llmux/provider-kit';
import { describe, expect, it } from 'vitest';
import { INBOUND_ROUTES } from './inbound-routes.js';
import { renderReadmeSupportMatrix } from './support-matrix.js';

const README = fileURLToPath(new URL('../../../README.md', import.meta.url));
const START = '<!-- support-matrix:start -->';
const END = '<!-- support-matrix:end -->';

describe('the README support matrix', () => {
  const matrix = renderReadmeSupportMatrix();

  it('has a row per request field, a column per inbound protocol and per vendor, no empty vendor cell', () => {
    const lines = matrix.split('\n');
    expect(lines).toHaveLength(2 + SUPPORT_FIELDS.length);
    for (const line of lines.slice(2)) {
      const cells = line.split(' | ');
      expect(cells).toHaveLength(1 + INBOUND_ROUTES.length + 10);
      // '—' only in an inbound protocol's column: a field that protocol has no way to ask for.
      expect(cells.slice(1 + INBOUND_ROUTES.length).join(' | ')).not.toContain('—');
    }
  });

  it("names, in each inbound protocol's column, the field its errors name", () => {
    const lines = matrix.split('\n').slice(2);
    INBOUND_ROUTES.forEach(({ surface }, column) => {
      SUPPORT_FIELDS.forEach((field, row) => {
        const cell = lines[row]!.split(' | ')[1 + column]!;
        const named = surface.hubFields[field];
        if (named === undefined) {
          expect(cell).toBe('—');
          return;
        }
        const inError = surface.inboundParam?.(field) ?? field;
        if (inError !== field) expect(cell, field).toContain(`\`${inError}\``);
      });
    });
    expect(lines.find((line) => line.startsWith('| `stop`'))).toContain('`stop_sequences`');
    expect(lines.find((line) => line.startsWith('| `seed`'))!.split(' | ')[1]).toBe('—');
  });

  it('names the models that differ from the rest of their vendor', () => {
    const openai = listModels().filter((model) => model.vendor === 'openai');
    expect(openai.length).toBeGreaterThan(10);
    // gpt-4o takes penalties, the gpt-5 family does not: the OpenAI cell must show both answers.
    const penalties = matrix.split('\n').find((line) => line.startsWith('| `frequency_penalty`'))!;
    const openaiCell = penalties.split(' | ')[2 + INBOUND_ROUTES.length]!;
    expect(openaiCell).toMatch(/400/);
    expect(openaiCell).toMatch(/pass/);
  });

  it('is the table in the root README (regenerate: pnpm --filter @llmux/gateway support-matrix)', () => {
    const readme = readFileSync(README, 'utf8');
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    expect(start).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    const expected = `${START}\n${matrix}\n${END}`;
    if (process.env.UPDATE_README === '1') {
      writeFileSync(README, readme.slice(0, start) + expected + readme.slice(end + END.length));
      return;
    }
    expect(readme.slice(start, end + END.length)).toBe(expected);
  });
});
