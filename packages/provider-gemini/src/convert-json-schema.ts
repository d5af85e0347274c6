import type { TranslationWarning } from '@llmux/provider-kit';

/**
 * Converts a client's JSON Schema (a function's `parameters`, a response format's `schema`) into the
 * OpenAPI 3.0 subset Gemini's `Schema` accepts (https://ai.google.dev/api/caching#Schema).
 *
 * Gemini answers 400 to keywords outside its subset, so they are translated where the meaning survives
 * (`["string","null"]` → `nullable`, `const` → one-value `enum`, `oneOf` → `anyOf`, local `$ref`s
 * inlined, object `allOf`s merged) and otherwise dropped, each drop reported as a warning.
 */

/** Keywords Gemini's Schema knows, kept as they are once their value is converted. */
const KEPT_KEYWORDS = new Set([
  'type',
  'format',
  'title',
  'description',
  'nullable',
  'enum',
  'maxItems',
  'minItems',
  'properties',
  'required',
  'minProperties',
  'maxProperties',
  'minLength',
  'maxLength',
  'pattern',
  'example',
  'anyOf',
  'propertyOrdering',
  'default',
  'items',
  'minimum',
  'maximum',
]);

/** Keywords that carry no constraint Gemini could check, dropped without a warning. */
const SILENT_KEYWORDS = new Set([
  '$schema',
  '$id',
  '$comment',
  'strict',
  'examples',
  'readOnly',
  'writeOnly',
]);

/** The `format` values Gemini accepts; others are refused with a 400, so they are dropped. */
const SUPPORTED_FORMATS: Record<string, ReadonlySet<string>> = {
  string: new Set(['enum', 'date-time']),
  integer: new Set(['int32', 'int64']),
  number: new Set(['float', 'double']),
};

const MAX_REF_DEPTH = 8;

