import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PROVIDERS } from '@llmux/catalog';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { readTracingSettings, type TracingSettings } from './tracing/tracing-settings.js';

/** The provider ids the gateway knows, in the order of PROVIDERS. */
export type ProviderId = keyof typeof PROVIDERS;

/** 20 MiB: a request may carry a few base64 images (OpenAI accepts up to 20 MB per image URL payload). */
export const DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024;

/** How long the gateway waits on a client, before any upstream is involved. */
export interface ServerTimeouts {
  /** From the connection's opening (kept alive: the next request's first byte) to the last header line. */
  headersTimeoutMs: number;
  /** The longest silence between two chunks of a request body. */
  bodyIdleTimeoutMs: number;
  /** The whole body, from the end of the headers to its last byte. */
  bodyTimeoutMs: number;
  /** How long an idle keep-alive connection stays open between requests. */
  keepAliveTimeoutMs: number;
}

/**
 * Defaults a person would choose for an API whose requests are at most a few MiB of JSON: 15 s for the
 * headers (a real client sends them in one packet; a slowloris client trickles them), 30 s of silence in a
 * body (a stalled upload, not a slow one), 120 s for a whole body (20 MiB at about 1.4 Mbit/s), and 65 s of
 * keep-alive (longer than the 60 s idle timeout of common load balancers, so they close first and never
 * reuse a connection the gateway is closing).
 */
export const DEFAULT_SERVER_TIMEOUTS: ServerTimeouts = {
  headersTimeoutMs: 15_000,
  bodyIdleTimeoutMs: 30_000,
  bodyTimeoutMs: 120_000,
  keepAliveTimeoutMs: 65_000,
};

const booleanFlag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no', ''])
  .transform((value) => value === '1' || value === 'true' || value === 'yes');

const positiveInt = z.coerce.number().int().positive();

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  LLMUX_MASTER_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  LLMUX_DATA_DIR: z.string().min(1).default('./data'),
  /** `node` (node:sqlite, Node >= 22.13) or `wasm`; unset: the first this Node has. */
  LLMUX_SQLITE_DRIVER: z.enum(['node', 'wasm']).optional(),
  LLMUX_CONFIG: z.string().min(1).optional(),
  LLMUX_SIMULATE: booleanFlag.default(false),
  LLMUX_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LLMUX_MAX_BODY_BYTES: positiveInt.default(DEFAULT_MAX_BODY_BYTES),
  LLMUX_HEADERS_TIMEOUT_MS: positiveInt.default(DEFAULT_SERVER_TIMEOUTS.headersTimeoutMs),
  LLMUX_BODY_IDLE_TIMEOUT_MS: positiveInt.default(DEFAULT_SERVER_TIMEOUTS.bodyIdleTimeoutMs),
  LLMUX_BODY_TIMEOUT_MS: positiveInt.default(DEFAULT_SERVER_TIMEOUTS.bodyTimeoutMs),
  LLMUX_KEEP_ALIVE_TIMEOUT_MS: positiveInt.default(DEFAULT_SERVER_TIMEOUTS.keepAliveTimeoutMs),
  /** PostgreSQL for keys, usage and spend shared by every replica (fleet mode). */
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' })
    .optional(),
  /** Redis for the limit counters and the revocation pub/sub shared by every replica (fleet mode). */
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
});

const deploymentConfigSchema = z.strictObject({
  /** The public model id (or alias) this deployment serves. */
  model: z.string().min(1),
  provider: z.enum(Object.keys(PROVIDERS) as [ProviderId, ...ProviderId[]]),
  /** Defaults to the catalog endpoint of the same provider. */
  upstreamModel: z.string().min(1).optional(),
  protocol: z.enum(['openai-chat', 'openai-responses', 'anthropic-messages', 'gemini']).optional(),
  /** A name for logs, metrics and usage rows; defaults to `<provider>:<upstreamModel>#<n>`. */
  name: z.string().min(1).optional(),
  /** The name of an environment variable holding the key (keeps secrets out of the file). */
  apiKeyEnv: z.string().min(1).optional(),
  apiKey: z.string().min(1).optional(),
  baseUrl: z.url().optional(),
  /** Lower is tried first; catalog deployments use their endpoint position (0, 1, ...). */
  priority: z.number().int().min(0).default(0),
  /** Share of traffic among deployments of equal priority. */
  weight: z.number().positive().default(1),
  options: z.record(z.string(), z.unknown()).optional(),
});
export type DeploymentConfig = z.infer<typeof deploymentConfigSchema>;

