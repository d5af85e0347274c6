import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import OpenAI from 'openai';
import { stringify } from 'yaml';
import { createGateway, type Gateway, type GatewayOptions, loadConfig } from '../src/index.js';

export const MASTER_KEY = 'llmux-test-master-key-0123456789';

const require = createRequire(import.meta.url);
const schema = require('./fixtures/chat-completions.schema.json') as { $id?: string };
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addFormat('unixtime', { type: 'number', validate: (value: number) => Number.isInteger(value) });
ajv.addSchema(schema, 'openai');
const validators = {
  completion: ajv.compile({ $ref: 'openai#/$defs/CreateChatCompletionResponse' }),
  chunk: ajv.compile({ $ref: 'openai#/$defs/CreateChatCompletionStreamResponse' }),
  error: ajv.compile({ $ref: 'openai#/$defs/ErrorResponse' }),
  models: ajv.compile({ $ref: 'openai#/$defs/ListModelsResponse' }),
  model: ajv.compile({ $ref: 'openai#/$defs/Model' }),
};

/** Throws with Ajv's messages when `value` does not match OpenAI's published schema. */
export function expectValid(kind: keyof typeof validators, value: unknown): void {
  const validate = validators[kind];
  if (!validate(value)) {
    throw new Error(
      `not a valid OpenAI ${kind}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(value).slice(0, 2000)}`,
    );
  }
}

export interface TestGateway {
  gateway: Gateway;
  url: string;
  dataDir: string;
  client: OpenAI;
  clientWith(apiKey: string): OpenAI;
  close(): Promise<void>;
}

/**
 * A gateway on a random port with its own data dir. Without vendor keys in `env` it runs in simulate mode
 * (the in-process simulator is `gateway.simulator`).
 */
export async function startTestGateway(
  env: Record<string, string> = {},
  fileConfig?: Record<string, unknown>,
  options: Pick<GatewayOptions, 'clock'> = {},
): Promise<TestGateway> {
  const dataDir = mkdtempSync(join(tmpdir(), 'llmux-gateway-test-'));
  const fullEnv: Record<string, string> = {
    PORT: '0',
    HOST: '127.0.0.1',
    LLMUX_DATA_DIR: dataDir,
    LLMUX_LOG_LEVEL: 'silent',
    LLMUX_MASTER_KEY: MASTER_KEY,
    ...env,
  };
  if (fileConfig !== undefined) {
    const path = join(dataDir, 'llmux.config.yaml');
    writeFileSync(path, stringify(fileConfig));
    fullEnv.LLMUX_CONFIG = path;
  }
  const gateway = await createGateway(loadConfig(fullEnv), { ...options, announce: () => {} });
  const url = await gateway.listen();
  const clientWith = (apiKey: string) =>
    new OpenAI({ apiKey, baseURL: `${url}/v1`, maxRetries: 0, timeout: 30_000 });
  return {
    gateway,
    url,
    dataDir,
    client: clientWith(MASTER_KEY),
    clientWith,
    close: async () => {
      await gateway.close({ timeoutMs: 2000 });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Raw HTTP for what the SDK cannot send (malformed JSON, huge bodies, no key). */
export async function post(
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; json: unknown; text: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${MASTER_KEY}`, ...headers },
    body,
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

export const USER_HELLO = [{ role: 'user' as const, content: 'Say hello' }];
