import Database from 'better-sqlite3';
import { closeSync, copyFileSync, existsSync, lstatSync, mkdirSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import type { Migration } from './migrate';
import { latestMigrationVersion, migrate, readMigrations } from './migrate';
import { checkWal } from './wal-check';

export type Db = Database.Database;

export interface OpenedStore {
  db: Db;
  file: string;
  schemaVersion: number;
  /** Set when the file was written by a newer Identity Desk or is damaged: it is then open read-only. */
  readOnlyReason: string | null;
  /** What is wrong with the file, when it is damaged or not a store at all; null for a sound store. */
  damage: StoreDamage | null;
}

/**
 * A damaged store (issue 17, point 3). `readable` says whether the file itself is open read-only
 * (export what can be read) or could not be opened at all: then an empty in-memory store stands in,
 * so that the hosts still start and show the problem, and every call but app.info answers STORE_CORRUPT.
 */
export interface StoreDamage {
  /** `wal`: the file is sound, but its write-ahead log holds commits after damaged bytes, which SQLite would drop. */
  kind: 'not-a-file' | 'empty' | 'not-sqlite' | 'unreadable' | 'corrupt' | 'wal';
  /** What was found, in words (SQLite's first findings for `corrupt`). */
  detail: string;
  readable: boolean;
}

export const RECOVERY_ADVICE =
  'Nothing is written into it. To recover: export what can still be read (Export, or identity-desk export), then restore a backup of the data directory; or move the damaged file away to start a new, empty store.';
const UNREADABLE_ADVICE =
  'Nothing is written into it, and nothing can be read from it. To recover: restore a backup of the data directory, or move the file away to start a new, empty store.';

const walUnreadableAdvice = (): string =>
  `Nothing is written into it, and nothing can be read from it. To recover: restore a backup of the data directory, or move ${STORE_FILE} and its log away to start a new, empty store.`;

const damageReason = (damage: StoreDamage): string => {
  if (damage.kind === 'wal') {
    return damage.readable
      ? `The store is damaged: ${damage.detail}. It is open read-only, showing the store as it was before the damage, and the log is left as it is. ${RECOVERY_ADVICE}`
      : `The store is damaged: ${damage.detail}. What comes before the damage is not yet a whole store, so nothing can be shown, and the log is left as it is. ${walUnreadableAdvice()}`;
  }
  return damage.readable
    ? `The store file (${STORE_FILE}) is damaged: ${damage.detail}. It is open read-only. ${RECOVERY_ADVICE}`
    : `The store file (${STORE_FILE}) cannot be opened: ${damage.detail}. ${UNREADABLE_ADVICE}`;
};

const SQLITE_MAGIC = 'SQLite format 3\0';

/** Damage visible before SQLite opens the file; 'absent' when there is no file (a new store is made); else its first 100 bytes. */
const inspectFile = (file: string): StoreDamage | 'absent' | { header: Buffer } => {
  try {
    lstatSync(file);
  } catch {
    return 'absent';
  }
  let stat;
  try {
    stat = statSync(file);
  } catch {
    return { kind: 'not-a-file', detail: 'it is a link to nothing', readable: false };
  }
  if (!stat.isFile()) return { kind: 'not-a-file', detail: `it is ${stat.isDirectory() ? 'a folder' : 'not a regular file'}`, readable: false };
  // A 0-byte file is not a new store: something truncated it, and making a new store over it would hide that.
  if (stat.size === 0) return { kind: 'empty', detail: 'it is empty (0 bytes)', readable: false };
  let header: Buffer;
  try {
    const fd = openSync(file, 'r');
    header = Buffer.alloc(100);
    try {
      readSync(fd, header, 0, 100, 0);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    return { kind: 'unreadable', detail: `it cannot be read (${(err as { code?: string }).code ?? 'error'})`, readable: false };
  }
  if (header.subarray(0, 16).toString('latin1') !== SQLITE_MAGIC) return { kind: 'not-sqlite', detail: 'it is not an SQLite database (its header is wrong)', readable: false };
  return { header };
};

/** SQLite's own words for damage: the file is corrupt, or is not a database. */
export const isSqliteDamage = (err: unknown): boolean => {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB|IOERR|CANTOPEN|FORMAT)/.test(code);
};

/** `PRAGMA quick_check`: O(pages), no index cross-checks; up to `max` findings, [] when sound. */
export const quickCheck = (db: Db, max = 10): string[] => {
  const rows = db.pragma(`quick_check(${max})`) as { quick_check: string }[];
  const findings = rows.map((r) => r.quick_check);
  return findings.length === 1 && findings[0] === 'ok' ? [] : findings;
};

export const STORE_FILE = 'identity-desk.sqlite';
export const WAL_FILE = `${STORE_FILE}-wal`;
/** Where a damaged log is copied before anything opens the store, so its commits after the damage are kept whatever happens later. */
export const WAL_COPY = `${WAL_FILE}.damaged`;
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
  /**
   * Check the write-ahead log before SQLite opens the store (see checkWal), then run `PRAGMA quick_check`.
   * The hosts do (createServices); job workers do not, since the host checked the files when it opened
   * them (and its writes would be racing a worker's read of the log), and the check reads every page
   * (about 0.3 s warm, 1.7 s cold for a 64 MB store of 29,400 identities).
   */
  quickCheck?: boolean;
}

/**
 * Opens (creating only when there is no file) the store in `dataDir`, checks it (`quick_check`),
 * applies the pragmas of design §4, checks that they took, and migrates. A database newer than this
 * app is reopened read-only rather than touched, so a downgrade never damages data. A damaged file is
 * opened read-only when SQLite can still read it, and never replaced (see StoreDamage).
 */
