import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '../../../electron/db/migrate';
import { applyPragmas } from '../../../electron/db/open-database';

describe('migration 0003-search-pairs', () => {
  it('collects every adjacent character pair of the search texts a version-2 store holds, and keeps the rows', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mig-3-'));
    try {
      const file = join(dir, 'store.sqlite');
      const v2 = new Database(file);
      applyPragmas(v2);
      migrate(v2, readMigrations(), 2);
      v2.prepare("INSERT INTO schemas VALUES ('s1', '{}', 'user', null, 'now')").run();
      const insert = v2.prepare("INSERT INTO identities (id, schema_id, state, traits, metadata_admin, created_at, updated_at) VALUES (?, 's1', 'active', ?, ?, 't', 't')");
      insert.run('a', JSON.stringify({ email: 'Zoë@x.io' }), JSON.stringify({ note: 'qj' }));
      insert.run('b', JSON.stringify({ email: 'b@y.io' }), null);
      const traitsBefore = v2.prepare('SELECT id, traits FROM identities ORDER BY id').all();
      v2.close();

      const db = new Database(file);
      applyPragmas(db);
      migrate(db, readMigrations(), 3);
      expect(db.pragma('user_version', { simple: true })).toBe(3);
      const pairs = new Set(db.prepare('SELECT pair FROM search_pairs').pluck().all() as string[]);
      // Within values (case kept, non-ASCII whole), across the spaces that join the parts, and nothing invented.
      for (const pair of ['Zo', 'oë', 'ë@', '@x', 'io', 'o ', ' q', 'qj', 'j ', '  ', 'b@', '@y']) expect(pairs.has(pair), pair).toBe(true);
      expect(pairs.has('zo')).toBe(false);
      expect(pairs.has('xq')).toBe(false);
      expect(db.prepare('SELECT id, traits FROM identities ORDER BY id').all()).toEqual(traitsBefore);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
