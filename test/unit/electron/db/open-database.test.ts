import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { latestMigrationVersion, migrate, readMigrations } from '../../../../electron/db/migrate';
import { openStore, STORE_FILE } from '../../../../electron/db/open-database';

const tempDir = () => mkdtempSync(join(tmpdir(), 'identity-desk-db-'));
const pragma = (db: Database.Database, name: string) => db.pragma(name, { simple: true });

describe('openStore', () => {
  it('applies the pragmas of design §4 and migrates to the latest version', () => {
    const dir = tempDir();
    const store = openStore(dir);
    expect(pragma(store.db, 'journal_mode')).toBe('wal');
    expect(pragma(store.db, 'synchronous')).toBe(2);
    expect(pragma(store.db, 'foreign_keys')).toBe(1);
    expect(pragma(store.db, 'cache_size')).toBe(-128 * 1024); // the interactive share of the memory budget (open-database.ts)
    expect(store.schemaVersion).toBe(latestMigrationVersion(readMigrations()));
    expect(store.readOnlyReason).toBeNull();
    store.db.close();
  });

  it('keeps synchronous=FULL on the second open of a WAL file (better-sqlite3 would reopen at NORMAL)', () => {
    const dir = tempDir();
    openStore(dir).db.close();
    const raw = new Database(join(dir, STORE_FILE));
    expect(pragma(raw, 'journal_mode')).toBe('wal');
    raw.close();
    const again = openStore(dir);
    expect(pragma(again.db, 'synchronous')).toBe(2);
    again.db.close();
  });

  it('records every migration with a checksum in user_version order', () => {
    const store = openStore(tempDir());
    const rows = store.db.prepare('SELECT version, checksum FROM migrations ORDER BY version').all() as {
      version: number;
      checksum: string;
    }[];
    expect(rows.map((r) => r.version)).toEqual(readMigrations().map((m) => m.version));
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.checksum))).toBe(true);
    store.db.close();
  });

  it('opens a database newer than the app read-only, with a clear reason, and refuses writes', () => {
    const dir = tempDir();
    openStore(dir).db.close();
    const raw = new Database(join(dir, STORE_FILE));
    raw.pragma('user_version = 999');
    raw.close();
    const store = openStore(dir);
    expect(store.readOnlyReason).toMatch(/newer Identity Desk.*999.*read-only/);
    expect(store.db.readonly).toBe(true);
    expect(() => store.db.prepare("INSERT INTO settings (key, value) VALUES ('x', 'y')").run()).toThrow(/readonly/i);
    store.db.close();
  });

  it('fails loudly when an applied migration was edited afterwards', () => {
    const dir = tempDir();
    const migrationsDir = join(dir, 'migrations');
    mkdirSync(migrationsDir);
    writeFileSync(join(migrationsDir, '0001-first.sql'), 'CREATE TABLE a (x);');
    const db = new Database(join(dir, 'x.sqlite'));
    const url = pathToFileURL(`${migrationsDir}/`);
    migrate(db, readMigrations(url));
    writeFileSync(join(migrationsDir, '0001-first.sql'), 'CREATE TABLE a (x, y);');
    expect(() => migrate(db, readMigrations(url))).toThrow(/changed after it was applied/);
    db.close();
  });

  it('rolls a failing migration back whole', () => {
    const dir = tempDir();
    const migrationsDir = join(dir, 'migrations');
    mkdirSync(migrationsDir);
    writeFileSync(join(migrationsDir, '0001-first.sql'), 'CREATE TABLE a (x);');
    writeFileSync(join(migrationsDir, '0002-broken.sql'), 'CREATE TABLE b (x); INSERT INTO nowhere VALUES (1);');
    const db = new Database(join(dir, 'x.sqlite'));
    expect(() => migrate(db, readMigrations(pathToFileURL(`${migrationsDir}/`)))).toThrow();
    expect(pragma(db, 'user_version')).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").get()).toBeUndefined();
    db.close();
  });
});
