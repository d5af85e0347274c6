import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** Test-only helpers to read this folder's fixtures and OpenAI's published schemas. */

const here = new URL('./', import.meta.url);

export function readFixtureText(name: string): string {
  return readFileSync(new URL(name, here), 'utf8');
}

export function readFixtureJson(name: string): unknown {
  return JSON.parse(readFixtureText(name));
}

/** One payload per non-empty line of a `NAME.chunks.txt` file. */
export function readFixtureChunks(name: string): unknown[] {
  return readFixtureText(name)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

export type Validate = ((data: unknown) => boolean) & { errors?: unknown };

export interface OpenAiValidators {
  completion: Validate;
  chunk: Validate;
  error: Validate;
  modelList: Validate;
  model: Validate;
}

/** Ajv validators of OpenAI's own response schemas (see `openai-spec/README.md` for this setup). */
export function createOpenAiValidators(): OpenAiValidators {
  const document = readFixtureJson('openai-spec/chat-completions.schema.json') as { $id: string };
  const ajv = createAjv();
  ajv.addSchema(document);
  const get = (name: string): Validate => {
    const validate = ajv.getSchema(`${document.$id}#/$defs/${name}`);
    if (validate === undefined) throw new Error(`no schema ${name}`);
    return validate as Validate;
  };
  return {
    completion: get('CreateChatCompletionResponse'),
    chunk: get('CreateChatCompletionStreamResponse'),
    error: get('ErrorResponse'),
    modelList: get('ListModelsResponse'),
    model: get('Model'),
  };
}

export function createAjv(options: { strict?: boolean } = {}) {
  // Ajv's CommonJS default export arrives wrapped under Node's ESM interop.
  const AjvClass = ((Ajv2020 as unknown as { default?: typeof Ajv2020 }).default ?? Ajv2020) as typeof Ajv2020;
  const applyFormats = ((addFormats as unknown as { default?: typeof addFormats }).default ??
    addFormats) as typeof addFormats;
  const ajv = new AjvClass({ allErrors: true, strictTypes: false, ...options });
  applyFormats(ajv);
  ajv.addFormat('unixtime', { type: 'number', validate: () => true });
  return ajv;
}
