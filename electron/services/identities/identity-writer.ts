import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/open-database';
import { AppError } from '../../../shared/errors';
import type { ValidationProfile } from '../../../shared/domain/app';
import type { IndexEntry } from './derive';
import { assertNoEmptyIdentifier, indexEntries, pointerForValue } from './derive';
import type { IdentityRow, StoredIdentity } from './stored-identity';
import { fromRow, IDENTITY_COLUMNS, IDENTITY_FIELDS, rowFromValues, toParams } from './stored-identity';
import { createSearchPairsWriter, searchText } from '../search/search-pairs';
import { phoneKeysOf } from '../search/phone-numbers';

/**
 * The SQL half of the change writer (change-writer.ts, its only user): the row, its uniqueness
 * index rows, its search text and pairs, and a conflict check that names the field and the other identity.
 */
export interface IdentityWriter {
  findById(id: string): StoredIdentity | null;
  /**
   * The identities of an operation's batch, by id: read by seq (row ids in order, cheaper than the id index), the id
   * checked; one whose seq moved (deleted and restored since the plan) is looked up by id. Absent ones are not in the map.
   */
  findMany(targets: readonly StoreKey[]): Map<string, StoredIdentity>;
  /** `idGiven` false skips the id probe for a fresh random UUID. */
  insert(s: StoredIdentity, profile: ValidationProfile, idGiven?: boolean): number;
  /**
   * Writes `s` over the stored row. Given `before` (the row as stored), only the columns that differ are written, and
   * the uniqueness rows and the search text only when they change: a metadata edit rewrites no identifier.
   */
  update(s: StoredIdentity, profile: ValidationProfile, before?: StoredIdentity): void;
  /**
   * Every refusal `update(s, profile, before)` would give, without writing: an empty identifier, or an identifier,
   * address or external id another identity holds. `isFree` excuses a value the store still gives another identity
   * that an earlier step of the caller's operation has given up (a dry run writes nothing, so the store lags it).
   * Returns whether the uniqueness rows (identifiers, addresses, external id) would change.
   */
  check(s: StoredIdentity, profile: ValidationProfile, before: StoredIdentity, isFree?: (e: IndexEntry) => boolean): boolean;
  remove(s: StoredIdentity): void;
}

const FIELDS = IDENTITY_FIELDS.join(', ');
const VALUES = IDENTITY_FIELDS.map((f) => `@${f}`).join(', ');
const SETS = IDENTITY_FIELDS.filter((f) => f !== 'id').map((f) => `${f} = @${f}`).join(', ');

/** An identity's row id and id, as an operation's targets keep them. */
export interface StoreKey {
  seq: number;
  identityId: string;
}

