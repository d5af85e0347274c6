import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type GatewayProcess, spawnGateway } from './gateway-process.js';
import { type Exchange, exchangeText } from './http-client.js';
import { INBOUND_PROTOCOLS, type InboundProtocol } from './protocols/index.js';
import { SecretScanner } from './secret-scanner.js';
import { FALLBACK, PRIMARY, ScriptedUpstream } from './upstream.js';

/** The routing the suite runs with: the defaults, with waits shortened so a fault costs seconds, not minutes. */
export const SUITE_ROUTING = {
  maxRetries: 2,
  backoffMs: 20,
  maxRetryAfterMs: 10_000,
  attemptTimeoutMs: 700,
  requestTimeoutMs: 12_000,
  failureThreshold: 3,
  cooldownMs: 250,
  shutdownTimeoutMs: 10_000,
};

export interface GatewayRequest {
  env?: Record<string, string>;
  routing?: Partial<typeof SUITE_ROUTING>;
  /** An existing data dir (a restart); default a new one. */
  dataDir?: string;
  /** Default `info`. */
  logLevel?: string;
}

/** What every scenario shares: the credentials, the scripted upstream, the secret scanner, the children. */
export class SuiteContext {
  readonly secrets = {
    masterKey: `llmux-rel-master-${randomBytes(16).toString('hex')}`,
    vendorKey: `sk-rel-vendor-${randomBytes(16).toString('hex')}`,
    fallbackKey: `sk-rel-fallback-${randomBytes(16).toString('hex')}`,
    /** A key a client sends that the gateway does not know: it must not be logged either. */
    strangerKey: `sk-rel-stranger-${randomBytes(16).toString('hex')}`,
  };
  readonly scanner = new SecretScanner({
    'master key': this.secrets.masterKey,
    'vendor key': this.secrets.vendorKey,
    'fallback vendor key': this.secrets.fallbackKey,
    'unknown client key': this.secrets.strangerKey,
  });
  readonly children = new Set<ChildProcess>();
  readonly protocols: readonly InboundProtocol[] = INBOUND_PROTOCOLS;
  private readonly directories: string[] = [];

  private constructor(
    readonly upstream: ScriptedUpstream,
    readonly mainPath: string,
    /** The long run: a 3-minute soak and more samples. */
    readonly long: boolean,
  ) {}

  static async create(mainPath: string, long: boolean): Promise<SuiteContext> {
    return new SuiteContext(await ScriptedUpstream.start(), mainPath, long);
  }

  newDataDir(): string {
    const directory = mkdtempSync(join(tmpdir(), 'llmux-reliability-'));
    this.directories.push(directory);
    return directory;
  }

  /**
   * The built gateway as a child process, serving `gpt-4o-mini` from two deployments on the simulators: the
   * catalog's OpenAI endpoint (primary) and a config-file fallback. Every line it writes goes through the
   * secret scan.
   */
  startGateway(request: GatewayRequest = {}): Promise<GatewayProcess> {
    const dataDir = request.dataDir ?? this.newDataDir();
    const configPath = join(dataDir, 'llmux.config.json');
    // JSON is YAML: no YAML writer needed.
    writeFileSync(
      configPath,
      JSON.stringify({
        deployments: [
          {
            model: 'gpt-4o-mini',
            provider: 'openai',
            name: 'fallback',
            baseUrl: this.upstream.baseUrlFor(FALLBACK),
            apiKeyEnv: 'RELIABILITY_FALLBACK_KEY',
            priority: 1,
          },
        ],
        routing: { ...SUITE_ROUTING, ...request.routing },
      }),
    );
    return spawnGateway({
      mainPath: this.mainPath,
      dataDir,
      children: this.children,
      env: {
        LLMUX_MASTER_KEY: this.secrets.masterKey,
        LLMUX_LOG_LEVEL: request.logLevel ?? 'info',
        LLMUX_CONFIG: configPath,
        OPENAI_API_KEY: this.secrets.vendorKey,
        OPENAI_BASE_URL: this.upstream.baseUrlFor(PRIMARY),
        RELIABILITY_FALLBACK_KEY: this.secrets.fallbackKey,
        ...request.env,
      },
      onLine: (line) => this.scanner.scan('log line', line),
    });
  }

  /** Every response the suite reads goes through here, into the secret scan. */
  observe(exchange: Exchange): Exchange {
    this.scanner.scan('response', exchangeText(exchange));
    return exchange;
  }

  /** Kills every child still running (a scenario that failed half-way) and removes the data dirs. */
  async cleanUp(): Promise<void> {
    const exits = [...this.children].map(
      (child) =>
        new Promise<void>((resolve) =>
          child.exitCode !== null ? resolve() : child.once('exit', () => resolve()),
        ),
    );
    for (const child of this.children) child.kill('SIGKILL');
    await Promise.all(exits);
    for (const directory of this.directories.splice(0)) rmSync(directory, { recursive: true, force: true });
  }

  /** The synchronous last resort (process 'exit', a signal): no child outlives the suite. */
  killChildrenNow(): void {
    for (const child of this.children) child.kill('SIGKILL');
  }

  async close(): Promise<void> {
    await this.cleanUp();
    await this.upstream.close();
  }
}

export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
