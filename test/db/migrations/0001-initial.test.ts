import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '../../../electron/db/migrate';
import { applyPragmas } from '../../../electron/db/open-database';

const dirs: string[] = [];
const openAt = (version: number) => {
  const dir = mkdtempSync(join(tmpdir(), 'mig-1-'));
  dirs.push(dir);
  const db = new Database(join(dir, 'store.sqlite'));
  applyPragmas(db);
  migrate(db, readMigrations(), version);
  return db;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const insertIdentity = (db: Database.Database, id: string, state = 'active', schema = 's1') =>
  db
    .prepare("INSERT INTO identities (id, schema_id, state, traits, created_at, updated_at) VALUES (?, ?, ?, '{}', '2026-03-20T10:11:12.123456Z', '2026-03-20T10:11:12Z')")
    .run(id, schema, state);

describe('migration 0001-initial', () => {
  it('creates the store from nothing, with counters kept by triggers', () => {
    const db = openAt(1);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    db.prepare("INSERT INTO schemas VALUES ('s1', '{}', 'user', null, 'now'), ('s2', '{}', 'user', null, 'now')").run();
    insertIdentity(db, 'a');
    insertIdentity(db, 'b', 'inactive');
    insertIdentity(db, 'c', 'active', 's2');
    db.prepare("UPDATE identities SET state = 'inactive' WHERE id = 'a'").run();
    db.prepare("DELETE FROM identities WHERE id = 'c'").run();
    const counters = Object.fromEntries((db.prepare('SELECT name, value FROM counters').all() as { name: string; value: number }[]).map((r) => [r.name, r.value]));
    expect(counters).toMatchObject({ identities: 2, 'schema:s1': 2, 'schema:s2': 0, 'state:active': 0, 'state:inactive': 2, 'schema_state:inactive:s1': 2 });
    expect(counters['mutations']).toBe(5);
  });

  it('enforces uniqueness per credential type and per address, and cascades deletes', () => {
    const db = openAt(1);
    db.prepare("INSERT INTO schemas VALUES ('s1', '{}', 'user', null, 'now')").run();
    const a = Number(insertIdentity(db, 'a').lastInsertRowid);
    const b = Number(insertIdentity(db, 'b').lastInsertRowid);
    db.prepare("INSERT INTO identifiers VALUES ('password', 'x@example.com', ?)").run(a);
    db.prepare("INSERT INTO identifiers VALUES ('code', 'x@example.com', ?)").run(b);
    expect(() => db.prepare("INSERT INTO identifiers VALUES ('password', 'x@example.com', ?)").run(b)).toThrow(/UNIQUE/);
    db.prepare("INSERT INTO addresses VALUES ('verifiable', 'email', 'x@example.com', ?)").run(a);
    expect(() => db.prepare("INSERT INTO addresses VALUES ('verifiable', 'email', 'x@example.com', ?)").run(b)).toThrow(/UNIQUE/);
    db.prepare("DELETE FROM identities WHERE id = 'a'").run();
    expect(db.prepare('SELECT count(*) FROM identifiers').pluck().get()).toBe(1);
    expect(db.prepare('SELECT count(*) FROM addresses').pluck().get()).toBe(0);
  });

  it('sorts on parsed timestamps while keeping the raw strings', () => {
    const db = openAt(1);
    db.prepare("INSERT INTO schemas VALUES ('s1', '{}', 'user', null, 'now')").run();
    insertIdentity(db, 'a');
    const row = db.prepare('SELECT created_at, created_key FROM identities').get() as { created_at: string; created_key: number };
    expect(row.created_at).toBe('2026-03-20T10:11:12.123456Z');
    expect(row.created_key).toBeCloseTo(1774001472.123, 3);
  });
});