export const createIdentityWriter = (db: Db): IdentityWriter => {
  const byId = db.prepare(`SELECT ${IDENTITY_COLUMNS} FROM identities WHERE id = ?`);
  // A batch's rows come as arrays (rowFromValues): the reads of a bulk edit's batches, a thousand rows each.
  const byIds = db.prepare(`SELECT ${IDENTITY_COLUMNS} FROM identities WHERE id IN (SELECT value FROM json_each(?))`).raw();
  const bySeqs = db.prepare(`SELECT ${IDENTITY_COLUMNS} FROM identities WHERE seq IN (SELECT value FROM json_each(?))`).raw();
  const insertRow = db.prepare(`INSERT INTO identities (${FIELDS}) VALUES (${VALUES})`);
  const updateRow = db.prepare(`UPDATE identities SET ${SETS} WHERE id = @id`);
  // Per set of changed columns: an UPDATE touches only the indexes of the columns it names.
  const partialUpdates = new Map<string, Statement>();
  const updateColumns = (columns: readonly string[]): Statement => {
    const key = columns.join(',');
    let statement = partialUpdates.get(key);
    if (!statement) {
      statement = db.prepare(`UPDATE identities SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`);
      partialUpdates.set(key, statement);
    }
    return statement;
  };
  const deleteRow = db.prepare('DELETE FROM identities WHERE seq = ?');
  const clearIdentifiers = db.prepare('DELETE FROM identifiers WHERE seq = ?');
  const clearAddresses = db.prepare('DELETE FROM addresses WHERE seq = ?');
  const insertIdentifier = db.prepare('INSERT INTO identifiers (type, identifier, seq) VALUES (?, ?, ?)');
  const insertAddress = db.prepare('INSERT INTO addresses (kind, via, value, seq) VALUES (?, ?, ?, ?)');
  // The hot path (import) only probes the primary keys; the owner's id is looked up on a hit.
  const identifierSeq = db.prepare('SELECT seq FROM identifiers WHERE type = ? AND identifier = ?').pluck();
  const addressSeq = db.prepare('SELECT seq FROM addresses WHERE kind = ? AND via = ? AND value = ?').pluck();
  const idOfSeq = db.prepare('SELECT id FROM identities WHERE seq = ?').pluck();
  const externalOwner = db.prepare('SELECT id, seq FROM identities WHERE external_id = ?');
  const pairs = createSearchPairsWriter(db);
  const insertText = db.prepare('INSERT INTO identity_fts (rowid, body) VALUES (?, ?)');
  const phones = createPhoneIndexWriter(db);
  const deleteText = db.prepare('DELETE FROM identity_fts WHERE rowid = ?');

  const assertUnique = (s: StoredIdentity, entries: readonly IndexEntry[], profile: ValidationProfile, isFree?: (e: IndexEntry) => boolean): void => {
    for (const e of entries) {
      const seq = (e.table === 'identifiers' ? identifierSeq.get(e.kind, e.value) : addressSeq.get(e.kind, e.via, e.value)) as number | undefined;
      if (seq !== undefined && seq !== s.seq && !isFree?.(e)) throw conflict(e, pointerForValue(s.traits, e.value, profile), idOfSeq.get(seq) as string);
    }
    if (s.external_id !== null) {
      const e: IndexEntry = { table: 'identifiers', kind: 'external_id', via: '', value: s.external_id };
      const owner = externalOwner.get(s.external_id) as { id: string; seq: number } | undefined;
      if (owner && owner.seq !== s.seq && !isFree?.(e)) throw conflict(e, '#/external_id', owner.id);
    }
  };

  const writeIndex = (seq: number, entries: readonly IndexEntry[]): void => {
    for (const e of entries) {
      if (e.table === 'identifiers') insertIdentifier.run(e.kind, e.value, seq);
      else insertAddress.run(e.kind, e.via, e.value, seq);
    }
  };

  return {
    findById: (id) => {
      const row = byId.get(id) as IdentityRow | undefined;
      return row ? fromRow(row, true) : null;
    },
    findMany: (targets) => {
      const found = new Map<string, StoredIdentity>();
      const wanted = new Set(targets.map((t) => t.identityId));
      for (const values of bySeqs.all(JSON.stringify(targets.map((t) => t.seq))) as unknown[][]) {
        const row = rowFromValues(values);
        if (wanted.has(row.id)) found.set(row.id, fromRow(row, true));
      }
      const moved = targets.filter((t) => !found.has(t.identityId)).map((t) => t.identityId);
      if (moved.length === 0) return found;
      for (const values of byIds.all(JSON.stringify(moved)) as unknown[][]) {
        const row = rowFromValues(values);
        found.set(row.id, fromRow(row, true));
      }
      return found;
    },
    insert: (s, profile, idGiven = true) => {
      assertNoEmptyIdentifier(s);
      const entries = indexEntries(s);
      if (idGiven && byId.get(s.id)) throw new AppError('CONFLICT', `An identity with id ${s.id} exists already.`, { pointer: '#/id', value: s.id, identityId: s.id });
      if (s.external_id !== null) assertUnique(s, [], profile);
      const seq = Number(insertRow.run(toParams(s)).lastInsertRowid);
      // The index's primary keys are the uniqueness check: no probe per identifier on the import path. A clash
      // (rare) takes the row back out and is then explained by the probes, which name the field and the owner.
      try {
        writeIndex(seq, entries);
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        clearIdentifiers.run(seq);
        clearAddresses.run(seq);
        deleteRow.run(seq);
        assertUnique(s, entries, profile);
        throw err;
      }
      insertText.run(seq, searchText(s));
      pairs.note(s);
      phones.write(seq, s.traits, false);
      return seq;
    },
    update: (s, profile, before) => {
      if (s.seq === null) throw new Error('update needs a stored identity');
      assertNoEmptyIdentifier(s);
      const params = toParams(s);
      const old = before === undefined ? null : toParams(before);
      const sameIndex = before !== undefined && sameIndexOf(before, s);
      const entries = sameIndex ? [] : indexEntries(s);
      if (!sameIndex) assertUnique(s, entries, profile);
      if (old === null) updateRow.run(params);
      else {
        const changed = IDENTITY_FIELDS.filter((f) => f !== 'id' && params[f] !== old[f]);
        if (changed.length > 0) updateColumns(changed).run(pick(params, ['id', ...changed]));
      }
      if (!sameIndex) {
        clearIdentifiers.run(s.seq);
        clearAddresses.run(s.seq);
        writeIndex(s.seq, entries);
      }
      const text = searchText(s);
      if (before === undefined || searchText(before) !== text) {
        deleteText.run(s.seq);
        insertText.run(s.seq, text);
        pairs.note(s);
        // Phone keys come from the traits alone: a metadata edit leaves them be.
        if (old === null || old['traits'] !== params.traits) phones.write(s.seq, s.traits, true);
      }
    },
    check: (s, profile, before, isFree) => {
      assertNoEmptyIdentifier(s);
      if (sameIndexOf(before, s)) return false;
      assertUnique(s, indexEntries(s), profile, isFree);
      return true;
    },
    remove: (s) => {
      if (s.seq === null) return;
      deleteRow.run(s.seq);
      deleteText.run(s.seq);
      phones.clear(s.seq);
    },
  };
};

