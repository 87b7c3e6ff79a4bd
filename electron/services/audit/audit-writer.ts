import type { AuditAction, WriteOrigin } from '../../../shared/domain/audit';
import type { JsonPatchOperation } from '../../../shared/domain/identity';
import type { Db } from '../../db/open-database';
import { jsonDiff } from '../../../shared/json-diff';

export interface ChangeRecord {
  operationId: string;
  actor: string;
  at: string;
  identityId: string;
  /** The identity's seq when the change was written (migration 0008: the audit's per-identity index). */
  identitySeq: number;
  action: AuditAction;
  origin: WriteOrigin;
  /** The whole stored record before; null for a create (or import): there is nothing before. */
  before: Record<string, unknown> | null;
  /** null for a delete. */
  after: Record<string, unknown> | null;
  reverts?: number | null;
}

/**
 * The seqs an identity's entries are filed under (migration 0008): its current seq, and the seqs it had before each
 * removal (a delete, or a revert of a create: both in the partial index audit_removals, whose WHERE this repeats
 * word for word, as SQLite needs to use it). `id` is the SQL parameter that holds the identity's id. A query by these
 * seqs must also check the id, since a removed identity's seq can be given to a new one.
 */
export const auditSeqsOf = (id: string): string =>
  `SELECT seq FROM identities WHERE id = ${id} UNION ALL SELECT identity_seq FROM audit_log WHERE identity_id = ${id} AND action IN ('delete', 'revert')`;

export interface AuditWriter {
  /** Records one change inside the caller's transaction; returns its change id. */
  record(change: ChangeRecord): number;
}

/**
 * Before/after as JSON Patch both ways, so a revert never has to recompute anything. Only the
 * change writer calls this (test/unit/identities/change-writer-only.test.ts).
 */
export const createAuditWriter = (db: Db): AuditWriter => {
  const insert = db.prepare(
    `INSERT INTO audit_log (operation_id, actor, at, identity_id, identity_seq, action, origin, patch, inverse, reverts)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return {
    record: (c) => {
      // An import keeps no copy of the identity: the row is the imported version, and undoing an import deletes it.
      // Nor does a pulled create: the row and its remote base both hold the version the history starts from.
      const [patch, inverse] = c.origin === 'import' || (c.origin === 'pull' && c.before === null) ? [null, null] : patches(c.before, c.after);
      const result = insert.run(c.operationId, c.actor, c.at, c.identityId, c.identitySeq, c.action, c.origin, json(patch), json(inverse), c.reverts ?? null);
      return Number(result.lastInsertRowid);
    },
  };
};

const patches = (before: Record<string, unknown> | null, after: Record<string, unknown> | null): [JsonPatchOperation[], JsonPatchOperation[]] => {
  if (before === null) return [[{ op: 'add', path: '', value: after }], [{ op: 'remove', path: '' }]];
  if (after === null) return [[{ op: 'remove', path: '' }], [{ op: 'add', path: '', value: before }]];
  return [jsonDiff(before, after), jsonDiff(after, before)];
};

const json = (ops: JsonPatchOperation[] | null): string | null => (ops === null ? null : JSON.stringify(ops));
