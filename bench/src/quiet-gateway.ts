// The embedded gateway the in-process benchmarks measure: a fresh data directory, a fixed master key, no logs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGateway, type Gateway, loadConfig } from '@llmux/gateway';

export async function createQuietGateway(
  name: string,
): Promise<{ gateway: Gateway; close(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), `llmux-bench-${name}-`));
  const gateway = await createGateway(
    loadConfig({
      LLMUX_DATA_DIR: dataDir,
      LLMUX_MASTER_KEY: 'llmux-bench-master-key-0123456789',
      OPENAI_API_KEY: 'sk-bench',
      LLMUX_LOG_LEVEL: 'silent',
    }),
    { logDestination: { write: () => {} }, announce: () => {} },
  );
  return {
    gateway,
    async close() {
      await gateway.close({ timeoutMs: 0 });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