export interface ConvertJsonSchemaResult {
  schema: Record<string, unknown> | undefined;
  warnings: TranslationWarning[];
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * @param schema the client's JSON Schema
 * @param param where it sits in the request, in OpenAI's notation, for the warnings
 * @example
 * convertJsonSchema({ type: ['string', 'null'], format: 'email' }, 'tools[0].function.parameters')
 * // → { schema: { type: 'string', nullable: true }, warnings: [{ param: '….format', action: 'dropped', … }] }
 */
export function convertJsonSchema(schema: unknown, param: string): ConvertJsonSchemaResult {
  const warnings: TranslationWarning[] = [];
  if (!isObject(schema)) return { schema: undefined, warnings };
  const definitions = {
    ...(isObject(schema.definitions) ? schema.definitions : {}),
    ...(isObject(schema.$defs) ? schema.$defs : {}),
  };
  const drop = (path: string, message: string) => warnings.push({ param: path, action: 'dropped', message });
  const converted = convertNode(schema, param, { definitions, drop, refDepth: 0 });
  return { schema: converted, warnings };
}

interface ConvertState {
  definitions: JsonObject;
  drop: (path: string, message: string) => void;
  refDepth: number;
}

function convertNode(node: JsonObject, path: string, state: ConvertState): JsonObject {
  let source = node;
  if (typeof source.$ref === 'string') {
    const resolved = resolveReference(source.$ref, state.definitions);
    if (!resolved || state.refDepth >= MAX_REF_DEPTH) {
      state.drop(
        `${path}.$ref`,
        resolved
          ? `Gemini has no schema references; the recursive "${source.$ref}" was cut off after ${MAX_REF_DEPTH} levels.`
          : `Gemini has no schema references and "${source.$ref}" is not a local definition; it was dropped.`,
      );
      const { $ref: _ref, ...rest } = source;
      source = rest;
    } else {
      const { $ref: _ref, ...rest } = source;
      return convertNode({ ...resolved, ...rest }, path, { ...state, refDepth: state.refDepth + 1 });
    }
  }
  if (Array.isArray(source.allOf)) source = mergeAllOf(source, path, state);

  const result: JsonObject = {};
  for (const [keyword, value] of Object.entries(source)) {
    const at = `${path}.${keyword}`;
    switch (keyword) {
      case 'type':
        convertType(value, result, at, state);
        break;
      case 'properties':
        if (isObject(value)) {
          const properties: JsonObject = {};
          for (const [name, property] of Object.entries(value))
            properties[name] = isObject(property) ? convertNode(property, `${at}.${name}`, state) : {};
          result.properties = properties;
        }
        break;
      case 'items':
        if (isObject(value)) result.items = convertNode(value, at, state);
        else state.drop(at, 'Gemini accepts one schema for all array items; tuple `items` were dropped.');
        break;
      case 'anyOf':
      case 'oneOf':
        if (Array.isArray(value)) convertAnyOf(value, result, at, state);
        break;
      case 'const':
        convertEnum([value], result, at, state);
        break;
      case 'enum':
        if (Array.isArray(value)) convertEnum(value, result, at, state);
        break;
      case 'format':
        // handled after the loop, once the type is known
        break;
      case 'additionalProperties':
        // `false` is what strict-mode clients always send; Gemini only ever returns declared properties.
        if (value !== false) state.drop(at, 'Gemini schemas have no additionalProperties; it was dropped.');
        break;
      case '$defs':
      case 'definitions':
        break;
      default:
        if (KEPT_KEYWORDS.has(keyword)) result[keyword] = value;
        else if (!SILENT_KEYWORDS.has(keyword))
          state.drop(at, `Gemini schemas do not support the "${keyword}" keyword; it was dropped.`);
    }
  }
  if (typeof source.format === 'string') {
    const type = typeof result.type === 'string' ? result.type : undefined;
    if (type && SUPPORTED_FORMATS[type]?.has(source.format)) result.format = source.format;
    else
      state.drop(
        `${path}.format`,
        `Gemini does not support the "${source.format}" format here; it was dropped.`,
      );
  }
  // Gemini refuses a schema with both `type` and `anyOf`: the type moves into the branches that lack one.
  if (Array.isArray(result.anyOf) && result.type !== undefined) {
    result.anyOf = result.anyOf.map((branch) =>
      isObject(branch) && branch.type === undefined ? { type: result.type, ...branch } : branch,
    );
    delete result.type;
  }
  if (Array.isArray(result.required) && isObject(result.properties)) {
    const properties = result.properties;
    result.required = result.required.filter((name) => typeof name === 'string' && name in properties);
  }
  return result;
}

function convertType(value: unknown, result: JsonObject, at: string, state: ConvertState): void {
  if (typeof value === 'string') {
    if (value === 'null') result.nullable = true;
    else result.type = value;
    return;
  }
  if (!Array.isArray(value)) return;
  const types = value.filter((type): type is string => typeof type === 'string' && type !== 'null');
  if (types.length < value.length) result.nullable = true;
  if (types.length === 1) result.type = types[0];
  else if (types.length > 1) result.anyOf = types.map((type) => ({ type }));
  if (types.length === 0 && value.length === 0) state.drop(at, 'An empty type list was dropped.');
}

function convertAnyOf(branches: unknown[], result: JsonObject, at: string, state: ConvertState): void {
  const converted: JsonObject[] = [];
  branches.forEach((branch, index) => {
    if (!isObject(branch)) return;
    // `{ "type": "null" }` as a branch means "or null": Gemini spells that `nullable`.
    if (branch.type === 'null' && Object.keys(branch).length === 1) {
      result.nullable = true;
      return;
    }
    converted.push(convertNode(branch, `${at}[${index}]`, state));
  });
  if (converted.length === 1) Object.assign(result, converted[0]);
  else if (converted.length > 1) result.anyOf = converted;
}

function convertEnum(values: unknown[], result: JsonObject, at: string, state: ConvertState): void {
  const nonNull = values.filter((value) => value !== null);
  if (nonNull.length < values.length) result.nullable = true;
  // Gemini's enum lists strings only (https://ai.google.dev/api/caching#Schema, `enum`).
  if (nonNull.every((value) => typeof value === 'string')) {
    result.enum = nonNull;
    result.type ??= 'string';
  } else state.drop(at, 'Gemini accepts string enum values only; this non-string enum was dropped.');
}

function mergeAllOf(node: JsonObject, path: string, state: ConvertState): JsonObject {
  const { allOf, ...rest } = node;
  const merged: JsonObject = { ...rest };
  const properties: JsonObject = isObject(rest.properties) ? { ...rest.properties } : {};
  const required = new Set<string>(Array.isArray(rest.required) ? rest.required : []);
  for (const [index, branch] of (allOf as unknown[]).entries()) {
    let part = branch;
    if (isObject(part) && typeof part.$ref === 'string')
      part = resolveReference(part.$ref, state.definitions) ?? part;
    if (
      !isObject(part) ||
      (part.type !== undefined && part.type !== 'object') ||
      !isObject(part.properties)
    ) {
      state.drop(`${path}.allOf[${index}]`, 'Gemini has no allOf; only object branches could be merged.');
      continue;
    }
    Object.assign(properties, part.properties);
    if (Array.isArray(part.required)) for (const name of part.required) required.add(name);
    if (part.description && !merged.description) merged.description = part.description;
  }
  merged.type ??= 'object';
  merged.properties = properties;
  if (required.size > 0) merged.required = [...required];
  return merged;
}

function resolveReference(reference: string, definitions: JsonObject): JsonObject | undefined {
  const match = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(reference);
  if (!match?.[1]) return undefined;
  const name = match[1].replace(/~1/g, '/').replace(/~0/g, '~');
  const found = definitions[name];
  return isObject(found) ? found : undefined;
}
