import { describe, expect, it } from 'vitest';
import { convertJsonSchema } from './convert-json-schema.js';

describe('convertJsonSchema', () => {
  it('turns nullable type unions, const and oneOf into Gemini terms', () => {
    const { schema, warnings } = convertJsonSchema(
      {
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        properties: {
          name: { type: ['string', 'null'], description: 'Name' },
          kind: { const: 'cat' },
          size: { enum: ['s', 'm', null] },
          value: { oneOf: [{ type: 'string' }, { type: 'number' }] },
          maybe: { anyOf: [{ type: 'integer' }, { type: 'null' }] },
          either: { type: ['string', 'integer'] },
        },
        required: ['name', 'ghost'],
      },
      'p',
    );
    expect(schema).toEqual({
      type: 'object',
      properties: {
        name: { type: 'string', nullable: true, description: 'Name' },
        kind: { type: 'string', enum: ['cat'] },
        size: { type: 'string', enum: ['s', 'm'], nullable: true },
        value: { anyOf: [{ type: 'string' }, { type: 'number' }] },
        maybe: { type: 'integer', nullable: true },
        either: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
      },
      required: ['name'],
    });
    expect(warnings).toEqual([]);
  });

  it('never sends type and anyOf side by side (Gemini refuses it)', () => {
    const { schema } = convertJsonSchema(
      {
        type: 'object',
        anyOf: [{ properties: { a: { type: 'string' } } }, { type: 'null' }, { type: 'string' }],
      },
      'p',
    );
    expect(schema).toEqual({
      nullable: true,
      anyOf: [{ type: 'object', properties: { a: { type: 'string' } } }, { type: 'string' }],
    });
  });

  it('inlines local $refs and merges object allOf branches', () => {
    const { schema } = convertJsonSchema(
      {
        type: 'object',
        properties: { home: { $ref: '#/$defs/address' }, work: { $ref: '#/definitions/address' } },
        allOf: [{ type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] }],
        $defs: { address: { type: 'object', properties: { street: { type: 'string' } } } },
        definitions: { address: { type: 'object', properties: { street: { type: 'string' } } } },
      },
      'p',
    );
    expect(schema).toEqual({
      type: 'object',
      properties: {
        home: { type: 'object', properties: { street: { type: 'string' } } },
        work: { type: 'object', properties: { street: { type: 'string' } } },
        id: { type: 'integer' },
      },
      required: ['id'],
    });
  });

  it('cuts recursive references off and reports it', () => {
    const { schema, warnings } = convertJsonSchema(
      {
        $defs: { node: { type: 'object', properties: { child: { $ref: '#/$defs/node' } } } },
        $ref: '#/$defs/node',
      },
      'p',
    );
    expect(JSON.stringify(schema).length).toBeLessThan(2000);
    expect(warnings.some((warning) => warning.param.endsWith('.$ref') && warning.action === 'dropped')).toBe(
      true,
    );
  });

  it('drops keywords and formats Gemini refuses, with one warning each, naming the path', () => {
    const { schema, warnings } = convertJsonSchema(
      {
        type: 'object',
        properties: {
          email: { type: 'string', format: 'email' },
          when: { type: 'string', format: 'date-time' },
          count: { type: 'integer', format: 'int64', exclusiveMinimum: 0 },
          tags: { type: 'object', additionalProperties: { type: 'string' } },
          mixed: { enum: [1, 2] },
        },
      },
      'tools[0].function.parameters',
    );
    expect(schema).toEqual({
      type: 'object',
      properties: {
        email: { type: 'string' },
        when: { type: 'string', format: 'date-time' },
        count: { type: 'integer', format: 'int64' },
        tags: { type: 'object' },
        mixed: {},
      },
    });
    expect(warnings.map((warning) => warning.param)).toEqual([
      'tools[0].function.parameters.properties.email.format',
      'tools[0].function.parameters.properties.count.exclusiveMinimum',
      'tools[0].function.parameters.properties.tags.additionalProperties',
      'tools[0].function.parameters.properties.mixed.enum',
    ]);
  });
});
