import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as simulators from './index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('the package entry', () => {
  it('exports each protocol simulator the server runs, so adapters can render fixtures without a server', () => {
    const exported = [
      simulators.openAIChatSimulator,
      simulators.openAIResponsesSimulator,
      simulators.anthropicSimulator,
      simulators.geminiSimulator,
    ];
    expect(new Set(exported)).toEqual(new Set(simulators.PROTOCOL_SIMULATORS));
  });

  it('is documented: the README names every export, every protocol and every provider prefix', () => {
    for (const name of Object.keys(simulators)) expect(readme, name).toContain(`\`${name}`);
    for (const { protocol } of simulators.PROTOCOL_SIMULATORS)
      expect(readme, protocol).toContain(`(\`${protocol}\`)`);
    for (const provider of simulators.SIMULATED_PROVIDERS) {
      expect(readme, provider).toContain(`| \`/${provider}${simulators.PROVIDER_BASE_PATHS[provider]}\``);
    }
  });
});
