import type { AuditAction, WriteOrigin } from '../../../shared/domain/audit';
import type { JsonPatchOperation } from '../../../shared/domain/identity';
import type { Db } from '../../db/open-database';
import { jsonDiff } from '../../../shared/json-diff';

export interface ChangeRecord {
  operationId: string;
  actor: string;
  at: string;
  identityId: string;
  action: AuditAction;
  origin: WriteOrigin;
  /** The whole stored record before; null for a create (or import): there is nothing before. */
  before: Record<string, unknown> | null;
  /** null for a delete. */
  after: Record<string, unknown> | null;
  reverts?: number | null;
}

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
    `INSERT INTO audit_log (operation_id, actor, at, identity_id, action, origin, patch, inverse, reverts)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return {
    record: (c) => {
      // An import keeps no copy of the identity: the row is the imported version, and undoing an import deletes it.
      const [patch, inverse] = c.origin === 'import' ? [null, null] : patches(c.before, c.after);
      const result = insert.run(c.operationId, c.actor, c.at, c.identityId, c.action, c.origin, json(patch), json(inverse), c.reverts ?? null);
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
