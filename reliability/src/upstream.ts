import { createSimulator, type RecordedRequest, type Scenario, type Simulator } from '@llmux/simulators';

/**
 * What the upstream does on the n-th attempt (1-based) of one scripted request, at one deployment (`openai`
 * for the primary, `xai` for the fallback: see `PRIMARY` and `FALLBACK`). Undefined: the default answer.
 */
export type FaultScript = (attempt: number, deployment: string) => Scenario | undefined;

/** The simulator prefixes the suite's two deployments point at (both speak OpenAI chat). */
export const PRIMARY = 'openai';
export const FALLBACK = 'xai';

/**
 * The simulators, scripted per request: a request carries `rel:<id>` in its last user text and gets its
 * script's scenario for each attempt, so concurrent requests each meet their own faults.
 */
export class ScriptedUpstream {
  private readonly scripts = new Map<string, { script: FaultScript; attempts: number }>();
  private counter = 0;

  private constructor(readonly simulator: Simulator) {
    this.installSelector();
  }

  static async start(): Promise<ScriptedUpstream> {
    return new ScriptedUpstream(await createSimulator({ host: '127.0.0.1', port: 0 }));
  }

  baseUrlFor(deployment: typeof PRIMARY | typeof FALLBACK): string {
    return this.simulator.baseUrlFor(deployment);
  }

  /** Registers a script and returns the user text that selects it. */
  script(script: FaultScript, label = 'case'): string {
    const id = `${label.replace(/\W+/g, '-')}-${++this.counter}`;
    this.scripts.set(id, { script, attempts: 0 });
    return `rel:${id} Say hello`;
  }

  /** The upstream requests a scripted request made, in order. */
  attemptsOf(text: string): RecordedRequest[] {
    const marker = text.split(' ')[0]!;
    return this.simulator.requests.filter((request) => JSON.stringify(request.body).includes(`"${marker} `));
  }

  /** Forgets recorded requests and finished scripts (a long soak would otherwise keep every body). */
  forget(): void {
    this.simulator.reset();
    this.scripts.clear();
    this.installSelector();
  }

  close(): Promise<void> {
    return this.simulator.close();
  }

  private installSelector(): void {
    this.simulator.setScenario((request, info) => {
      const id = /^rel:(\S+)/.exec(request.lastUserText)?.[1];
      const entry = id === undefined ? undefined : this.scripts.get(id);
      if (entry === undefined) return undefined;
      entry.attempts += 1;
      return entry.script(entry.attempts, info.provider);
    });
  }
}
