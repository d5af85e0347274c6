import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { InboundModel } from '@llmux/provider-kit';
import type { AnthropicInboundRequest } from './parse-request.js';
import { parseAnthropicRequest } from './parse-request.js';

/** Claude Code's recorded requests, kept by the gateway's agent tests (read, not copied: 50–130 KB each). */
const CLAUDE_CODE_FIXTURES = join(
  import.meta.dirname,
  '../../../../apps/gateway/test/fixtures/agents/claude-code',
);

function listJson(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return listJson(path);
    return name.endsWith('.json') ? [path] : [];
  });
}

/** Every recorded `POST /v1/messages` body, by its path under the fixture directory. */
export function readClaudeCodeRequests(): { name: string; body: Record<string, unknown> }[] {
  return listJson(CLAUDE_CODE_FIXTURES)
    .map((path) => ({
      name: path.slice(CLAUDE_CODE_FIXTURES.length + 1),
      record: JSON.parse(readFileSync(path, 'utf8')),
    }))
    .filter(
      ({ record }) => typeof record.url === 'string' && record.url.startsWith('/v1/messages') && record.body,
    )
    .map(({ name, record }) => ({ name, body: record.body as Record<string, unknown> }));
}

export function readRequestFixture(name: string): AnthropicInboundRequest {
  const text = readFileSync(join(import.meta.dirname, '__fixtures__', name), 'utf8');
  return parseAnthropicRequest(JSON.parse(text)).request;
}

export const GPT_MODEL: InboundModel = {
  id: 'gpt-5-2',
  upstreamProtocol: 'openai-responses',
  reasoning: true,
  reasoningEffort: ['none', 'low', 'medium', 'high', 'xhigh'],
};
export const GEMINI_MODEL: InboundModel = {
  id: 'gemini-3-pro',
  upstreamProtocol: 'gemini',
  reasoning: true,
  reasoningEffort: ['low', 'high'],
};
export const DEEPSEEK_MODEL: InboundModel = {
  id: 'deepseek-v3-2',
  upstreamProtocol: 'openai-chat',
  reasoning: true,
  reasoningEffort: null,
};
export const PLAIN_MODEL: InboundModel = {
  id: 'gpt-4-1',
  upstreamProtocol: 'openai-chat',
  reasoning: false,
  reasoningEffort: null,
};
