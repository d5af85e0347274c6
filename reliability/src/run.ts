// The reliability suite: the built gateway (apps/gateway/dist/main.js) as a child process, against the
// simulators scripted with faults, on loopback only. Prints each figure with its threshold; exits 1 if any
// fails. Usage: pnpm test:reliability [--long] [--only name,name]   (LLMUX_RELIABILITY_LONG=1 = --long)
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Figure, failedScenario, passes } from './figures.js';
import { formatReport } from './report.js';
import { SCENARIOS } from './scenarios/index.js';
import type { ReliabilityScenario } from './scenarios/scenario.js';
import { SuiteContext } from './suite-context.js';

const args = process.argv.slice(2);
const long = args.includes('--long') || process.env.LLMUX_RELIABILITY_LONG === '1';
const onlyIndex = args.indexOf('--only');
const only = onlyIndex === -1 ? undefined : (args[onlyIndex + 1] ?? '').split(',').filter(Boolean);
const here = dirname(fileURLToPath(import.meta.url));
const mainPath =
  process.env.LLMUX_RELIABILITY_MAIN ?? join(here, '..', '..', 'apps', 'gateway', 'dist', 'main.js');

if (!existsSync(mainPath)) {
  process.stderr.write(`reliability: ${mainPath} is missing; build the gateway first (pnpm build)\n`);
  process.exit(2);
}

const selected = SCENARIOS.filter(
  (scenario) => only === undefined || only.some((name) => scenario.name.includes(name)),
);
const context = await SuiteContext.create(mainPath, long);
process.once('exit', () => context.killChildrenNow());
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    context.killChildrenNow();
    process.exit(130);
  });
}

const started = performance.now();
const figures: Figure[] = [];
process.stderr.write(`reliability suite (${long ? 'long' : 'short'} run), gateway ${mainPath}\n`);
for (const scenario of selected) {
  const scenarioStarted = performance.now();
  process.stderr.write(`  ${scenario.name}…`);
  const result = await runWithBudget(scenario, context);
  figures.push(...result);
  const failed = result.filter((row) => !passes(row)).length;
  process.stderr.write(
    ` ${((performance.now() - scenarioStarted) / 1000).toFixed(1)} s${failed > 0 ? `, ${failed} FAILED` : ''}\n`,
  );
  await context.cleanUp();
}
await context.close();

process.stdout.write(`\n${formatReport(figures)}\n`);
const failures = figures.filter((row) => !passes(row));
process.stdout.write(
  `\n${figures.length - failures.length}/${figures.length} figures within their thresholds, ` +
    `${((performance.now() - started) / 1000).toFixed(0)} s (${long ? 'long' : 'short'} run)\n`,
);
process.exit(failures.length === 0 ? 0 : 1);

async function runWithBudget(scenario: ReliabilityScenario, suite: SuiteContext): Promise<Figure[]> {
  const budget = scenario.budgetMs(suite.long);
  let timer: NodeJS.Timeout | undefined;
  const overrun = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`did not finish within ${budget / 1000} s`)), budget);
  });
  try {
    return await Promise.race([scenario.run(suite), overrun]);
  } catch (error) {
    return [failedScenario(scenario.name, error)];
  } finally {
    clearTimeout(timer);
  }
}
