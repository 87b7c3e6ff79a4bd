import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../shared/errors';
import type { Db } from './open-database';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

const FILE_NAME = /^(\d{4})-([a-z0-9-]+)\.sql$/;
const DEFAULT_DIR = new URL('./migrations/', import.meta.url);

/** Numbered, append-only SQL files; the number is the `user_version` the file brings the store to. */
export const readMigrations = (dir: URL = DEFAULT_DIR): Migration[] => {
  const path = fileURLToPath(dir);
  const migrations = readdirSync(path)
    .map((file) => ({ file, match: FILE_NAME.exec(file) }))
    .filter((entry): entry is { file: string; match: RegExpExecArray } => entry.match !== null)
    .map(({ file, match }) => {
      const sql = readFileSync(`${path}/${file}`, 'utf8');
      return { version: Number(match[1]), name: match[2] ?? file, sql, checksum: sha256(sql) };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration numbering has a gap or duplicate at ${m.version}-${m.name}`);
  });
  return migrations;
};

export const latestMigrationVersion = (migrations: readonly Migration[]): number => migrations.at(-1)?.version ?? 0;

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS migrations (
  version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`;

/**
 * Applies every migration above the store's `user_version`, one transaction each, and records a
 * checksum so that an applied migration edited afterwards fails loudly instead of drifting.
 */
export const migrate = (db: Db, migrations: readonly Migration[], upTo = latestMigrationVersion(migrations)): void => {
  db.exec(BOOKKEEPING);
  const applied = db.prepare('SELECT version, name, checksum FROM migrations').all() as {
    version: number;
    name: string;
    checksum: string;
  }[];
  for (const row of applied) {
    const known = migrations.find((m) => m.version === row.version);
    if (known && known.checksum !== row.checksum) {
      throw new AppError('INTERNAL', `Store migration ${row.version}-${row.name} was changed after it was applied.`);
    }
  }
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const m of migrations) {
    if (m.version <= current || m.version > upTo) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)').run(
        m.version,
        m.name,
        m.checksum,
        new Date().toISOString(),
      );
      db.pragma(`user_version = ${m.version}`);
    })();
  }
};
