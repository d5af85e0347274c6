import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import openAISpec from './openai-spec/chat-completions.schema.json' with { type: 'json' };

// ajv-formats is CommonJS; under ESM its default export is the module object in some loaders.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as typeof addFormatsModule;

let validators:
  | {
      completion: ValidateFunction;
      chunk: ValidateFunction;
      error: ValidateFunction;
      models: ValidateFunction;
    }
  | undefined;

function getValidators() {
  if (validators) return validators;
  // strictTypes off: some of OpenAI's components omit `type: object` next to `properties`.
  const ajv = new Ajv2020({ allErrors: true, strictTypes: false });
  addFormats(ajv);
  // OpenAPI's custom `unixtime` format; `type: integer` already carries the constraint.
  ajv.addFormat('unixtime', { type: 'number', validate: () => true });
  ajv.addSchema(openAISpec);
  const get = (name: string) => ajv.getSchema(`${openAISpec.$id}#/$defs/${name}`)!;
  validators = {
    completion: get('CreateChatCompletionResponse'),
    chunk: get('CreateChatCompletionStreamResponse'),
    error: get('ErrorResponse'),
    models: get('ListModelsResponse'),
  };
  return validators;
}

/**
 * Validates a non-streamed chat completion against OpenAI's published JSON Schema. Returns the
 * violations as readable lines (`/choices/0/message: must have required property 'refusal'`), none when valid.
 *
 * @example
 * expect(validateCompletion(await response.json())).toEqual([]);
 */
export function validateCompletion(value: unknown): string[] {
  return run(getValidators().completion, value);
}

/** Validates one streamed chunk (the JSON after `data: `) against OpenAI's published JSON Schema. */
export function validateChunk(value: unknown): string[] {
  return run(getValidators().chunk, value);
}

/** Validates an error body (`{"error": {"message", "type", "param", "code"}}`) against OpenAI's schema. */
export function validateErrorBody(value: unknown): string[] {
  return run(getValidators().error, value);
}

/** Validates a `GET /v1/models` body against OpenAI's schema. */
export function validateModelList(value: unknown): string[] {
  return run(getValidators().models, value);
}

function run(validate: ValidateFunction, value: unknown): string[] {
  if (validate(value)) return [];
  return formatErrors(validate.errors ?? []);
}

function formatErrors(errors: ErrorObject[]): string[] {
  // A failed anyOf reports every branch; "must be null" from a nullable branch only adds noise.
  const useful = errors.filter((error) => !(error.keyword === 'type' && error.params.type === 'null'));
  const lines = (useful.length > 0 ? useful : errors).map(
    (error) => `${error.instancePath || '/'}: ${error.message ?? error.keyword}`,
  );
  return [...new Set(lines)];
}
