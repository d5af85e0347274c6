import { hash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
}

export interface ApiKeyRecord {
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
}

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

  create(input: { name: string; models: string[]; expiresAt: number | null }): CreatedApiKey {
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
    };
    this.database
      .prepare(
        `INSERT INTO api_keys (id, name, key_hash, key_hint, models, expires_at, created_at, revoked_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
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
      );
    this.byHash.set(row.key_hash, toPrincipal(row));
    const { hint: _hint, ...record } = toRecord(row);
    return { ...record, key };
  }

  list(): ApiKeyRecord[] {
    const rows = this.database
      .prepare('SELECT * FROM api_keys WHERE revoked_at IS NULL ORDER BY created_at, id')
      .all() as unknown as KeyRow[];
    return rows.map(toRecord);
  }

  /** Revokes a key; false when no active key has this id. */
  revoke(id: string): boolean {
    const row = this.database
      .prepare('SELECT * FROM api_keys WHERE id = ? AND revoked_at IS NULL')
      .get(id) as unknown as KeyRow | undefined;
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
  };
}

function toRecord(row: KeyRow): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    models: JSON.parse(row.models) as string[],
    expires_at: row.expires_at === null ? null : new Date(row.expires_at).toISOString(),
    created_at: new Date(row.created_at).toISOString(),
    hint: row.key_hint,
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
