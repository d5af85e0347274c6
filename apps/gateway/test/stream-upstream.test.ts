import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProviderAdapter } from '@llmux/provider-kit';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapterRegistry, createGateway, type Gateway, loadConfig } from '../src/index.js';
import { expectValid, MASTER_KEY } from './helpers.js';

// Some vendors answer better (or only) in streams: an adapter may turn a whole request into a streamed
// upstream call, and the gateway must still answer the client with one completion, usage included.
describe('a whole answer gathered from a streamed upstream call', () => {
  let gateway: Gateway;
  let client: OpenAI;
  const dataDir = mkdtempSync(join(tmpdir(), 'llmux-stream-upstream-'));
  beforeAll(async () => {
    const registry = createAdapterRegistry();
    const streamingOnly = (adapter: ProviderAdapter): ProviderAdapter => ({
      ...adapter,
      toUpstream: (request, target) => adapter.toUpstream({ ...request, stream: true }, target),
    });
    gateway = await createGateway(
      loadConfig({
        PORT: '0',
        LLMUX_SIMULATE: '1',
        LLMUX_DATA_DIR: dataDir,
        LLMUX_MASTER_KEY: MASTER_KEY,
        LLMUX_LOG_LEVEL: 'silent',
      }),
      {
        announce: () => {},
        adapters: (provider, protocol) => {
          const adapter = registry(provider, protocol);
          return adapter === undefined ? undefined : streamingOnly(adapter);
        },
      },
    );
    const url = await gateway.listen();
    client = new OpenAI({ apiKey: MASTER_KEY, baseURL: `${url}/v1`, maxRetries: 0 });
  });
  afterAll(async () => {
    await gateway.close({ timeoutMs: 2000 });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each(['gpt-4o-mini', 'claude-haiku-4-5', 'gemini-2.5-flash'])('%s', async (model) => {
    const completion = await client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'Hi [[sim:{"text":"gathered from many chunks","chunkSize":3}]]' }],
    });
    expectValid('completion', completion);
    expect(completion.choices[0]!.message.content).toBe('gathered from many chunks');
    expect(completion.usage?.completion_tokens).toBeGreaterThan(0);
    const upstream = gateway.simulator!.requests.at(-1)!;
    expect(JSON.stringify(upstream.body).includes('"stream":true') || upstream.path.includes('stream')).toBe(
      true,
    );
  });

  it('a cut upstream stream is an error, not a partial answer', async () => {
    const error = await client.chat.completions
      .create({
        model: 'gpt-4o-mini',
        messages: [
          { role: 'user', content: '[[sim:{"text":"never finished","chunkSize":2,"cutAfterEvents":3}]]' },
        ],
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBeGreaterThanOrEqual(500);
  });
});
