import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '../../../electron/db/migrate';
import { applyPragmas } from '../../../electron/db/open-database';

describe('migration 0002-search-and-audit', () => {
  it('indexes the identities a version-1 store already holds, and keeps them intact', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mig-2-'));
    try {
      const file = join(dir, 'store.sqlite');
      const v1 = new Database(file);
      applyPragmas(v1);
      migrate(v1, readMigrations(), 1);
      v1.prepare("INSERT INTO schemas VALUES ('s1', '{}', 'user', null, 'now')").run();
      const insert = v1.prepare("INSERT INTO identities (id, schema_id, state, traits, metadata_admin, credentials, created_at, updated_at) VALUES (?, 's1', 'active', ?, ?, ?, 't', 't')");
      insert.run('a', JSON.stringify({ email: 'Alice@Example.com', name: { first: 'Alice' } }), JSON.stringify({ note: 'VIP customer' }), null);
      insert.run('b', JSON.stringify({ email: 'bob@example.com' }), null, JSON.stringify({ password: { identifiers: ['bob-login'], config: { hashed_password: '$2a$10$secrethash' } } }));
      v1.close();

      const db = new Database(file);
      applyPragmas(db);
      migrate(db, readMigrations(), 2);
      expect(db.pragma('user_version', { simple: true })).toBe(2);
      const find = (q: string) => db.prepare('SELECT i.id FROM identity_fts f JOIN identities i ON i.seq = f.rowid WHERE identity_fts MATCH ? ORDER BY i.id').pluck().all(`"${q}"`);
      expect(find('example')).toEqual(['a', 'b']);
      expect(find('ALICE')).toEqual(['a']);
      expect(find('vip cust')).toEqual(['a']);
      expect(find('b-log')).toEqual(['b']);
      expect(find('secrethash')).toEqual([]); // password hashes never reach the search index
      expect(db.prepare("SELECT traits FROM identities WHERE id = 'a'").pluck().get()).toBe(JSON.stringify({ email: 'Alice@Example.com', name: { first: 'Alice' } }));
      db.prepare("UPDATE identities SET traits = '{\"email\":\"carol@example.org\"}' WHERE id = 'a'").run();
      expect(find('alice')).toEqual([]);
      expect(find('carol')).toEqual(['a']);
      db.prepare("INSERT INTO audit_log (operation_id, actor, at, identity_id, action) VALUES ('op', 'me', 't', 'a', 'update')").run();
      expect(db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(1);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
