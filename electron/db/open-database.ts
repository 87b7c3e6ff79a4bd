import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import { latestMigrationVersion, migrate, readMigrations } from './migrate';

export type Db = Database.Database;

export interface OpenedStore {
  db: Db;
  file: string;
  schemaVersion: number;
  /** Set when the file was written by a newer Identity Desk: it is then open read-only. */
  readOnlyReason: string | null;
}

export const STORE_FILE = 'identity-desk.sqlite';
/**
 * The desktop app sets this to its Electron-ABI build of better-sqlite3 (design §9). An environment
 * variable rather than an argument because worker threads inherit it, and they open their own connections.
 */
export const NATIVE_BINDING_ENV = 'IDENTITY_DESK_SQLITE_BINDING';
/**
 * Page caches. Design §4 asks for ~256 MiB, and §10 for a peak RSS of 560 MB while jobs run; a job's connection
 * sits beside the interactive one in the same process (worker threads), so they share the budget: 128 MiB for
 * the interactive connection (browsing touches a small part of the store), 160 MiB for an import (it inserts
 * into every index at random places), 64 MiB for jobs that stream the store once (export, store checks: a
 * miss costs a read from the OS's file cache, not the disk).
 */
export const CACHE_KIB = 128 * 1024;
export const IMPORT_CACHE_KIB = 160 * 1024;
export const JOB_CACHE_KIB = 64 * 1024;
const BUSY_TIMEOUT_MS = 5000;

export interface OpenOptions {
  /** Where better-sqlite3's native binding lives, for the Electron-ABI build (design §9). */
  nativeBinding?: string;
  migrationsDir?: URL;
  /** Page cache in KiB; CACHE_KIB unless a job asks for JOB_CACHE_KIB. */
  cacheKib?: number;
}

/**
 * Opens (creating if needed) the store in `dataDir`, applies the pragmas of design §4, checks that
 * they took, and migrates. A database newer than this app is reopened read-only rather than
 * touched, so a downgrade never damages data.
 */
export const openStore = (dataDir: string, options: OpenOptions = {}): OpenedStore => {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, STORE_FILE);
  const migrations = readMigrations(options.migrationsDir);
  const known = latestMigrationVersion(migrations);
  const nativeBinding = options.nativeBinding ?? process.env[NATIVE_BINDING_ENV];
  const nativeOptions = nativeBinding ? { nativeBinding } : {};
  const cacheKib = options.cacheKib ?? CACHE_KIB;

  const db = new Database(file, nativeOptions);
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > known) {
    db.close();
    const readOnly = new Database(file, { ...nativeOptions, readonly: true, fileMustExist: true });
    applyReadPragmas(readOnly, cacheKib);
    return {
      db: readOnly,
      file,
      schemaVersion: version,
      readOnlyReason: `This store was written by a newer Identity Desk (store version ${version}; this app knows up to ${known}). It is open read-only: update Identity Desk to change it.`,
    };
  }
  applyPragmas(db, cacheKib);
  migrate(db, migrations);
  return { db, file, schemaVersion: db.pragma('user_version', { simple: true }) as number, readOnlyReason: null };
};

const applyReadPragmas = (db: Db, cacheKib: number): void => {
  db.pragma(`cache_size = -${cacheKib}`);
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('foreign_keys = ON');
};

/**
 * WAL with synchronous=FULL: a committed write survives power loss. better-sqlite3 sets NORMAL
 * when it reopens a WAL file, so the pragma is set after journal_mode and then read back.
 */
export const applyPragmas = (db: Db, cacheKib = CACHE_KIB): void => {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  applyReadPragmas(db, cacheKib);
  assertPragmas(db, cacheKib);
};

export const assertPragmas = (db: Db, cacheKib = CACHE_KIB): void => {
  const expect = (name: string, wanted: string | number) => {
    const actual = db.pragma(name, { simple: true }) as string | number;
    if (String(actual).toLowerCase() !== String(wanted).toLowerCase()) {
      throw new AppError('INTERNAL', `The store could not be opened safely (${name} is ${actual}, expected ${wanted}).`);
    }
  };
  expect('journal_mode', 'wal');
  expect('synchronous', 2); // FULL
  expect('foreign_keys', 1);
  expect('busy_timeout', BUSY_TIMEOUT_MS);
  expect('cache_size', -cacheKib);
};
