import { hash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasAnyLimit, type KeyLimits } from '../limits/limiter.js';
import type { SqliteDatabase } from '../storage/database.js';

/** Every llmux key starts with this, so a leaked one is recognisable by secret scanners. */
export const KEY_PREFIX = 'llmux-sk-';

export const MASTER_KEY_ID = 'master';

/** Who is calling: the key's id and what it may do. */
export interface Principal {
  keyId: string;
  name: string;
  isMaster: boolean;
  /** Model globs; `*` allows everything. */
  models: string[];
  /** Compiled `models`, null when everything is allowed. */
  modelPattern: RegExp | null;
  expiresAt: number | null;
  /** The key's limits; null when it has none (admission then counts nothing but its in-flight slot). */
  limits: KeyLimits | null;
}

/** The limit fields as the admin API names them (LiteLLM's names); null = unlimited. */
export interface ApiKeyLimitFields {
  rpm_limit: number | null;
  tpm_limit: number | null;
  max_parallel_requests: number | null;
  max_budget: number | null;
  budget_duration: string | null;
}

export interface ApiKeyRecord extends ApiKeyLimitFields {
  id: string;
  name: string;
  models: string[];
  expires_at: string | null;
  created_at: string;
  /** The key's first characters, so an operator can tell keys apart without the secret. */
  hint: string;
}

export interface CreatedApiKey extends Omit<ApiKeyRecord, 'hint'> {
  /** The secret, shown once. */
  key: string;
}

export function hashKey(key: string): string {
  return hash('sha256', key, 'hex');
}

