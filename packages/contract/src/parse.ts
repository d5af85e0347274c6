import type { z } from 'zod';
import { createErrorBody, type ErrorBody } from './errors.js';
import { type ChatCompletionRequest, chatCompletionRequestSchema } from './request.js';

export type ParseChatRequestResult =
  | { success: true; data: ChatCompletionRequest }
  | { success: false; error: ErrorBody };

type Path = readonly PropertyKey[];
type Issue = z.core.$ZodIssue;
type AnySchema = z.core.$ZodType;

/**
 * Validates a chat completion request body. Never throws.
 *
 * On failure, the error is OpenAI's envelope with `param` naming the first bad field in OpenAI's
 * notation (`messages[2].content`) and a message a person can act on.
 *
 * @example
 * const result = parseChatRequest(JSON.parse(body));
 * if (!result.success) return json(400, result.error);
 */
export function parseChatRequest(body: unknown): ParseChatRequestResult {
  try {
    if (!isPlainObject(body)) {
      return {
        success: false,
        error: createErrorBody(`The request body must be a JSON object, got ${describeValue(body)}.`, {
          code: 'invalid_type',
        }),
      };
    }
    const result = chatCompletionRequestSchema.safeParse(body);
    if (result.success) return { success: true, data: result.data };
    const issue = result.error.issues[0];
    if (issue === undefined) {
      return {
        success: false,
        error: createErrorBody('The request body is invalid.', { code: 'invalid_value' }),
      };
    }
    return { success: false, error: describeIssue(issue, [], body) };
  } catch {
    return {
      success: false,
      error: createErrorBody('The request body is invalid.', { code: 'invalid_value' }),
    };
  }
}

/** `['messages', 2, 'content']` → `messages[2].content`, the notation of OpenAI's `param`. */
export function formatParam(path: Path): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

function describeIssue(issue: Issue, prefix: Path, root: unknown): ErrorBody {
  const path = [...prefix, ...issue.path];
  const param = formatParam(path);
  const value = getAt(root, path);
  const subject = param === '' ? 'The request body' : param;
  const fail = (message: string, code: string) =>
    createErrorBody(message, { param: param === '' ? null : param, code });

  switch (issue.code) {
    case 'invalid_type': {
      if (value === undefined) return fail(`${subject} is required.`, 'missing_required_parameter');
      return fail(
        `${subject} must be ${describeType(issue.expected)}, got ${describeValue(value)}.`,
        'invalid_type',
      );
    }
    case 'too_small':
    case 'too_big':
      return describeSize(issue, subject, value, path, root, fail);
    case 'invalid_format': {
      if (issue.format === 'regex' && 'pattern' in issue) {
        return fail(`${subject} must match ${issue.pattern}, got ${describeValue(value)}.`, 'invalid_value');
      }
      return fail(
        `${subject} must be a valid ${issue.format}, got ${describeValue(value)}.`,
        'invalid_value',
      );
    }
    case 'invalid_value':
      return fail(
        `${subject} must be ${describeValues(issue.values)}, got ${describeValue(value)}.`,
        'invalid_value',
      );
    case 'invalid_union':
      return describeUnion(issue, path, value, root, subject, fail);
    case 'invalid_key':
      return fail(
        `${subject} has an invalid key: ${issue.issues[0]?.message ?? issue.message}.`,
        'invalid_value',
      );
    case 'invalid_element':
      return fail(
        `${subject} has an invalid value: ${issue.issues[0]?.message ?? issue.message}.`,
        'invalid_value',
      );
    case 'unrecognized_keys':
      return fail(`${subject} has unknown fields: ${issue.keys.join(', ')}.`, 'unknown_parameter');
    default:
      return fail(`${subject}: ${issue.message}.`, 'invalid_value');
  }
}

