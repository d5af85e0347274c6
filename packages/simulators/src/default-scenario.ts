import { isRecord, type NormalizedRequest } from './protocols/protocol.js';
import type { Scenario, ScenarioUsage } from './scenario.js';

/** Characters per token in the simulator's usage arithmetic (OpenAI's rule of thumb for English text). */
const CHARS_PER_TOKEN = 4;
const QUOTED_TEXT_LENGTH = 60;
const DIRECTIVE = /\[\[sim:(.*?)\]\]/s;

/**
 * The answer the simulator gives when no scenario was queued or chosen, a pure function of the request:
 * 1. tools offered, `tool_choice` not `none` and the last turn not a tool result: one call to the forced
 *    tool (or the first one), with arguments generated from its JSON Schema (see `generateFromSchema`);
 * 2. JSON asked for: a JSON object (generated from the response schema when there is one, else
 *    `{"answer": "...", "model": "..."}`);
 * 3. otherwise: `Simulated answer from <model>: you said "<first 60 characters of the last user text>".`
 *
 * A `max_tokens` smaller than the answer truncates the text and finishes with `length`, as a vendor would.
 */
export function createDefaultScenario(request: NormalizedRequest): Scenario {
  const forced = request.toolChoice;
  if (request.tools.length > 0 && forced !== 'none' && !request.lastTurnIsToolResult) {
    const named = request.tools.find((tool) => tool.name === forced);
    const tool = named ?? request.tools[0]!;
    return {
      toolCalls: [{ name: tool.name, arguments: JSON.stringify(generateFromSchema(tool.parameters)) }],
      finishReason: 'tool_calls',
    };
  }
  let text: string;
  if (request.wantsJson) {
    const value =
      request.responseSchema === undefined
        ? { answer: quote(request.lastUserText), model: request.model }
        : generateFromSchema(request.responseSchema);
    text = JSON.stringify(value);
  } else {
    text = `Simulated answer from ${request.model}: you said "${quote(request.lastUserText)}".`;
  }
  if (request.maxTokens !== undefined && text.length > request.maxTokens * CHARS_PER_TOKEN) {
    return { text: text.slice(0, request.maxTokens * CHARS_PER_TOKEN), finishReason: 'length' };
  }
  return { text, finishReason: 'stop' };
}

/**
 * A scenario scripted inside the last user text: `[[sim:{"text":"hi","chunkDelayMs":50}]]` (a JSON
 * `Scenario`). Lets a demo or an end-to-end test drive the simulator through a gateway it cannot reach.
 */
export function readScenarioDirective(text: string): Scenario | undefined {
  const match = DIRECTIVE.exec(text);
  if (!match) return undefined;
  try {
    const value: unknown = JSON.parse(match[1]!);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Scenario)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Token counts from text lengths (≈4 characters a token, never zero), so usage is plausible and stable. */
export function estimateUsage(promptCharacters: number, scenario: Scenario): ScenarioUsage {
  const reasoning = scenario.reasoning?.length ?? 0;
  let answer = scenario.text?.length ?? 0;
  for (const call of scenario.toolCalls ?? []) answer += call.name.length + call.arguments.length;
  const reasoningTokens = Math.ceil(reasoning / CHARS_PER_TOKEN);
  return {
    promptTokens: Math.max(1, Math.ceil(promptCharacters / CHARS_PER_TOKEN)),
    completionTokens: Math.max(1, Math.ceil(answer / CHARS_PER_TOKEN) + reasoningTokens),
    cachedTokens: 0,
    reasoningTokens,
  };
}

/**
 * A plausible value for a JSON Schema: every property of an object (required or not, so the answer
 * is rich), strings `"example"` (or a format-shaped value, fitted to minLength/maxLength), numbers 1
 * (or the nearest value the bounds allow), booleans true,
 * the first enum or const value, one item per array. Handles `$ref` to `#/$defs` / `#/definitions`,
 * `anyOf`/`oneOf` (first branch) and `allOf` (merged objects); stops at depth 8 against recursion.
 */
export function generateFromSchema(schema: unknown, root: unknown = schema, depth = 0): unknown {
  if (!isRecord(schema) || depth > 8) return {};
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  if (typeof schema.$ref === 'string')
    return generateFromSchema(resolveRef(schema.$ref, root), root, depth + 1);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = schema[key];
    if (Array.isArray(branches) && branches.length > 0) {
      const branch = branches.find((candidate) => !(isRecord(candidate) && candidate.type === 'null'));
      return generateFromSchema(branch ?? branches[0], root, depth + 1);
    }
  }
  if (Array.isArray(schema.allOf)) {
    const merged: Record<string, unknown> = {};
    for (const part of schema.allOf) {
      const value = generateFromSchema(part, root, depth + 1);
      if (isRecord(value)) Object.assign(merged, value);
    }
    return merged;
  }
  const type = Array.isArray(schema.type) ? schema.type.find((entry) => entry !== 'null') : schema.type;
  switch (type) {
    case 'string':
      return fitLength(exampleString(schema.format), schema.minLength, schema.maxLength);
    case 'integer':
    case 'number':
      return exampleNumber(schema, type === 'integer');
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array': {
      const count = typeof schema.minItems === 'number' ? Math.max(1, schema.minItems) : 1;
      return Array.from({ length: count }, () => generateFromSchema(schema.items, root, depth + 1));
    }
    default: {
      const value: Record<string, unknown> = {};
      if (isRecord(schema.properties)) {
        for (const [name, property] of Object.entries(schema.properties)) {
          value[name] = generateFromSchema(property, root, depth + 1);
        }
      }
      return value;
    }
  }
}

/** 1, or the nearest value the bounds allow (`minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`). */
function exampleNumber(schema: Record<string, unknown>, integer: boolean): number {
  const step = integer ? 1 : 0.5;
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = schema;
  let value = 1;
  if (typeof minimum === 'number') value = minimum;
  else if (typeof exclusiveMinimum === 'number') value = exclusiveMinimum + step;
  if (typeof maximum === 'number' && value > maximum) value = maximum;
  if (typeof exclusiveMaximum === 'number' && value >= exclusiveMaximum) value = exclusiveMaximum - step;
  return integer ? Math.ceil(value) : value;
}

/** Repeats or cuts `text` to fit `minLength` / `maxLength`. */
function fitLength(text: string, minLength: unknown, maxLength: unknown): string {
  let fitted = text;
  if (typeof minLength === 'number' && minLength > text.length) {
    fitted = text.repeat(Math.ceil(minLength / text.length)).slice(0, minLength);
  }
  return typeof maxLength === 'number' ? fitted.slice(0, Math.max(0, maxLength)) : fitted;
}

function exampleString(format: unknown): string {
  if (format === 'date-time') return '2025-01-01T00:00:00Z';
  if (format === 'date') return '2025-01-01';
  if (format === 'email') return 'user@example.com';
  if (format === 'uri' || format === 'url') return 'https://example.com';
  if (format === 'uuid') return '00000000-0000-4000-8000-000000000000';
  return 'example';
}

function resolveRef(reference: string, root: unknown): unknown {
  if (!reference.startsWith('#/')) return {};
  let node: unknown = root;
  for (const segment of reference.slice(2).split('/')) {
    if (!isRecord(node)) return {};
    node = node[segment.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  return node;
}

function quote(text: string): string {
  // By code point, so an emoji at the cut is kept whole rather than left as a lone surrogate.
  return Array.from(text.replace(DIRECTIVE, '').trim()).slice(0, QUOTED_TEXT_LENGTH).join('').trimEnd();
}
