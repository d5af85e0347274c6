import type { Pricing } from '@llmux/catalog';
import type { ModelCapabilities, Protocol } from '@llmux/provider-kit';
import type { DeploymentConfig, GatewayConfig, ProviderId } from '../config.js';
import { ConfigError } from '../config.js';

/** The catalog entry fields the gateway reads (a structural subset of @llmux/catalog's CatalogEntry). */
export interface ModelEntry {
  id: string;
  aliases: readonly string[];
  vendor: string;
  protocol: Protocol;
  endpoints: ReadonlyArray<{
    provider: ProviderId;
    upstreamModel: string;
    protocol: Protocol;
    options?: Readonly<Record<string, unknown>>;
    pricing?: EntryPricing;
  }>;
  owned_by: string;
  contextWindow: number;
  maxOutputTokens: number;
  capabilities: ModelCapabilities;
  pricing: EntryPricing | null;
  status?: string;
  shutdownDate?: string;
  replacement?: string;
}

/** The catalog's price shape (USD per million tokens, with tiers by input length). */
export type EntryPricing = Pricing;

/** One way to serve a public model: an endpoint, an upstream model id and a credential. */
export interface Deployment {
  /** Stable name for logs, metrics, usage rows and the circuit breaker. */
  name: string;
  model: ModelEntry;
  provider: ProviderId;
  protocol: Protocol;
  upstreamModel: string;
  baseUrl: string;
  apiKey: string;
  priority: number;
  weight: number;
  options: Readonly<Record<string, unknown>> | undefined;
  pricing: EntryPricing | null;
}

export interface CatalogLike {
  listModels(): readonly ModelEntry[];
  getModel(id: string): ModelEntry | undefined;
  suggestModelIds(id: string, limit?: number): string[];
}

/**
 * Builds every model's ordered deployment list: one per catalog endpoint whose vendor key is configured
 * (priority = the endpoint's position), plus the config file's own deployments.
 */
export function buildDeployments(config: GatewayConfig, catalog: CatalogLike): Map<string, Deployment[]> {
  const byModel = new Map<string, Deployment[]>();
  const add = (deployment: Deployment) => {
    const list = byModel.get(deployment.model.id) ?? [];
    list.push(deployment);
    byModel.set(deployment.model.id, list);
  };

  // Retired models stay routable: the catalog's retirement dates may be stale, and an operator's
  // endpoint (or the simulator) may still serve them. Each answer carries a warning naming the successor.
  for (const model of catalog.listModels()) {
    model.endpoints.forEach((endpoint, index) => {
      const provider = config.providers[endpoint.provider];
      if (provider?.apiKey === undefined) return;
      // An endpoint of its own (DeepSeek's time-limited Speciale URL) yields to the simulator in simulate mode.
      const baseUrl =
        typeof endpoint.options?.baseUrl === 'string' && !config.simulate
          ? endpoint.options.baseUrl
          : provider.baseUrl;
      add({
        name: `${endpoint.provider}:${endpoint.upstreamModel}`,
        model,
        provider: endpoint.provider,
        protocol: endpoint.protocol,
        upstreamModel: endpoint.upstreamModel,
        baseUrl: stripTrailingSlash(baseUrl),
        apiKey: provider.apiKey,
        priority: index,
        weight: 1,
        options: endpoint.options,
        pricing: endpoint.pricing ?? model.pricing,
      });
    });
  }

  for (const [index, entry] of config.deployments.entries()) add(fromConfig(entry, index, config, catalog));
  for (const list of byModel.values()) list.sort((a, b) => a.priority - b.priority);
  return byModel;
}