export const openStore = (dataDir: string, options: OpenOptions = {}): OpenedStore => {
  const file = join(dataDir, STORE_FILE);
  const migrations = readMigrations(options.migrationsDir);
  const known = latestMigrationVersion(migrations);
  const nativeBinding = options.nativeBinding ?? process.env[NATIVE_BINDING_ENV];
  const nativeOptions = nativeBinding ? { nativeBinding } : {};
  const cacheKib = options.cacheKib ?? CACHE_KIB;
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (err) {
    return standIn(file, { kind: 'not-a-file', detail: `its data directory cannot be made (${(err as { code?: string }).code ?? 'error'})`, readable: false }, migrations, nativeOptions);
  }
  const inspected = inspectFile(file);
  if (inspected !== 'absent' && !('header' in inspected)) return standIn(file, inspected, migrations, nativeOptions);
  const found = inspected === 'absent' ? 'absent' : 'ok';
  if (inspected !== 'absent' && options.quickCheck === true) {
    // Before SQLite opens the store: its first connection replays the log and later starts it over.
    const wal = checkWal(join(dataDir, WAL_FILE), inspected.header);
    if (wal.status === 'damaged') return openDamagedWal(file, dataDir, wal.detail, nativeOptions, cacheKib, migrations);
  }

  let db: Db | undefined;
  try {
    // An existing file must stay the file it is: fileMustExist, so SQLite never makes a new one in its place.
    db = new Database(file, { ...nativeOptions, fileMustExist: found === 'ok' });
    if (found === 'ok' && options.quickCheck === true) {
      const findings = quickCheck(db);
      if (findings.length > 0) {
        db.close();
        return openDamaged(file, findings, nativeOptions, cacheKib, migrations);
      }
    }
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
        damage: null,
      };
    }
    applyPragmas(db, cacheKib);
    migrate(db, migrations);
    return { db, file, schemaVersion: db.pragma('user_version', { simple: true }) as number, readOnlyReason: null, damage: null };
  } catch (err) {
    if (!isSqliteDamage(err)) throw err;
    if (db?.open) db.close();
    return openDamaged(file, [err instanceof Error ? err.message : String(err)], nativeOptions, cacheKib, migrations);
  }
};

/** The damaged file itself, read-only, if SQLite can still read its schema; else the stand-in. */
const openDamaged = (file: string, findings: string[], nativeOptions: object, cacheKib: number, migrations: readonly Migration[]): OpenedStore => {
  const detail = `SQLite reports ${findings.slice(0, 3).join('; ')}${findings.length > 3 ? '; …' : ''}`;
  try {
    const db = new Database(file, { ...nativeOptions, readonly: true, fileMustExist: true });
    try {
      applyReadPragmas(db, cacheKib);
      // The schema must read; pages of tables may not, and reads of those answer STORE_CORRUPT.
      db.prepare('SELECT count(*) FROM sqlite_master').pluck().get();
      const damage: StoreDamage = { kind: 'corrupt', detail, readable: true };
      return { db, file, schemaVersion: db.pragma('user_version', { simple: true }) as number, readOnlyReason: damageReason(damage), damage };
    } catch (err) {
      db.close();
      throw err;
    }
  } catch {
    return standIn(file, { kind: 'corrupt', detail, readable: false }, migrations, nativeOptions);
  }
};

/**
 * A store whose log holds commits after damaged bytes: the log is copied aside first, then the store
 * opens read-only (a read-only connection replays the sound part and never checkpoints or restarts the
 * log), so nothing here drops those commits.
 */
const openDamagedWal = (file: string, dataDir: string, detail: string, nativeOptions: object, cacheKib: number, migrations: readonly Migration[]): OpenedStore => {
  const copy = copyWalAside(dataDir);
  const damage: StoreDamage = { kind: 'wal', detail: `${detail}${copy === null ? '' : `; a copy of the log is in ${copy}`}`, readable: true };
  try {
    const db = new Database(file, { ...nativeOptions, readonly: true, fileMustExist: true });
    try {
      applyReadPragmas(db, cacheKib);
      const version = db.pragma('user_version', { simple: true }) as number;
      // The sound part of the log can predate the store's tables (a new store that never checkpointed):
      // then there is nothing the services could read, and the stand-in says so.
      if (version < latestMigrationVersion(migrations)) throw new Error('the readable part predates this store version');
      return { db, file, schemaVersion: version, readOnlyReason: damageReason(damage), damage };
    } catch (err) {
      db.close();
      throw err;
    }
  } catch {
    return standIn(file, { ...damage, readable: false }, migrations, nativeOptions);
  }
};

/** Copies the damaged log to WAL_COPY (WAL_COPY-2, … when an older, different copy is there); its name, or null if it could not be copied. */
const copyWalAside = (dataDir: string): string | null => {
  try {
    const log = readFileSync(join(dataDir, WAL_FILE));
    for (let n = 1; n < 100; n++) {
      const name = n === 1 ? WAL_COPY : `${WAL_COPY}-${n}`;
      const target = join(dataDir, name);
      if (!existsSync(target)) {
        copyFileSync(join(dataDir, WAL_FILE), target);
        return name;
      }
      if (readFileSync(target).equals(log)) return name;
    }
    return null;
  } catch {
    return null;
  }
};

/** An empty, query-only store in memory: the hosts start and say what is wrong, and nothing touches the file. */
const standIn = (file: string, damage: StoreDamage, migrations: readonly Migration[], nativeOptions: object): OpenedStore => {
  const db = new Database(':memory:', nativeOptions);
  migrate(db, migrations);
  db.pragma('query_only = ON');
  return { db, file, schemaVersion: db.pragma('user_version', { simple: true }) as number, readOnlyReason: damageReason(damage), damage };
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