function describeUnion(
  issue: z.core.$ZodIssueInvalidUnion,
  path: Path,
  value: unknown,
  root: unknown,
  subject: string,
  fail: (message: string, code: string) => ErrorBody,
): ErrorBody {
  // A discriminated union whose discriminator matched no option: name the discriminator field.
  if ('discriminator' in issue && typeof issue.discriminator === 'string') {
    const discriminator = issue.discriminator;
    const fieldParam = formatParam([...path, discriminator]);
    const fieldValue = isPlainObject(value) ? value[discriminator] : undefined;
    if (fieldValue === undefined) {
      return createErrorBody(`${fieldParam} is required.`, {
        param: fieldParam,
        code: 'missing_required_parameter',
      });
    }
    const options = findDiscriminatorValues(path, discriminator, root);
    const expected = options.length > 0 ? `one of ${options.join(', ')}` : 'a known value';
    return createErrorBody(`${fieldParam} must be ${expected}, got ${describeValue(fieldValue)}.`, {
      param: fieldParam,
      code: 'invalid_value',
    });
  }

  // The branch that got past the type check at this level is the one the client meant.
  const branches = issue.errors.filter((branch) => branch.length > 0);
  const deeper = branches.find((branch) =>
    branch.some((inner) => inner.path.length > 0 || !isShallowMismatch(inner)),
  );
  if (deeper !== undefined) {
    const first = deeper.find((inner) => inner.path.length > 0) ?? deeper[0];
    if (first !== undefined) return describeIssue(first, path, root);
  }

  const expectations = [
    ...new Set(branches.map((branch) => branch[0]).flatMap((inner) => expectationOf(inner))),
  ];
  if (expectations.length === 0) return fail(`${subject} is invalid.`, 'invalid_value');
  if (value === undefined) return fail(`${subject} is required.`, 'missing_required_parameter');
  return fail(
    `${subject} must be ${joinAlternatives(expectations)}, got ${describeValue(value)}.`,
    'invalid_type',
  );
}

function isShallowMismatch(issue: Issue): boolean {
  return issue.code === 'invalid_type' || issue.code === 'invalid_value' || issue.code === 'invalid_union';
}

function expectationOf(issue: Issue | undefined): string[] {
  if (issue === undefined) return [];
  if (issue.code === 'invalid_type') return [describeType(issue.expected)];
  if (issue.code === 'invalid_value') return [describeValues(issue.values)];
  return [];
}

