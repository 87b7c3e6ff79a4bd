import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { migrate, readMigrations } from '../../../electron/db/migrate';
import { applyPragmas } from '../../../electron/db/open-database';
import type { StoreFixture } from '../../fixtures/store/store-fixture';
import { openFixture } from '../../fixtures/store/store-fixture';

/**
 * Migration 0008 files audit entries by the identity's seq. An identity's history must stay whole across a delete and
 * an undo of it (the restored row gets a new seq), never take in the entries of a new identity that was given a
 * removed identity's seq, and follow a re-keyed identity.
 */
let f: StoreFixture;
beforeEach(() => {
  f = openFixture();
});
afterEach(() => f.close());

const actions = (id: string) =>
  f.services.audit
    .list({ identityId: id })
    .items.map((e) => e.action)
    .reverse();
const seqOf = (id: string) => f.services.store.db.prepare('SELECT seq FROM identities WHERE id = ?').pluck().get(id) as number | undefined;

it('keeps an identity history whole across a delete and its undo, apart from a new identity given the same seq', () => {
  const a = f.services.identities.create({ traits: { email: 'a@example.com' } });
  f.services.identities.update(a.id, { traits: { email: 'a2@example.com' } });
  const oldSeq = seqOf(a.id);
  f.services.identities.delete(a.id);
  // The highest seq was freed: SQLite gives it to the next row.
  const b = f.services.identities.create({ traits: { email: 'b@example.com' } });
  expect(seqOf(b.id)).toBe(oldSeq);
  const deleted = f.services.audit.list({ identityId: a.id }).items[0];
  expect(deleted?.action).toBe('delete');
  expect(f.services.audit.undoEntry(deleted?.changeId ?? -1, 'op-undo')).toEqual({ status: 'reverted' });
  expect(seqOf(a.id)).not.toBe(oldSeq);
  f.services.identities.update(a.id, { traits: { email: 'a3@example.com' } });

  expect(actions(a.id)).toEqual(['create', 'update', 'delete', 'revert', 'update']);
  expect(actions(b.id)).toEqual(['create']);
  // The delete was undone once: a second undo says so instead of restoring again.
  expect(f.services.audit.undoEntry(deleted?.changeId ?? -1, 'op-undo')).toEqual({ status: 'already' });
  // Paging by `before` walks the same history.
  const first = f.services.audit.list({ identityId: a.id, limit: 2 });
  const rest = f.services.audit.list({ identityId: a.id, before: first.next ?? 0 });
  expect([...first.items, ...rest.items].map((e) => e.action).reverse()).toEqual(['create', 'update', 'delete', 'revert', 'update']);
});

it('files the entries written before it under the seq of their identity, or a key of their own once it is gone', () => {
  const file = join(f.dir, 'v7.sqlite');
  const v7 = new Database(file);
  applyPragmas(v7);
  migrate(v7, readMigrations(), 7);
  v7.prepare("INSERT INTO schemas VALUES ('s1', '{}', 'user', null, 'now')").run();
  v7.prepare("INSERT INTO identities (seq, id, schema_id, state, traits, created_at, updated_at) VALUES (41, 'alive', 's1', 'active', '{}', 't', 't')").run();
  const audit = v7.prepare("INSERT INTO audit_log (operation_id, actor, at, identity_id, action, origin, patch, inverse) VALUES ('op', 'me', 't', ?, ?, 'local', '[]', '[]')");
  audit.run('alive', 'create');
  audit.run('gone', 'create');
  audit.run('alive', 'update');
  audit.run('gone', 'delete');
  v7.close();

  const db = new Database(file);
  applyPragmas(db);
  migrate(db, readMigrations(), 8);
  expect(db.prepare('SELECT identity_id, identity_seq FROM audit_log ORDER BY change_id').all()).toEqual([
    { identity_id: 'alive', identity_seq: 41 },
    { identity_id: 'gone', identity_seq: -2 },
    { identity_id: 'alive', identity_seq: 41 },
    { identity_id: 'gone', identity_seq: -2 },
  ]);
  const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_log' ORDER BY name").pluck().all();
  expect(indexes).toContain('audit_identity_seq');
  expect(indexes).toContain('audit_removals');
  expect(indexes).not.toContain('audit_identity');
  db.close();
});
