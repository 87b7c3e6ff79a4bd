import type { AuditAction, AuditEntry, AuditListQuery, AuditPage, WriteOrigin } from '../../../shared/domain/audit';
import type { JsonPatchOperation } from '../../../shared/domain/identity';
import { AppError } from '../../../shared/errors';
import type { Db } from '../../db/open-database';
import type { IdentityService } from '../identities/identity-service';
import { fromRecordDocument } from '../identities/stored-identity';
import { pathsOverlap } from '../../../shared/json-diff';
import { redactPatch } from './redact';
import { auditSeqsOf } from './audit-writer';

export interface AuditService {
  list(q: AuditListQuery): AuditPage;
  revert(changeId: number): AuditEntry;
  /**
   * Undo of one entry of an operation, inside the caller's transaction, as part of the undo operation
   * `operationId`: the inverse is applied only when nothing changed the identity after the entry (any origin,
   * a sync pull too); otherwise it is left as it is and the later changes are returned. An entry some undo
   * already reverted is `already`.
   */
  undoEntry(changeId: number, operationId: string): { status: 'reverted' | 'already' } | { status: 'changed-since'; later: AuditEntry[] };
}

interface AuditRow {
  change_id: number;
  operation_id: string;
  actor: string;
  at: string;
  identity_id: string;
  action: AuditAction;
  origin: WriteOrigin;
  patch: string | null;
  inverse: string | null;
  reverts: number | null;
  identity_label: string | null;
}

const COLUMNS = `a.change_id, a.operation_id, a.actor, a.at, a.identity_id, a.action, a.origin, a.patch, a.inverse, a.reverts,
  CASE WHEN i.id IS NULL THEN NULL ELSE i.primary_identifier END AS identity_label`;
/** Each entry with the identity as it is now (identities.id is unique: one probe per entry). */
const FROM = 'audit_log a LEFT JOIN identities i ON i.id = a.identity_id';
/** Written by every change: they never make two changes overlap. */
const BOOKKEEPING = new Set(['/updated_at', '/state_changed_at']);
const DEFAULT_LIMIT = 50;
/** The actions the partial index audit_rare_action (migration 0006) holds, and its WHERE exactly as written there. */
const RARE_ACTIONS = new Set<AuditAction>(['create', 'delete', 'revert']);
const RARE_ACTION_INDEXED = "a.action IN ('create', 'delete', 'revert')";

const toEntry = (r: AuditRow): AuditEntry => ({
  changeId: r.change_id,
  operationId: r.operation_id,
  actor: r.actor,
  at: r.at,
  identityId: r.identity_id,
  action: r.action,
  origin: r.origin,
  patch: r.patch === null ? null : redactPatch(JSON.parse(r.patch) as JsonPatchOperation[]),
  inverse: r.inverse === null ? null : redactPatch(JSON.parse(r.inverse) as JsonPatchOperation[]),
  reverts: r.reverts,
  identityLabel: r.identity_label,
});

const ops = (text: string | null): JsonPatchOperation[] => (text === null ? [] : (JSON.parse(text) as JsonPatchOperation[]));

/** What a change did to the identity as a whole, read from its patch (a revert of a delete is a creation). */
const shapeOf = (r: AuditRow): 'created' | 'deleted' | 'updated' => {
  if (r.action === 'import' || (r.action === 'create' && r.patch === null)) return 'created';
  const first = ops(r.patch)[0];
  if (first?.path === '' && first.op === 'add') return 'created';
  if (first?.path === '' && first.op === 'remove') return 'deleted';
  return 'updated';
};

/** Paths a change touched; creates, imports and deletes touch the whole identity (''). */
const touched = (r: AuditRow): string[] => {
  if (shapeOf(r) !== 'updated' || r.patch === null) return [''];
  const paths = ops(r.patch)
    .map((o) => o.path)
    .filter((p) => !BOOKKEEPING.has(p));
  return paths.length === 0 ? [''] : paths;
};

