import { describe, expect, it } from 'vitest';
import {
  createDefaultScenario,
  estimateUsage,
  generateFromSchema,
  readScenarioDirective,
} from './default-scenario.js';
import type { NormalizedRequest } from './protocols/protocol.js';

const request = (overrides: Partial<NormalizedRequest> = {}): NormalizedRequest => ({
  model: 'm',
  stream: false,
  lastUserText: 'What is the weather like in Paris today, and should I bring an umbrella with me?',
  lastTurnIsToolResult: false,
  tools: [],
  wantsJson: false,
  choices: 1,
  hasImages: false,
  ...overrides,
});

describe('generateFromSchema', () => {
  it('fills every property with a plausible value by type', () => {
    const schema = {
      type: 'object',
      properties: {
        name: { type: 'string' },
        when: { type: 'string', format: 'date-time' },
        count: { type: 'integer', minimum: 3 },
        ratio: { type: 'number' },
        on: { type: 'boolean' },
        unit: { type: 'string', enum: ['c', 'f'] },
        kind: { const: 'fixed' },
        tags: { type: 'array', items: { type: 'string' } },
        nested: { type: 'object', properties: { deep: { type: ['null', 'string'] } } },
        either: { anyOf: [{ type: 'null' }, { type: 'number' }] },
        ref: { $ref: '#/$defs/point' },
      },
      $defs: { point: { type: 'object', properties: { x: { type: 'number' } } } },
    };
    expect(generateFromSchema(schema)).toEqual({
      name: 'example',
      when: '2025-01-01T00:00:00Z',
      count: 3,
      ratio: 1,
      on: true,
      unit: 'c',
      kind: 'fixed',
      tags: ['example'],
      nested: { deep: 'example' },
      either: 1,
      ref: { x: 1 },
    });
  });

  it('keeps numbers and string lengths inside their bounds, so a strict schema accepts the answer', () => {
    expect(
      generateFromSchema({
        type: 'object',
        properties: {
          negative: { type: 'number', maximum: -5 },
          fraction: { type: 'number', maximum: 0.5 },
          positive: { type: 'integer', exclusiveMinimum: 10 },
          below: { type: 'integer', exclusiveMaximum: 0 },
          code: { type: 'string', maxLength: 3 },
          long: { type: 'string', minLength: 12 },
        },
      }),
    ).toEqual({ negative: -5, fraction: 0.5, positive: 11, below: -1, code: 'exa', long: 'exampleexamp' });
  });

  it('stops on recursive schemas', () => {
    const schema = {
      $ref: '#/$defs/node',
      $defs: { node: { type: 'object', properties: { next: { $ref: '#/$defs/node' } } } },
    };
    expect(JSON.stringify(generateFromSchema(schema)).length).toBeLessThan(200);
  });

  it('answers {} for a missing schema (a tool without parameters)', () => {
    expect(generateFromSchema(undefined)).toEqual({});
  });
});

describe('createDefaultScenario', () => {
  it('never cuts a character in two when it quotes the user text', () => {
    const text = createDefaultScenario(request({ lastUserText: `${'a'.repeat(59)}😀 and more` })).text!;
    expect(text).toContain(`${'a'.repeat(59)}😀"`);
  });

  it('quotes the first 60 characters of the last user text', () => {
    expect(createDefaultScenario(request()).text).toBe(
      'Simulated answer from m: you said "What is the weather like in Paris today, and should I bring".',
    );
  });

  it('calls the first tool unless tool_choice is none', () => {
    const tools = [
      { name: 'a' },
      { name: 'b', parameters: { type: 'object', properties: { q: { type: 'string' } } } },
    ];
    expect(createDefaultScenario(request({ tools })).toolCalls).toEqual([{ name: 'a', arguments: '{}' }]);
    expect(createDefaultScenario(request({ tools, toolChoice: 'b' })).toolCalls).toEqual([
      { name: 'b', arguments: '{"q":"example"}' },
    ]);
    expect(createDefaultScenario(request({ tools, toolChoice: 'none' })).toolCalls).toBeUndefined();
    expect(createDefaultScenario(request({ tools, lastTurnIsToolResult: true })).toolCalls).toBeUndefined();
  });

  it('answers a JSON object when JSON is wanted', () => {
    const text = createDefaultScenario(request({ wantsJson: true, lastUserText: 'hi' })).text!;
    expect(JSON.parse(text)).toEqual({ answer: 'hi', model: 'm' });
  });
});

describe('readScenarioDirective and estimateUsage', () => {
  it('reads a JSON scenario and ignores a broken one', () => {
    expect(readScenarioDirective('go [[sim:{"text":"x"}]]')).toEqual({ text: 'x' });
    expect(readScenarioDirective('[[sim:{oops]]')).toBeUndefined();
    expect(readScenarioDirective('no directive')).toBeUndefined();
  });

  it('counts about four characters a token, never zero', () => {
    expect(estimateUsage(0, { text: '' })).toMatchObject({ promptTokens: 1, completionTokens: 1 });
    expect(estimateUsage(40, { text: 'a'.repeat(8), reasoning: 'b'.repeat(8) })).toEqual({
      promptTokens: 10,
      completionTokens: 4,
      cachedTokens: 0,
      reasoningTokens: 2,
    });
  });
});