function fromConfig(
  entry: DeploymentConfig,
  index: number,
  config: GatewayConfig,
  catalog: CatalogLike,
): Deployment {
  const where = `LLMUX_CONFIG: deployments.${index}`;
  const model = catalog.getModel(config.aliases[entry.model] ?? entry.model);
  if (model === undefined) {
    const suggestions = catalog.suggestModelIds(entry.model);
    throw new ConfigError(
      `${where}.model: unknown model '${entry.model}'${suggestions.length > 0 ? ` (did you mean ${suggestions.join(', ')}?)` : ''}`,
    );
  }
  const endpoint = model.endpoints.find((candidate) => candidate.provider === entry.provider);
  const upstreamModel = entry.upstreamModel ?? endpoint?.upstreamModel;
  if (upstreamModel === undefined) {
    throw new ConfigError(
      `${where}.upstreamModel: required, as the catalog has no ${entry.provider} endpoint for ${model.id}`,
    );
  }
  const protocol = entry.protocol ?? endpoint?.protocol ?? defaultProtocol(entry.provider);
  const apiKey =
    entry.apiKey ??
    (entry.apiKeyEnv !== undefined ? config.env[entry.apiKeyEnv] : undefined) ??
    config.providers[entry.provider].apiKey;
  if (apiKey === undefined) {
    throw new ConfigError(
      `${where}.apiKeyEnv: no credential for this deployment (set apiKeyEnv, or the provider's API key variable)`,
    );
  }
  return {
    name: entry.name ?? `${entry.provider}:${upstreamModel}#${index + 1}`,
    model,
    provider: entry.provider,
    protocol,
    upstreamModel,
    baseUrl: stripTrailingSlash(entry.baseUrl ?? config.providers[entry.provider].baseUrl),
    apiKey,
    priority: entry.priority,
    weight: entry.weight,
    options: { ...endpoint?.options, ...entry.options },
    pricing: endpoint?.pricing ?? model.pricing,
  };
}

function defaultProtocol(provider: ProviderId): Protocol {
  if (provider === 'anthropic') return 'anthropic-messages';
  if (provider === 'gemini') return 'gemini';
  return 'openai-chat';
}

function stripTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/**
 * Tracks consecutive failures per deployment; after `threshold` of them the deployment cools down for
 * `cooldownMs` and is tried only when nothing else is left.
 */
export class CircuitBreaker {
  private readonly failures = new Map<string, number>();
  private readonly openUntil = new Map<string, number>();

  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  isCoolingDown(name: string): boolean {
    const until = this.openUntil.get(name);
    if (until === undefined) return false;
    if (until <= this.now()) {
      this.openUntil.delete(name);
      return false;
    }
    return true;
  }

  recordSuccess(name: string): void {
    this.failures.delete(name);
    this.openUntil.delete(name);
  }

  recordFailure(name: string): void {
    const count = (this.failures.get(name) ?? 0) + 1;
    this.failures.set(name, count);
    if (count >= this.threshold) {
      this.openUntil.set(name, this.now() + this.cooldownMs);
      this.failures.delete(name);
    }
  }
}

/**
 * The order to try deployments in: by priority, weighted-random within one priority, deployments in
 * cool-down last (still tried, so a model never becomes unavailable only because of the breaker).
 */
export function orderDeployments(
  deployments: readonly Deployment[],
  breaker: CircuitBreaker,
  random: () => number = Math.random,
): Deployment[] {
  if (deployments.length === 1) return [deployments[0]!];
  const healthy: Deployment[] = [];
  const cooling: Deployment[] = [];
  for (const deployment of deployments) {
    (breaker.isCoolingDown(deployment.name) ? cooling : healthy).push(deployment);
  }
  return [...shuffleByPriority(healthy, random), ...shuffleByPriority(cooling, random)];
}

function shuffleByPriority(deployments: Deployment[], random: () => number): Deployment[] {
  const result: Deployment[] = [];
  let index = 0;
  while (index < deployments.length) {
    const priority = deployments[index]!.priority;
    const group: Deployment[] = [];
    while (index < deployments.length && deployments[index]!.priority === priority)
      group.push(deployments[index++]!);
    // Weighted sampling without replacement.
    while (group.length > 0) {
      const total = group.reduce((sum, deployment) => sum + deployment.weight, 0);
      let pick = random() * total;
      let chosen = group.length - 1;
      for (let candidate = 0; candidate < group.length; candidate++) {
        pick -= group[candidate]!.weight;
        if (pick < 0) {
          chosen = candidate;
          break;
        }
      }
      result.push(group.splice(chosen, 1)[0]!);
    }
  }
  return result;
}