const routingConfigSchema = z.strictObject({
  /** Extra attempts on the same deployment after a retryable failure, before failing over. */
  maxRetries: z.number().int().min(0).max(10).default(2),
  /** First backoff; doubles per retry, with full jitter. */
  backoffMs: z.number().int().min(0).default(250),
  /** The longest pause honoured from a vendor's retry-after; beyond it the gateway fails over at once. */
  maxRetryAfterMs: z.number().int().min(0).default(10_000),
  /** Time to the response headers, and the longest silence between two body chunks, per attempt. */
  attemptTimeoutMs: z.number().int().positive().default(120_000),
  /** The deadline of a whole request, every attempt included. */
  requestTimeoutMs: z.number().int().positive().default(600_000),
  /** Consecutive failures that put a deployment in cool-down. */
  failureThreshold: z.number().int().positive().default(3),
  cooldownMs: z.number().int().min(0).default(30_000),
  /** How long SIGTERM waits for in-flight requests before closing them. */
  shutdownTimeoutMs: z.number().int().min(0).default(30_000),
});
export type RoutingConfig = z.infer<typeof routingConfigSchema>;

const fileConfigSchema = z.strictObject({
  deployments: z.array(deploymentConfigSchema).default([]),
  /** Extra public names: alias → catalog model id. */
  aliases: z.record(z.string().min(1), z.string().min(1)).default({}),
  /** Catalog entries that replace (same id) or extend the built-in catalog. */
  models: z.array(z.unknown()).default([]),
  keys: z
    .strictObject({
      /** The model globs a new key gets when POST /admin/keys names none. */
      defaultModels: z.array(z.string().min(1)).default(['*']),
      /**
       * A key with a budget may use a model the catalog has no price for (reserving and charging $0 for it).
       * Off by default: such a request is refused, as its cost could not be held to the budget.
       */
      allowUnpricedUnderBudget: z.boolean().default(false),
    })
    .default({ defaultModels: ['*'], allowUnpricedUnderBudget: false }),
  routing: routingConfigSchema.default(routingConfigSchema.parse({})),
});
export type FileConfig = z.infer<typeof fileConfigSchema>;

export interface ProviderSettings {
  apiKey: string | undefined;
  baseUrl: string;
}

export interface GatewayConfig {
  port: number;
  host: string;
  masterKey: string | undefined;
  dataDir: string;
  /** PostgreSQL for keys, usage and spend; undefined: the embedded SQLite store under dataDir. */
  databaseUrl: string | undefined;
  /** Redis for limit counters and revocation messages; undefined: limits kept in this process. */
  redisUrl: string | undefined;
  sqliteDriver: 'node' | 'wasm' | undefined;
  simulate: boolean;
  logLevel: z.infer<typeof environmentSchema>['LLMUX_LOG_LEVEL'];
  maxBodyBytes: number;
  timeouts: ServerTimeouts;
  providers: Record<ProviderId, ProviderSettings>;
  deployments: DeploymentConfig[];
  aliases: Record<string, string>;
  models: unknown[];
  keyDefaults: { defaultModels: string[]; allowUnpricedUnderBudget: boolean };
  routing: RoutingConfig;
  /** OpenTelemetry trace export (the standard OTEL_* variables); undefined: tracing off. */
  tracing: TracingSettings | undefined;
  /** Where the environment came from, for `apiKeyEnv` lookups. */
  env: Record<string, string | undefined>;
}

