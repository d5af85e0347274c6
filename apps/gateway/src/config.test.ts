import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getModel, listModels, suggestModelIds } from '@llmux/catalog';
import { describe, expect, it } from 'vitest';
import { ConfigError, hasAnyVendorKey, isFleetMode, loadConfig } from './config.js';
import { buildDeployments, type CatalogLike } from './routing/deployments.js';

function writeConfig(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'llmux-config-')), 'llmux.config.yaml');
  writeFileSync(path, text);
  return path;
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 8787, host: '127.0.0.1', simulate: false, logLevel: 'info' });
    expect(config.dataDir.endsWith('/data')).toBe(true);
    expect(config.maxBodyBytes).toBe(20 * 1024 * 1024);
    expect(config.providers.anthropic.baseUrl).toBe('https://api.anthropic.com');
    expect(config.providers.zhipu.apiKey).toBeUndefined();
    expect(hasAnyVendorKey(config)).toBe(false);
    expect(config.routing.maxRetries).toBe(2);
  });

  it('reads vendor keys and base URLs under their customary names', () => {
    const config = loadConfig({ ZHIPUAI_API_KEY: 'z', DEEPSEEK_BASE_URL: 'https://proxy.example/v1/' });
    expect(config.providers.zhipu.apiKey).toBe('z');
    expect(config.providers.deepseek.baseUrl).toBe('https://proxy.example/v1');
    expect(hasAnyVendorKey(config)).toBe(true);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ LLMUX_LOG_LEVEL: 'loud' }, 'LLMUX_LOG_LEVEL'],
    [{ LLMUX_SIMULATE: 'maybe' }, 'LLMUX_SIMULATE'],
    [{ LLMUX_MASTER_KEY: 'short' }, 'LLMUX_MASTER_KEY'],
    [{ OPENAI_BASE_URL: 'not a url' }, 'OPENAI_BASE_URL'],
    [{ DATABASE_URL: 'mysql://db/llmux', LLMUX_MASTER_KEY: 'k'.repeat(16) }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url', LLMUX_MASTER_KEY: 'k'.repeat(16) }, 'DATABASE_URL'],
    [{ REDIS_URL: 'http://cache:6379', LLMUX_MASTER_KEY: 'k'.repeat(16) }, 'REDIS_URL'],
    [{ DATABASE_URL: 'postgres://db/llmux' }, 'LLMUX_MASTER_KEY'],
    [{ REDIS_URL: 'redis://cache:6379/0' }, 'LLMUX_MASTER_KEY'],
    [{ LLMUX_CONFIG: '/nonexistent/llmux.yaml' }, 'LLMUX_CONFIG'],
    [{ LLMUX_BODY_IDLE_TIMEOUT_MS: 'soon' }, 'LLMUX_BODY_IDLE_TIMEOUT_MS'],
    [{ LLMUX_BODY_TIMEOUT_MS: '0' }, 'LLMUX_BODY_TIMEOUT_MS'],
    [{ LLMUX_HEADERS_TIMEOUT_MS: '-1' }, 'LLMUX_HEADERS_TIMEOUT_MS'],
    [{ LLMUX_KEEP_ALIVE_TIMEOUT_MS: '1.5' }, 'LLMUX_KEEP_ALIVE_TIMEOUT_MS'],
  ])('refuses %o naming %s', (env, key) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(key);
  });

  it('reads the fleet stores; either URL means fleet mode', () => {
    const masterKey = { LLMUX_MASTER_KEY: 'k'.repeat(16) };
    const embedded = loadConfig(masterKey);
    expect(embedded).toMatchObject({ databaseUrl: undefined, redisUrl: undefined });
    expect(isFleetMode(embedded)).toBe(false);
    const both = loadConfig({
      ...masterKey,
      DATABASE_URL: 'postgresql://llmux:pw@db:5432/llmux',
      REDIS_URL: 'rediss://cache:6380/2',
    });
    expect(both).toMatchObject({
      databaseUrl: 'postgresql://llmux:pw@db:5432/llmux',
      redisUrl: 'rediss://cache:6380/2',
    });
    expect(isFleetMode(both)).toBe(true);
    expect(isFleetMode(loadConfig({ ...masterKey, REDIS_URL: 'redis://cache:6379' }))).toBe(true);
    expect(isFleetMode(loadConfig({ ...masterKey, DATABASE_URL: 'postgres://db/llmux' }))).toBe(true);
  });

  it('explains why fleet mode needs LLMUX_MASTER_KEY', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/llmux' })).toThrow(
      /fleet mode \(DATABASE_URL or REDIS_URL is set\) needs one master key shared by every replica/,
    );
  });

  it('reads the client-side timeouts, with defaults a person would choose', () => {
    expect(loadConfig({}).timeouts).toEqual({
      headersTimeoutMs: 15_000,
      bodyIdleTimeoutMs: 30_000,
      bodyTimeoutMs: 120_000,
      keepAliveTimeoutMs: 65_000,
    });
    const tuned = loadConfig({
      LLMUX_HEADERS_TIMEOUT_MS: '2000',
      LLMUX_BODY_IDLE_TIMEOUT_MS: '500',
      LLMUX_BODY_TIMEOUT_MS: '3000',
      LLMUX_KEEP_ALIVE_TIMEOUT_MS: '4000',
    });
    expect(tuned.timeouts).toEqual({
      headersTimeoutMs: 2000,
      bodyIdleTimeoutMs: 500,
      bodyTimeoutMs: 3000,
      keepAliveTimeoutMs: 4000,
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', OPENAI_API_KEY: '' }).port).toBe(8787);
    expect(hasAnyVendorKey(loadConfig({ OPENAI_API_KEY: '' }))).toBe(false);
  });

  it('reads the YAML file and names a bad key with its path', () => {
    const good = writeConfig(
      'deployments:\n  - model: gpt-4o\n    provider: openai\n    apiKeyEnv: SECOND_KEY\n    priority: 1\nrouting:\n  maxRetries: 0\n',
    );
    const config = loadConfig({ LLMUX_CONFIG: good, SECOND_KEY: 'k' });
    expect(config.deployments[0]).toMatchObject({
      model: 'gpt-4o',
      provider: 'openai',
      priority: 1,
      weight: 1,
    });
    expect(config.routing).toMatchObject({ maxRetries: 0, backoffMs: 250 });

    const bad = writeConfig('deployments:\n  - model: gpt-4o\n    provider: nowhere\n');
    expect(() => loadConfig({ LLMUX_CONFIG: bad })).toThrow(/deployments\.0\.provider/);
    const unknownKey = writeConfig('routing:\n  retries: 3\n');
    expect(() => loadConfig({ LLMUX_CONFIG: unknownKey })).toThrow(/routing/);
    const missingEnv = writeConfig(
      'deployments:\n  - model: gpt-4o\n    provider: openai\n    apiKeyEnv: NOPE\n',
    );
    expect(() => loadConfig({ LLMUX_CONFIG: missingEnv })).toThrow(/apiKeyEnv.*NOPE/);
    const notYaml = writeConfig('deployments: [\n');
    expect(() => loadConfig({ LLMUX_CONFIG: notYaml })).toThrow(/not valid YAML/);
  });

  it('accepts the documented example file (llmux.config.example.yaml)', () => {
    const path = join(dirname(fileURLToPath(import.meta.url)), '..', 'llmux.config.example.yaml');
    const config = loadConfig({
      LLMUX_CONFIG: path,
      ANTHROPIC_API_KEY: 'a',
      ANTHROPIC_BACKUP_KEY: 'b',
      ARK_API_KEY: 'c',
    });
    expect(config.aliases.fast).toBe('gpt-4o-mini');
    const deployments = buildDeployments(config, {
      listModels,
      getModel,
      suggestModelIds,
    } as unknown as CatalogLike);
    const sonnet = deployments.get(getModel('claude-sonnet-4-5')!.id)!;
    expect(sonnet.map((deployment) => deployment.name)).toContain('anthropic-backup');
    expect(deployments.get('deepseek-v3-2')!.some((deployment) => deployment.provider === 'ark')).toBe(true);
  });
});