export const createAuditService = ({ db, identities }: { db: Db; identities: IdentityService }): AuditService => {
  const byId = db.prepare(`SELECT ${COLUMNS} FROM ${FROM} WHERE a.change_id = ?`);
  const later = db.prepare(
    `SELECT ${COLUMNS} FROM ${FROM} WHERE a.identity_seq IN (${auditSeqsOf('@id')}) AND a.identity_id = @id AND a.change_id > @after ORDER BY a.change_id`,
  );
  const lastId = db.prepare('SELECT max(change_id) FROM audit_log').pluck();

  /** Throws when a later change touched the same fields; returns whether any later change exists. */
  const assertNoLaterOverlap = (entry: AuditRow): boolean => {
    const mine = touched(entry);
    const rows = later.all({ id: entry.identity_id, after: entry.change_id }) as AuditRow[];
    for (const row of rows) {
      const theirs = touched(row);
      const clash = mine.find((a) => theirs.some((b) => pathsOverlap(a, b)));
      if (clash !== undefined) {
        throw new AppError('CONFLICT', `Change ${entry.change_id} cannot be reverted: change ${row.change_id} (${row.action} by ${row.actor} at ${row.at}) later touched the same fields.`, {
          changeId: entry.change_id,
          laterChangeId: row.change_id,
          pointer: clash === '' ? '#' : `#${clash}`,
        });
      }
    }
    return rows.length > 0;
  };

  /** The inverse as a new change through the identity service (and so the change writer): validated, indexed, audited. */
  const applyInverse = (entry: AuditRow, changedSince: boolean, operationId?: string): void => {
    const opts = { origin: 'undo' as const, reverts: entry.change_id, ...(operationId === undefined ? {} : { operationId }) };
    const shape = shapeOf(entry);
    if (shape === 'created') {
      identities.delete(entry.identity_id, opts);
      return;
    }
    const inverse = ops(entry.inverse);
    if (shape === 'deleted') {
      const doc = inverse[0]?.value;
      const record = fromRecordDocument(doc);
      // Entries written before store version 4 kept only the editable fields: those are created anew.
      if (record) identities.restore(record, opts);
      else identities.create({ ...(doc as object), id: entry.identity_id } as Parameters<IdentityService['create']>[0], opts);
      return;
    }
    const inverseOps = changedSince ? inverse.filter((o) => !BOOKKEEPING.has(o.path)) : inverse;
    if (inverseOps.length > 0) identities.applyInverse(entry.identity_id, inverseOps, !changedSince, opts);
  };

  return {
    undoEntry: (changeId, operationId) => {
      const entry = byId.get(changeId) as AuditRow | undefined;
      if (!entry) throw new AppError('NOT_FOUND', `No change with id ${changeId}.`);
      // A revert of this entry is a later entry of the same identity (audit_log has no index on `reverts`).
      const rows = later.all({ id: entry.identity_id, after: entry.change_id }) as AuditRow[];
      if (rows.some((r) => r.reverts === changeId)) return { status: 'already' };
      if (rows.length > 0) return { status: 'changed-since', later: rows.map(toEntry) };
      applyInverse(entry, false, operationId);
      return { status: 'reverted' };
    },
    list: (q) => {
      const limit = q.limit ?? DEFAULT_LIMIT;
      const clauses = ['a.change_id < ?'];
      const params: unknown[] = [q.before ?? Number.MAX_SAFE_INTEGER];
      if (q.identityId !== undefined) {
        clauses.push(`a.identity_seq IN (${auditSeqsOf('?')}) AND a.identity_id = ?`);
        params.push(q.identityId, q.identityId, q.identityId);
      }
      // audit_operation (operation_id, then the rowid) serves an operation's page as a seek, not a scan.
      if (q.operationId !== undefined) {
        clauses.push('a.operation_id = ?');
        params.push(q.operationId);
      }
      if (q.action !== undefined) {
        clauses.push('a.action = ?');
        params.push(q.action);
        // SQLite uses a partial index only when the query's WHERE repeats the index's own condition word for word.
        if (RARE_ACTIONS.has(q.action)) clauses.push(RARE_ACTION_INDEXED);
      }
      const rows = db
        .prepare(`SELECT ${COLUMNS} FROM ${FROM} WHERE ${clauses.join(' AND ')} ORDER BY a.change_id DESC LIMIT ?`)
        .all(...params, limit + 1) as AuditRow[];
      const page = rows.slice(0, limit);
      return { items: page.map(toEntry), next: rows.length > limit ? (page.at(-1)?.change_id ?? null) : null };
    },
    revert: (changeId) => {
      const entry = byId.get(changeId) as AuditRow | undefined;
      if (!entry) throw new AppError('NOT_FOUND', `No change with id ${changeId}.`);
      // One transaction: the check and the inverse see the same store (nested writes become savepoints).
      return db
        .transaction(() => {
          applyInverse(entry, assertNoLaterOverlap(entry));
          return toEntry(byId.get(lastId.get()) as AuditRow);
        })
        .immediate();
    },
  };
};
