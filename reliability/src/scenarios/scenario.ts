import type { Figure } from '../figures.js';
import type { SuiteContext } from '../suite-context.js';

/**
 * One reliability scenario: it starts what it needs (gateways, scripts on the upstream), measures, stops
 * what it started, and returns its figures. A scenario that throws or overruns its budget fails with one
 * row; the suite then kills whatever it left running.
 */
export interface ReliabilityScenario {
  readonly name: string;
  /** The longest it may run, in the short and in the long run. */
  budgetMs(long: boolean): number;
  run(context: SuiteContext): Promise<Figure[]>;
}
