import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentFake, type RecordedExchange, startAgentFake } from './fake-agent-server.js';

/**
 * The fake, without any agent: every recorded request replayed into it gets the same kind of answer as
 * when the agent sent it. Keeps the fake (and the fixtures' meaning) checked where no agent is installed.
 */

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'agents');

function listFixtures(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return listFixtures(path);
    return /^\d{2}-.*\.json$/.test(name) ? [path] : [];
  });
}

describe('the recording fake replays the recorded agent requests', () => {
  let fake: AgentFake;
  beforeAll(async () => {
    fake = await startAgentFake();
  });
  afterAll(async () => {
    await fake.close();
  });

  const fixtures = listFixtures(FIXTURES);
  it('has fixtures to replay', () => {
    expect(fixtures.length).toBeGreaterThan(10);
  });

  for (const path of fixtures) {
    it(relative(FIXTURES, path), async () => {
      const recorded = JSON.parse(readFileSync(path, 'utf8')) as RecordedExchange & {
        response: { status: number };
      };
      const headers = Object.fromEntries(
        Object.entries(recorded.headers).filter(
          ([name]) => !['host', 'content-length', 'connection'].includes(name),
        ),
      );
      const response = await fetch(`${fake.url}${recorded.url}`, {
        method: recorded.method,
        headers,
        ...(recorded.body === null ? {} : { body: JSON.stringify(recorded.body) }),
      });
      await response.arrayBuffer();
      expect(response.status).toBe(recorded.response.status);
      const replayed = fake.exchanges.at(-1)!;
      expect(replayed.label).toBe(recorded.label);
      expect(replayed.step?.kind).toBe(recorded.step?.kind);
      // The credential never reaches a fixture.
      expect(readFileSync(path, 'utf8')).not.toContain('sk-llmux-agent-test-key');
    });
  }
});
