import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { ApiKeyRecord, KeyStore } from './auth/keys.js';
import type { GatewayConfig } from './config.js';
import { readBody } from './http/read-body.js';
import { GatewayError, sendJson } from './http/respond.js';
import { keyLimitFieldsSchema, patchKeySchema } from './limits/key-limit-fields.js';
import type { Limiter } from './limits/limiter.js';
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
  ...keyLimitFieldsSchema,
});

export interface AdminDependencies {
  config: GatewayConfig;
  keys: KeyStore;
  database: SqliteDatabase;
  usage: UsageStore;
  limiter: Limiter;
  /** Unix ms (injectable for tests). */
  clock: () => number;
}

/** A JSON body checked against `schema`, or a 400 that names the first bad field. */
async function readJsonBody<T>(
  dependencies: AdminDependencies,
  incoming: IncomingMessage,
  schema: z.ZodType<T>,
): Promise<T> {
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
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const unknownField = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    const param = unknownField ?? (issue.path.map(String).join('.') || null);
    const message =
      unknownField !== undefined
        ? `${unknownField}: unknown field.`
        : `${param ?? 'The request body'}: ${issue.message}`;
    throw new GatewayError(400, 'invalid_request_error', message, 'invalid_value', param);
  }
  return parsed.data;
}

/** A key as the admin API shows it: its record, limits, the current period's spend and when it resets. */
async function describeKey(
  dependencies: AdminDependencies,
  record: Omit<ApiKeyRecord, 'hint'> & { hint?: string },
) {
  const spend = await dependencies.limiter.spendOf(record.id);
  return {
    object: 'api_key',
    ...record,
    spend_usd: Math.round(spend.spendUsd * 1e9) / 1e9,
    budget_reset_at: spend.budgetResetAt === null ? null : new Date(spend.budgetResetAt).toISOString(),
  };
}

function keyNotFound(id: string): GatewayError {
  return new GatewayError(
    404,
    'invalid_request_error',
    `No active API key has the id '${id}'.`,
    'key_not_found',
  );
}

export async function handleCreateKey(
  dependencies: AdminDependencies,
  incoming: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const input = await readJsonBody(dependencies, incoming, createKeySchema);
  const expiresAt = input.expires_at ?? null;
  if (expiresAt !== null && expiresAt <= dependencies.clock()) {
    throw new GatewayError(
      400,
      'invalid_request_error',
      'expires_at is in the past.',
      'invalid_value',
      'expires_at',
    );
  }
  const { name, models, expires_at: _expires, ...limits } = input;
  const created = dependencies.keys.create({
    name,
    models: models ?? dependencies.config.keyDefaults.defaultModels,
    expiresAt,
    limits,
  });
  // Every key has a budget period (spend is tracked from the start, so a budget set later by PATCH sees it).
  await dependencies.limiter.setBudgetDuration(
    created.id,
    created.budget_duration,
    Date.parse(created.created_at),
  );
  sendJson(response, 201, await describeKey(dependencies, created));
}

export async function handleListKeys(
  dependencies: AdminDependencies,
  response: ServerResponse,
): Promise<void> {
  const data = await Promise.all(dependencies.keys.list().map((key) => describeKey(dependencies, key)));
  sendJson(response, 200, { object: 'list', data });
}

export async function handleGetKey(
  dependencies: AdminDependencies,
  id: string,
  response: ServerResponse,
): Promise<void> {
  const record = dependencies.keys.get(id);
  if (record === undefined) throw keyNotFound(id);
  sendJson(response, 200, await describeKey(dependencies, record));
}

/**
 * PATCH /admin/keys/{id}: a limit given as null is removed, an absent one stays; the next request sees the
 * change. Setting `budget_duration` starts the period's clock again (budget_reset_at = now + duration); the
 * spend is never changed.
 */
export async function handleUpdateKey(
  dependencies: AdminDependencies,
  id: string,
  incoming: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const patch = await readJsonBody(dependencies, incoming, patchKeySchema);
  const record = dependencies.keys.updateLimits(id, patch);
  if (record === undefined) throw keyNotFound(id);
  if (patch.budget_duration !== undefined) {
    await dependencies.limiter.setBudgetDuration(id, patch.budget_duration, dependencies.clock());
  }
  sendJson(response, 200, await describeKey(dependencies, record));
}

export async function handleDeleteKey(
  dependencies: AdminDependencies,
  id: string,
  response: ServerResponse,
): Promise<void> {
  if (!dependencies.keys.revoke(id)) throw keyNotFound(id);
  await dependencies.limiter.forgetKey(id);
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