/** A configuration problem, reported as one line naming the key; main.ts prints it and exits 1. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function describeIssues(source: string, error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const key = issue.path.map(String).join('.') || '(root)';
      return `${source}: ${key}: ${issue.message}`;
    })
    .join('\n');
}

/**
 * Reads and validates the whole configuration: environment variables, then the optional YAML file named by
 * LLMUX_CONFIG. Throws ConfigError naming every bad key.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  // An empty variable means "unset": shells and .env files write `FOO=` for "no value".
  const cleaned: Record<string, string> = {};
  for (const [key, value] of Object.entries(env))
    if (value !== undefined && value !== '') cleaned[key] = value;

  const parsed = environmentSchema.safeParse(cleaned);
  if (!parsed.success) throw new ConfigError(describeIssues('environment', parsed.error));
  const vars = parsed.data;

  const fleet = vars.DATABASE_URL !== undefined || vars.REDIS_URL !== undefined;
  if (fleet && vars.LLMUX_MASTER_KEY === undefined) {
    // A generated key lives in one replica's data dir: every other replica would make its own.
    throw new ConfigError(
      'environment: LLMUX_MASTER_KEY: fleet mode (DATABASE_URL or REDIS_URL is set) needs one master key shared by every replica; set LLMUX_MASTER_KEY (at least 16 characters)',
    );
  }

  const providers = {} as Record<ProviderId, ProviderSettings>;
  const issues: string[] = [];
  for (const [id, info] of Object.entries(PROVIDERS) as Array<[ProviderId, (typeof PROVIDERS)[ProviderId]]>) {
    const baseUrl = cleaned[info.baseUrlEnv] ?? info.defaultBaseUrl;
    if (!z.url({ protocol: /^https?$/ }).safeParse(baseUrl).success) {
      issues.push(`environment: ${info.baseUrlEnv}: must be an http(s) URL, got '${baseUrl}'`);
    }
    providers[id] = { apiKey: cleaned[info.apiKeyEnv], baseUrl: baseUrl.replace(/\/+$/, '') };
  }
  const tracing = readTracingSettings(cleaned);
  issues.push(...tracing.issues);
  if (issues.length > 0) throw new ConfigError(issues.join('\n'));

  let file: FileConfig = fileConfigSchema.parse({});
  if (vars.LLMUX_CONFIG !== undefined) file = readFileConfig(vars.LLMUX_CONFIG);

  for (const [index, deployment] of file.deployments.entries()) {
    if (deployment.apiKeyEnv !== undefined && cleaned[deployment.apiKeyEnv] === undefined) {
      throw new ConfigError(
        `${vars.LLMUX_CONFIG}: deployments.${index}.apiKeyEnv: the environment variable ${deployment.apiKeyEnv} is not set`,
      );
    }
  }

  return {
    port: vars.PORT,
    host: vars.HOST,
    masterKey: vars.LLMUX_MASTER_KEY,
    dataDir: resolve(vars.LLMUX_DATA_DIR),
    databaseUrl: vars.DATABASE_URL,
    redisUrl: vars.REDIS_URL,
    sqliteDriver: vars.LLMUX_SQLITE_DRIVER,
    simulate: vars.LLMUX_SIMULATE,
    logLevel: vars.LLMUX_LOG_LEVEL,
    maxBodyBytes: vars.LLMUX_MAX_BODY_BYTES,
    timeouts: {
      headersTimeoutMs: vars.LLMUX_HEADERS_TIMEOUT_MS,
      bodyIdleTimeoutMs: vars.LLMUX_BODY_IDLE_TIMEOUT_MS,
      bodyTimeoutMs: vars.LLMUX_BODY_TIMEOUT_MS,
      keepAliveTimeoutMs: vars.LLMUX_KEEP_ALIVE_TIMEOUT_MS,
    },
    providers,
    deployments: file.deployments,
    aliases: file.aliases,
    models: file.models,
    keyDefaults: file.keys,
    routing: file.routing,
    tracing: tracing.settings,
    env: cleaned,
  };
}

function readFileConfig(path: string): FileConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`environment: LLMUX_CONFIG: cannot read ${path} (${(error as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text) ?? {};
  } catch (error) {
    throw new ConfigError(`${path}: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = fileConfigSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(describeIssues(path, parsed.error));
  return parsed.data;
}

/** Fleet mode: several replicas share stores, so nothing that must hold fleet-wide may live in one process. */
export function isFleetMode(config: Pick<GatewayConfig, 'databaseUrl' | 'redisUrl'>): boolean {
  return config.databaseUrl !== undefined || config.redisUrl !== undefined;
}

/** Whether any vendor credential is configured (otherwise the gateway serves every model from the simulators). */
export function hasAnyVendorKey(config: GatewayConfig): boolean {
  return Object.values(config.providers).some((provider) => provider.apiKey !== undefined);
}
