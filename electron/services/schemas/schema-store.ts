/**
 * SQL for the `schemas` and `settings` tables (migration 0001). Statements are prepared once; every
 * row is checked on the way out because the file on disk is outside this process's control.
 */
import type { SchemaSource } from '../../../shared/domain/schema';
import { SCHEMA_SOURCES } from '../../../shared/domain/schema';
import { AppError } from '../../../shared/errors';
import type { Db } from '../../db/open-database';

export interface SchemaRow {
  id: string;
  body: string;
  source: SchemaSource;
  title: string | null;
  createdAt: string;
}

export const DEFAULT_SCHEMA_SETTING = 'default_schema_id';
export const SEEDED_SETTING = 'schemas_seeded';

const toRow = (raw: unknown): SchemaRow => {
  const r = raw as Record<string, unknown>;
  const source = SCHEMA_SOURCES.find((s) => s === r['source']);
  if (typeof r['id'] !== 'string' || typeof r['body'] !== 'string' || !source || typeof r['created_at'] !== 'string') {
    throw new AppError('INTERNAL', 'A stored schema row is malformed.');
  }
  return { id: r['id'], body: r['body'], source, title: typeof r['title'] === 'string' ? r['title'] : null, createdAt: r['created_at'] };
};

export interface SchemaStore {
  all(): SchemaRow[];
  get(id: string): SchemaRow | null;
  insert(row: SchemaRow): void;
  replace(row: Pick<SchemaRow, 'id' | 'body' | 'source' | 'title'>): void;
  remove(id: string): void;
  count(): number;
  identityCount(id: string): number;
  identityCounts(): Map<string, number>;
  setting(key: string): string | null;
  setSetting(key: string, value: string): void;
  transaction<T>(fn: () => T): T;
}

export const createSchemaStore = (db: Db): SchemaStore => {
  const q = {
    all: db.prepare('SELECT id, body, source, title, created_at FROM schemas ORDER BY id'),
    get: db.prepare('SELECT id, body, source, title, created_at FROM schemas WHERE id = ?'),
    insert: db.prepare('INSERT INTO schemas (id, body, source, title, created_at) VALUES (?, ?, ?, ?, ?)'),
    replace: db.prepare('UPDATE schemas SET body = ?, source = ?, title = ? WHERE id = ?'),
    remove: db.prepare('DELETE FROM schemas WHERE id = ?'),
    count: db.prepare('SELECT count(*) AS n FROM schemas'),
    // Uses the identities_schema index; good enough until counts per schema are kept incrementally.
    identityCount: db.prepare('SELECT count(*) AS n FROM identities WHERE schema_id = ?'),
    identityCounts: db.prepare('SELECT schema_id, count(*) AS n FROM identities GROUP BY schema_id'),
    setting: db.prepare('SELECT value FROM settings WHERE key = ?'),
    setSetting: db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
  };
  const countOf = (raw: unknown): number => Number((raw as { n?: unknown } | undefined)?.n ?? 0);
  return {
    all: () => q.all.all().map(toRow),
    get: (id) => {
      const raw = q.get.get(id);
      return raw === undefined ? null : toRow(raw);
    },
    insert: (row) => void q.insert.run(row.id, row.body, row.source, row.title, row.createdAt),
    replace: (row) => void q.replace.run(row.body, row.source, row.title, row.id),
    remove: (id) => void q.remove.run(id),
    count: () => countOf(q.count.get()),
    identityCount: (id) => countOf(q.identityCount.get(id)),
    identityCounts: () =>
      new Map((q.identityCounts.all() as { schema_id: unknown; n: unknown }[]).map((r) => [String(r.schema_id), Number(r.n)] as const)),
    setting: (key) => {
      const raw = q.setting.get(key) as { value?: unknown } | undefined;
      return typeof raw?.value === 'string' ? raw.value : null;
    },
    setSetting: (key, value) => void q.setSetting.run(key, value),
    transaction: (fn) => db.transaction(fn)(),
  };
};
