import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { KeyStore } from './auth/keys.js';
import type { GatewayConfig } from './config.js';
import { readBody } from './http/read-body.js';
import { GatewayError, sendJson } from './http/respond.js';
import type { SqliteDatabase } from './storage/database.js';
import { queryUsage, type UsageStore } from './usage/usage-store.js';

const timestampSchema = z.union([
  z
    .number()
    .int()
    .positive()
    .transform((seconds) => seconds * 1000),
  z.iso.datetime({ offset: true }).transform((text) => Date.parse(text)),
]);

const createKeySchema = z.strictObject({
  name: z.string().min(1).max(200),
  models: z.array(z.string().min(1).max(200)).max(1000).optional(),
  /** ISO 8601 date-time or Unix seconds. */
  expires_at: timestampSchema.nullish(),
});

export interface AdminDependencies {
  config: GatewayConfig;
  keys: KeyStore;
  database: SqliteDatabase;
  usage: UsageStore;
}

export async function handleCreateKey(
  dependencies: AdminDependencies,
  incoming: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const body = await readBody(incoming, {
    maxBytes: 1024 * 1024,
    idleTimeoutMs: dependencies.config.timeouts.bodyIdleTimeoutMs,
    totalTimeoutMs: dependencies.config.timeouts.bodyTimeoutMs,
  });
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new GatewayError(
      400,
      'invalid_request_error',
      'The request body is not valid JSON.',
      'invalid_json',
    );
  }
  const parsed = createKeySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const param = issue.path.map(String).join('.') || null;
    throw new GatewayError(
      400,
      'invalid_request_error',
      `${param ?? 'The request body'}: ${issue.message}`,
      'invalid_value',
      param,
    );
  }
  const expiresAt = parsed.data.expires_at ?? null;
  if (expiresAt !== null && expiresAt <= Date.now()) {
    throw new GatewayError(
      400,
      'invalid_request_error',
      'expires_at is in the past.',
      'invalid_value',
      'expires_at',
    );
  }
  const created = dependencies.keys.create({
    name: parsed.data.name,
    models: parsed.data.models ?? dependencies.config.keyDefaults.defaultModels,
    expiresAt,
  });
  sendJson(response, 201, { object: 'api_key', ...created });
}

export function handleListKeys(dependencies: AdminDependencies, response: ServerResponse): void {
  sendJson(response, 200, {
    object: 'list',
    data: dependencies.keys.list().map((key) => ({ object: 'api_key', ...key })),
  });
}

export function handleDeleteKey(dependencies: AdminDependencies, id: string, response: ServerResponse): void {
  if (!dependencies.keys.revoke(id)) {
    throw new GatewayError(
      404,
      'invalid_request_error',
      `No active API key has the id '${id}'.`,
      'key_not_found',
    );
  }
  sendJson(response, 200, { object: 'api_key.deleted', id, deleted: true });
}

export function handleUsage(dependencies: AdminDependencies, url: URL, response: ServerResponse): void {
  const read = (name: string): number | undefined => {
    const value = url.searchParams.get(name);
    if (value === null || value === '') return undefined;
    const parsed = timestampSchema.safeParse(/^\d+$/.test(value) ? Number(value) : value);
    if (!parsed.success) {
      throw new GatewayError(
        400,
        'invalid_request_error',
        `${name} must be an ISO 8601 date-time or Unix seconds, got '${value}'.`,
        'invalid_value',
        name,
      );
    }
    return parsed.data;
  };
  const since = read('since');
  const until = read('until');
  const keyId = url.searchParams.get('key_id') ?? undefined;
  // Rows still waiting for their batch are committed first, so the answer includes every finished request.
  dependencies.usage.flush();
  const result = queryUsage(dependencies.database, { since, until, keyId });
  sendJson(response, 200, {
    object: 'usage',
    since: since === undefined ? null : new Date(since).toISOString(),
    until: until === undefined ? null : new Date(until).toISOString(),
    key_id: keyId ?? null,
    totals: result.totals,
    models: result.models,
  });
}