export function generateKey(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

/** `gpt-*` → /^gpt-.*$/i. Globs know `*` (any run) and `?` (one character). */
export function compileModelGlobs(globs: readonly string[]): RegExp | null {
  if (globs.length === 0) return /^$/;
  if (globs.includes('*')) return null;
  const alternatives = globs.map((glob) =>
    glob
      .split('')
      .map((character) => {
        if (character === '*') return '.*';
        if (character === '?') return '.';
        return character.replace(/[.+^${}()|[\]\\]/g, '\\$&');
      })
      .join(''),
  );
  return new RegExp(`^(?:${alternatives.join('|')})$`, 'i');
}

export function isModelAllowed(principal: Principal, ...names: string[]): boolean {
  const pattern = principal.modelPattern;
  if (pattern === null) return true;
  return names.some((name) => pattern.test(name));
}

interface KeyRow {
  id: string;
  name: string;
  key_hash: string;
  key_hint: string;
  models: string;
  expires_at: number | null;
  created_at: number;
  revoked_at: number | null;
  rpm_limit: number | null;
  tpm_limit: number | null;
  max_parallel_requests: number | null;
  max_budget: number | null;
  budget_duration: string | null;
}

const LIMIT_COLUMNS = [
  'rpm_limit',
  'tpm_limit',
  'max_parallel_requests',
  'max_budget',
  'budget_duration',
] as const satisfies ReadonlyArray<keyof ApiKeyLimitFields>;

/**
 * The key store: SQLite is the record, an in-memory Map (hash → principal) answers every request. With one
 * process the Map is updated in the same call that writes the row, so a revocation takes effect on the next
 * request.
 */
export class KeyStore {
  private readonly byHash = new Map<string, Principal>();
  private readonly masterHash: string;
  private readonly masterPrincipal: Principal;

  constructor(
    private readonly database: SqliteDatabase,
    masterKey: string,
    private readonly now: () => number = Date.now,
  ) {
    this.masterHash = hashKey(masterKey);
    this.masterPrincipal = {
      keyId: MASTER_KEY_ID,
      name: 'master',
      isMaster: true,
      models: ['*'],
      modelPattern: null,
      expiresAt: null,
      limits: null,
    };
    const rows = database
      .prepare('SELECT * FROM api_keys WHERE revoked_at IS NULL')
      .all() as unknown as KeyRow[];
    for (const row of rows) this.byHash.set(row.key_hash, toPrincipal(row));
  }

  /** The principal for a presented secret, or undefined when it is unknown, revoked or expired. */
  authenticate(secret: string): Principal | undefined {
    const keyHash = hashKey(secret);
    if (keyHash === this.masterHash) return this.masterPrincipal;
    const principal = this.byHash.get(keyHash);
    if (principal === undefined) return undefined;
    if (principal.expiresAt !== null && principal.expiresAt <= this.now()) return undefined;
    return principal;
  }

  create(input: {
    name: string;
    models: string[];
    expiresAt: number | null;
    limits?: Partial<ApiKeyLimitFields>;
  }): CreatedApiKey {
    const key = generateKey();
    const row: KeyRow = {
      id: `key_${randomBytes(9).toString('base64url')}`,
      name: input.name,
      key_hash: hashKey(key),
      key_hint: `${key.slice(0, KEY_PREFIX.length + 4)}…`,
      models: JSON.stringify(input.models),
      expires_at: input.expiresAt,
      created_at: this.now(),
      revoked_at: null,
      rpm_limit: input.limits?.rpm_limit ?? null,
      tpm_limit: input.limits?.tpm_limit ?? null,
      max_parallel_requests: input.limits?.max_parallel_requests ?? null,
      max_budget: input.limits?.max_budget ?? null,
      budget_duration: input.limits?.budget_duration ?? null,
    };
    this.database
      .prepare(
        `INSERT INTO api_keys (id, name, key_hash, key_hint, models, expires_at, created_at, revoked_at,
           ${LIMIT_COLUMNS.join(', ')})
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        row.id,
        row.name,
        row.key_hash,
        row.key_hint,
        row.models,
        row.expires_at,
        row.created_at,
        row.revoked_at,
        ...LIMIT_COLUMNS.map((column) => row[column]),
      );
    this.byHash.set(row.key_hash, toPrincipal(row));
    const { hint: _hint, ...record } = toRecord(row);
    return { ...record, key };
  }

  /** An active key's record, or undefined. */
  get(id: string): ApiKeyRecord | undefined {
    const row = this.activeRow(id);
    return row === undefined ? undefined : toRecord(row);
  }

  /**
   * Changes an active key's limits: a field given as null removes that limit, an absent one stays. The next
   * request sees the change (the Map's principal is replaced). Undefined when no active key has this id.
   */
  updateLimits(id: string, patch: Partial<ApiKeyLimitFields>): ApiKeyRecord | undefined {
    const row = this.activeRow(id);
    if (row === undefined) return undefined;
    const changed = LIMIT_COLUMNS.filter((column) => patch[column] !== undefined);
    if (changed.length > 0) {
      for (const column of changed)
        (row as unknown as Record<string, unknown>)[column] = patch[column] ?? null;
      this.database
        .prepare(`UPDATE api_keys SET ${changed.map((column) => `${column} = ?`).join(', ')} WHERE id = ?`)
        .run(...changed.map((column) => row[column]), id);
      this.byHash.set(row.key_hash, toPrincipal(row));
    }
    return toRecord(row);
  }

  private activeRow(id: string): KeyRow | undefined {
    return this.database
      .prepare('SELECT * FROM api_keys WHERE id = ? AND revoked_at IS NULL')
      .get(id) as unknown as KeyRow | undefined;
  }

  list(): ApiKeyRecord[] {
    const rows = this.database
      .prepare('SELECT * FROM api_keys WHERE revoked_at IS NULL ORDER BY created_at, id')
      .all() as unknown as KeyRow[];
    return rows.map(toRecord);
  }

  /** Revokes a key; false when no active key has this id. */
  revoke(id: string): boolean {
    const row = this.activeRow(id);
    if (row === undefined) return false;
    this.database.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ?').run(this.now(), id);
    this.byHash.delete(row.key_hash);
    return true;
  }
}

function toPrincipal(row: KeyRow): Principal {
  const models = JSON.parse(row.models) as string[];
  return {
    keyId: row.id,
    name: row.name,
    isMaster: false,
    models,
    modelPattern: compileModelGlobs(models),
    expiresAt: row.expires_at,
    limits: toLimits(row),
  };
}

function toLimits(row: KeyRow): KeyLimits | null {
  const limits: KeyLimits = {
    rpmLimit: row.rpm_limit,
    tpmLimit: row.tpm_limit,
    maxParallelRequests: row.max_parallel_requests,
    maxBudgetUsd: row.max_budget,
    budgetDuration: row.budget_duration,
  };
  return hasAnyLimit(limits) ? limits : null;
}

function toRecord(row: KeyRow): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    models: JSON.parse(row.models) as string[],
    expires_at: row.expires_at === null ? null : new Date(row.expires_at).toISOString(),
    created_at: new Date(row.created_at).toISOString(),
    hint: row.key_hint,
    rpm_limit: row.rpm_limit,
    tpm_limit: row.tpm_limit,
    max_parallel_requests: row.max_parallel_requests,
    max_budget: row.max_budget,
    budget_duration: row.budget_duration,
  };
}

/**
 * The master key: LLMUX_MASTER_KEY when set, else the one stored in the data dir, else a new one written there
 * (mode 0600). `generated` tells the caller to print it, once.
 */
export function resolveMasterKey(
  configured: string | undefined,
  dataDir: string,
): { key: string; generated: boolean; path: string | undefined } {
  if (configured !== undefined) return { key: configured, generated: false, path: undefined };
  const path = join(dataDir, 'master.key');
  if (existsSync(path)) {
    const stored = readFileSync(path, 'utf8').trim();
    if (stored.length >= 16) return { key: stored, generated: false, path };
  }
  const key = generateKey();
  writeFileSync(path, `${key}\n`, { mode: 0o600 });
  // writeFileSync's mode applies only when it creates the file.
  chmodSync(path, 0o600);
  return { key, generated: true, path };
}
