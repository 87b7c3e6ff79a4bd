import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '../../../electron/db/migrate';
import { applyPragmas } from '../../../electron/db/open-database';

describe('migration 0004-change-writer-and-sync', () => {
  it('adds the sync data model and the new operations, keeping every row, and queues only the local edits of a version-3 store', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mig-4-'));
    try {
      const file = join(dir, 'store.sqlite');
      const v3 = new Database(file);
      applyPragmas(v3);
      migrate(v3, readMigrations(), 3);
      v3.prepare("INSERT INTO schemas VALUES ('s1', '{}', 'user', null, 'now')").run();
      const insert = v3.prepare(
        "INSERT INTO identities (id, schema_id, state, traits, credentials, created_at, updated_at, dirty) VALUES (?, 's1', 'active', ?, ?, '2020-01-01T00:00:00.123456789Z', 't', 1)",
      );
      insert.run('imported', JSON.stringify({ email: 'a@x.io' }), JSON.stringify({ password: { config: { hashed_password: '$2a$10$h' } } }));
      insert.run('edited', JSON.stringify({ email: 'b@x.io' }), null);
      insert.run('created', JSON.stringify({ email: 'c@x.io' }), null);
      const audit = v3.prepare("INSERT INTO audit_log (operation_id, actor, at, identity_id, action, patch, inverse) VALUES (?, 'me', ?, ?, ?, ?, ?)");
      audit.run('op-import', '2026-01-01', 'imported', 'import', '[]', null);
      audit.run('op-import', '2026-01-01', 'edited', 'import', '[]', null);
      audit.run('op-2', '2026-01-02', 'edited', 'update', '[{"op":"add","path":"/traits/x","value":1}]', '[{"op":"remove","path":"/traits/x"}]');
      audit.run('op-3', '2026-01-03', 'created', 'create', '[]', null);
      audit.run('op-4', '2026-01-04', 'created', 'revert', '[]', null);
      v3.prepare("INSERT INTO operations (id, kind, actor, started_at, finished_at, status, summary) VALUES ('op-import', 'import', 'me', 's', 'f', 'succeeded', '{\"imported\":2,\"skipped\":0}')").run();
      v3.prepare("INSERT INTO operations (id, kind, actor, started_at, status) VALUES ('op-x', 'import', 'me', 's', 'running')").run();
      const identitiesBefore = v3.prepare('SELECT id, traits, credentials, created_at FROM identities ORDER BY id').all();
      v3.close();

      const db = new Database(file);
      applyPragmas(db);
      migrate(db, readMigrations(), 4);
      expect(db.pragma('user_version', { simple: true })).toBe(4);
      expect(db.prepare('SELECT id, traits, credentials, created_at FROM identities ORDER BY id').all()).toEqual(identitiesBefore);
      const columns = (table: string) => (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
      expect(columns('identities')).toContain('extra');
      expect(columns('identities')).not.toContain('remote_hash');
      expect(columns('sync_base')).toEqual(['identity_id', 'remote', 'remote_id', 'updated_at', 'hash', 'body', 'pulled_at']);
      expect(columns('outbox')).toEqual(['identity_id', 'remote', 'operation', 'first_change_id', 'last_change_id', 'status', 'attempts', 'next_attempt_at', 'last_error', 'created_at', 'updated_at']);
      expect(columns('sync_conflicts')).toEqual(['identity_id', 'pointer', 'remote', 'base', 'local', 'remote_value', 'detected_at']);
      expect(columns('sync_state')).toContain('scan_next_url');

      // Origins from the actions; imported-only identities are no longer dirty; local edits are queued once each.
      expect(db.prepare('SELECT identity_id, action, origin FROM audit_log ORDER BY change_id').all()).toEqual([
        { identity_id: 'imported', action: 'import', origin: 'import' },
        { identity_id: 'edited', action: 'import', origin: 'import' },
        { identity_id: 'edited', action: 'update', origin: 'local' },
        { identity_id: 'created', action: 'create', origin: 'local' },
        { identity_id: 'created', action: 'revert', origin: 'undo' },
      ]);
      expect(db.prepare('SELECT id, dirty FROM identities ORDER BY id').all()).toEqual([
        { id: 'created', dirty: 1 },
        { id: 'edited', dirty: 1 },
        { id: 'imported', dirty: 0 },
      ]);
      expect(db.prepare('SELECT identity_id, operation, first_change_id, last_change_id, status FROM outbox ORDER BY identity_id').all()).toEqual([
        { identity_id: 'created', operation: 'create', first_change_id: 4, last_change_id: 5, status: 'pending' },
        { identity_id: 'edited', operation: 'create', first_change_id: 2, last_change_id: 3, status: 'pending' },
      ]);
      expect(db.prepare('SELECT id, kind, state, counts FROM operations ORDER BY id').all()).toEqual([
        { id: 'op-import', kind: 'import', state: 'applied', counts: '{"imported":2,"skipped":0}' },
        { id: 'op-x', kind: 'import', state: 'running', counts: '{}' },
      ]);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      // The change writer keeps the search index and the counters: no trigger does it behind its back.
      expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'identities'").all()).toEqual([]);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