function joinAlternatives(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function describeSize(
  issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig,
  subject: string,
  value: unknown,
  path: Path,
  root: unknown,
  fail: (message: string, code: string) => ErrorBody,
): ErrorBody {
  const origin = issue.origin;
  if (origin === 'number' || origin === 'int' || origin === 'bigint') {
    const bounds = findNumberBounds(path, root);
    const min = bounds.minimum;
    const max = bounds.maximum;
    const kind = origin === 'int' || Number.isInteger(value) ? 'integer' : 'decimal';
    const code = `${kind}_${issue.code === 'too_small' ? 'below_min' : 'above_max'}_value`;
    if (min !== undefined && max !== undefined) {
      return fail(`${subject} must be between ${min} and ${max}, got ${describeValue(value)}.`, code);
    }
    if (issue.code === 'too_small') {
      return fail(`${subject} must be at least ${String(issue.minimum)}, got ${describeValue(value)}.`, code);
    }
    return fail(`${subject} must be at most ${String(issue.maximum)}, got ${describeValue(value)}.`, code);
  }
  if (origin === 'array' || origin === 'set') {
    const count = Array.isArray(value) ? value.length : 0;
    if (issue.code === 'too_small') {
      if (count === 0) return fail(`${subject} must not be empty.`, 'empty_array');
      return fail(
        `${subject} must have at least ${String(issue.minimum)} ${plural(Number(issue.minimum), 'item')}, got ${count}.`,
        'array_below_min_length',
      );
    }
    return fail(
      `${subject} must have at most ${String(issue.maximum)} ${plural(Number(issue.maximum), 'item')}, got ${count}.`,
      'array_above_max_length',
    );
  }
  if (origin === 'string') {
    const length = typeof value === 'string' ? value.length : 0;
    if (issue.code === 'too_small') {
      if (length === 0) return fail(`${subject} must not be empty.`, 'empty_string');
      return fail(
        `${subject} must be at least ${String(issue.minimum)} characters long.`,
        'string_below_min_length',
      );
    }
    return fail(
      `${subject} must be at most ${String(issue.maximum)} characters long.`,
      'string_above_max_length',
    );
  }
  return fail(`${subject}: ${issue.message}.`, 'invalid_value');
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}

function describeType(expected: string): string {
  switch (expected) {
    case 'int':
      return 'an integer';
    case 'object':
    case 'array':
      return `an ${expected}`;
    case 'null':
    case 'undefined':
      return expected;
    default:
      return `a ${expected}`;
  }
}

function describeValues(values: readonly unknown[]): string {
  if (values.length === 1) return describeValue(values[0]);
  return `one of ${values.map((value) => String(value)).join(', ')}`;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string': {
      const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
      return `'${shown}'`;
    }
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function getAt(root: unknown, path: Path): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/**
 * Finds the schema that validated the value at `path`, walking the request schema alongside the
 * input so that discriminated unions pick the branch the input chose.
 */
function findSchemaAt(path: Path, root: unknown): AnySchema | undefined {
  let schema: AnySchema | undefined = chatCompletionRequestSchema;
  let value = root;
  for (const key of path) {
    schema = unwrap(schema, value);
    if (schema === undefined) return undefined;
    const def = schema._zod.def as unknown as Record<string, unknown>;
    switch (def.type) {
      case 'object':
        schema = (def.shape as Record<string, AnySchema>)[String(key)];
        break;
      case 'array':
        schema = def.element as AnySchema;
        break;
      case 'record':
        schema = def.valueType as AnySchema;
        break;
      default:
        return undefined;
    }
    value =
      isPlainObject(value) || Array.isArray(value) ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return unwrap(schema, value);
}

function unwrap(start: AnySchema | undefined, value: unknown): AnySchema | undefined {
  let schema = start;
  for (let depth = 0; schema !== undefined && depth < 16; depth++) {
    const def = schema._zod.def as unknown as Record<string, unknown>;
    if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default') {
      schema = def.innerType as AnySchema;
    } else if (def.type === 'union') {
      schema = pickUnionOption(def, value);
    } else {
      return schema;
    }
  }
  return schema;
}

function pickUnionOption(def: Record<string, unknown>, value: unknown): AnySchema | undefined {
  const options = def.options as AnySchema[];
  const discriminator = def.discriminator;
  if (typeof discriminator === 'string') {
    const chosen = isPlainObject(value) ? value[discriminator] : undefined;
    return options.find((option) => option._zod.propValues?.[discriminator]?.has(chosen as never));
  }
  const wanted = Array.isArray(value) ? 'array' : isPlainObject(value) ? 'object' : typeof value;
  return options.find((option) => {
    const type = (option._zod.def as unknown as { type: string }).type;
    return type === wanted || (wanted === 'number' && type === 'number');
  });
}

function findDiscriminatorValues(path: Path, discriminator: string, root: unknown): string[] {
  let schema: AnySchema | undefined;
  const parentPath = path;
  // The union itself sits at `path`; resolve its container then read its options without picking one.
  if (parentPath.length === 0) return [];
  const containerSchema = findSchemaAt(parentPath.slice(0, -1), root);
  const containerDef = containerSchema?._zod.def as unknown as Record<string, unknown> | undefined;
  const last = parentPath[parentPath.length - 1];
  if (containerDef?.type === 'object')
    schema = (containerDef.shape as Record<string, AnySchema>)[String(last)];
  else if (containerDef?.type === 'array') schema = containerDef.element as AnySchema;
  else if (containerDef?.type === 'record') schema = containerDef.valueType as AnySchema;
  for (let depth = 0; schema !== undefined && depth < 16; depth++) {
    const def = schema._zod.def as unknown as Record<string, unknown>;
    if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default') {
      schema = def.innerType as AnySchema;
      continue;
    }
    if (def.type === 'union' && def.discriminator === discriminator) {
      return (def.options as AnySchema[]).flatMap((option) => [
        ...(option._zod.propValues?.[discriminator] ?? new Set()),
      ]) as string[];
    }
    if (def.type === 'union') {
      // A content union (`string | Part[]`): look inside its array option.
      const arrayOption = (def.options as AnySchema[]).find(
        (option) => (option._zod.def as unknown as { type: string }).type === 'array',
      );
      schema = arrayOption === undefined ? undefined : findDiscriminatedElement(arrayOption, discriminator);
      continue;
    }
    return [];
  }
  return [];
}

function findDiscriminatedElement(arraySchema: AnySchema, _discriminator: string): AnySchema {
  return (arraySchema._zod.def as unknown as { element: AnySchema }).element;
}

function findNumberBounds(path: Path, root: unknown): { minimum?: number; maximum?: number } {
  const schema = findSchemaAt(path, root);
  const bag = schema?._zod.bag as { minimum?: number; maximum?: number } | undefined;
  const result: { minimum?: number; maximum?: number } = {};
  if (bag?.minimum !== undefined && Number.isFinite(bag.minimum)) result.minimum = bag.minimum;
  if (bag?.maximum !== undefined && Number.isFinite(bag.maximum)) result.maximum = bag.maximum;
  return result;
}
