import { getModel, listModels, suggestModelIds } from '@llmux/catalog';
import { ProviderError } from '@llmux/provider-kit';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';
import { computeBackoff } from '../pipeline/attempts.js';
import {
  buildDeployments,
  type CatalogLike,
  CircuitBreaker,
  type Deployment,
  orderDeployments,
} from './deployments.js';

const catalog = { listModels, getModel, suggestModelIds } as unknown as CatalogLike;

describe('buildDeployments', () => {
  it('creates one deployment per catalog endpoint whose vendor key is set', () => {
    const deployments = buildDeployments(loadConfig({ ANTHROPIC_API_KEY: 'a' }), catalog);
    expect(deployments.size).toBeGreaterThan(0);
    for (const [, list] of deployments)
      for (const deployment of list) expect(deployment.provider).toBe('anthropic');
    const first = deployments.get('claude-haiku-4-5-20251001')![0]!;
    expect(first).toMatchObject({
      apiKey: 'a',
      baseUrl: 'https://api.anthropic.com',
      priority: 0,
      weight: 1,
    });
  });

  it('adds config deployments and refuses an unknown model with a suggestion', () => {
    const config = loadConfig({ OPENAI_API_KEY: 'o' });
    config.deployments = [
      {
        model: 'gpt-4o',
        provider: 'openai',
        name: 'backup',
        apiKey: 'second',
        baseUrl: 'https://backup.example/v1',
        priority: 3,
        weight: 1,
      },
    ];
    const list = buildDeployments(config, catalog).get('gpt-4o')!;
    expect(list.map((deployment) => deployment.name)).toEqual(['openai:gpt-4o', 'backup']);
    expect(list[1]).toMatchObject({ apiKey: 'second', upstreamModel: 'gpt-4o', protocol: 'openai-chat' });

    config.deployments = [{ model: 'gpt-4oo', provider: 'openai', priority: 0, weight: 1 }];
    expect(() => buildDeployments(config, catalog)).toThrow(ConfigError);
    expect(() => buildDeployments(config, catalog)).toThrow(/gpt-4o/);
  });
});

function fake(name: string, priority: number, weight = 1): Deployment {
  return { name, priority, weight } as Deployment;
}

describe('orderDeployments and the circuit breaker', () => {
  it('orders by priority, weighted within a priority, cooling deployments last', () => {
    const breaker = new CircuitBreaker(2, 1000, () => 0);
    const deployments = [fake('a', 0, 1), fake('b', 0, 3), fake('c', 1)];
    // random 0.5 of total 4 → falls in b's share.
    expect(orderDeployments(deployments, breaker, () => 0.5).map((d) => d.name)).toEqual(['b', 'a', 'c']);
    expect(orderDeployments(deployments, breaker, () => 0).map((d) => d.name)).toEqual(['a', 'b', 'c']);
    breaker.recordFailure('a');
    breaker.recordFailure('a');
    expect(breaker.isCoolingDown('a')).toBe(true);
    expect(orderDeployments(deployments, breaker, () => 0).map((d) => d.name)).toEqual(['b', 'c', 'a']);
  });

  it('closes again after the cool-down or a success', () => {
    let now = 0;
    const breaker = new CircuitBreaker(1, 1000, () => now);
    breaker.recordFailure('x');
    expect(breaker.isCoolingDown('x')).toBe(true);
    now = 1000;
    expect(breaker.isCoolingDown('x')).toBe(false);
    breaker.recordFailure('y');
    breaker.recordSuccess('y');
    expect(breaker.isCoolingDown('y')).toBe(false);
  });
});

describe('computeBackoff', () => {
  const routing = loadConfig({}).routing;
  const error = (retryAfterMs?: number) =>
    new ProviderError({
      status: 429,
      type: 'rate_limit_error',
      message: 'slow down',
      retryable: true,
      retryAfterMs,
    });
  it('doubles with full jitter', () => {
    expect(computeBackoff(routing, 0, error(), () => 0)).toBe(125);
    expect(computeBackoff(routing, 2, error(), () => 1)).toBe(1000);
  });
  it("honours the vendor's retry-after, and fails over when it is too long", () => {
    expect(computeBackoff(routing, 0, error(3000), () => 0)).toBe(3000);
    expect(computeBackoff(routing, 0, error(60_000), () => 0)).toBeUndefined();
  });
});
