// Test and benchmark helper (not exported): loads the recorded streams in `__fixtures__` and puts
// their SSE framing back the way each vendor sends it (see `__fixtures__/README.md`).
import { readFileSync } from 'node:fs';

export const FIXTURES_DIRECTORY = new URL('./__fixtures__/', import.meta.url);

export function readFixtureLines(name: string): string[] {
  return readFileSync(new URL(name, FIXTURES_DIRECTORY), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

/** OpenAI and OpenAI-compatible vendors: `data: <json>` and a blank line, then `data: [DONE]`. */
export function frameOpenAiStream(lines: string[]): string {
  return lines.map((line) => `data: ${line}\n\n`).join('') + 'data: [DONE]\n\n';
}

/** Anthropic: each payload under an `event:` line named by its `type`. */
export function frameAnthropicStream(lines: string[]): string {
  return lines
    .map((line) => `event: ${(JSON.parse(line) as { type: string }).type}\ndata: ${line}\n\n`)
    .join('');
}