/** Whether the uniqueness rows stay as they are; the same credentials and address lists (copy on write) need no comparison. */
const sameIndexOf = (before: StoredIdentity, s: StoredIdentity): boolean =>
  before.external_id === s.external_id &&
  ((before.credentials === s.credentials && before.verifiable_addresses === s.verifiable_addresses && before.recovery_addresses === s.recovery_addresses) ||
    sameEntries(indexEntries(before), indexEntries(s)));

const entryKey = (e: IndexEntry) => `${e.table}\u0000${e.kind}\u0000${e.via}\u0000${e.value}`;
const sameEntries = (a: readonly IndexEntry[], b: readonly IndexEntry[]): boolean =>
  a.length === b.length && a.map(entryKey).join('\u0001') === b.map(entryKey).join('\u0001');

const pick = <T extends Record<string, unknown>>(o: T, keys: readonly string[]): Record<string, unknown> => Object.fromEntries(keys.map((k) => [k, o[k]]));

const isUniqueViolation = (err: unknown): boolean =>
  err instanceof Error && 'code' in err && (err.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || err.code === 'SQLITE_CONSTRAINT_UNIQUE');

const conflict = (e: IndexEntry, pointer: string, otherId: string): AppError => {
  const what =
    e.table === 'identifiers' ? (e.kind === 'external_id' ? 'external id' : `${e.kind} identifier`) : `${e.kind} ${e.via} address`;
  return new AppError('CONFLICT', `This identity conflicts with another identity: the ${what} "${e.value}" (${pointer}) belongs to identity ${otherId}.`, {
    pointer,
    value: e.value,
    identityId: otherId,
    kind: e.table === 'identifiers' ? 'identifier' : 'address',
    type: e.table === 'identifiers' ? e.kind : `${e.kind}:${e.via}`,
  });
};

/** The phone search keys of one identity (migration 0005), rewritten with its search text. */
const createPhoneIndexWriter = (db: Db) => {
  const insert = db.prepare('INSERT OR IGNORE INTO phone_numbers (digits, seq) VALUES (?, ?)');
  const clear = db.prepare('DELETE FROM phone_numbers WHERE seq = ?');
  return {
    write: (seq: number, traits: unknown, replace: boolean) => {
      if (replace) clear.run(seq);
      for (const key of phoneKeysOf(traits)) insert.run(key, seq);
    },
    clear: (seq: number) => void clear.run(seq),
  };
};

/**
 * Indexes the phone numbers of identities stored before migration 0005, once (the migration sets the flag). Only
 * rows with a trait string starting with `+` are read back into JS, in one transaction.
 */
export const backfillPhoneIndex = (db: Db): number => {
  const pending = db.prepare("SELECT value FROM settings WHERE key = 'phone_index_pending'").pluck().get();
  if (pending !== '1') return 0;
  const phones = createPhoneIndexWriter(db);
  let rows = 0;
  db.transaction(() => {
    const candidates = db
      .prepare("SELECT seq, traits FROM identities WHERE EXISTS (SELECT 1 FROM json_tree(identities.traits) WHERE type = 'text' AND (value LIKE '+%' OR value LIKE '＋%'))")
      .all() as { seq: number; traits: string }[];
    for (const c of candidates) {
      phones.write(c.seq, JSON.parse(c.traits) as unknown, true);
      rows++;
    }
    db.prepare("DELETE FROM settings WHERE key = 'phone_index_pending'").run();
  })();
  return rows;
};
