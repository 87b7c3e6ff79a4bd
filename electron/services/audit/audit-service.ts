import type { AuditAction, AuditEntry, AuditListQuery, AuditPage } from '../../../shared/domain/audit';
import type { JsonPatchOperation } from '../../../shared/domain/identity';
import { AppError } from '../../../shared/errors';
import type { Db } from '../../db/open-database';
import type { IdentityService } from '../identities/identity-service';
import { pathsOverlap } from './json-diff';

export interface AuditService {
  list(q: AuditListQuery): AuditPage;
  revert(changeId: number): AuditEntry;
}

interface AuditRow {
  change_id: number;
  operation_id: string;
  actor: string;
  at: string;
  identity_id: string;
  action: AuditAction;
  patch: string | null;
  inverse: string | null;
  reverts: number | null;
}

const COLUMNS = 'change_id, operation_id, actor, at, identity_id, action, patch, inverse, reverts';
const DEFAULT_LIMIT = 50;

const toEntry = (r: AuditRow): AuditEntry => ({
  changeId: r.change_id,
  operationId: r.operation_id,
  actor: r.actor,
  at: r.at,
  identityId: r.identity_id,
  action: r.action,
  patch: r.patch === null ? null : (JSON.parse(r.patch) as JsonPatchOperation[]),
  reverts: r.reverts,
});

/** Paths a change touched; creates, imports and deletes touch the whole identity (''). */
const touched = (r: AuditRow): string[] => {
  if (r.action === 'create' || r.action === 'import' || r.action === 'delete' || r.patch === null) return [''];
  const ops = JSON.parse(r.patch) as JsonPatchOperation[];
  return ops.length === 0 ? [''] : ops.map((o) => o.path);
};

export const createAuditService = ({ db, identities }: { db: Db; identities: IdentityService }): AuditService => {
  const byId = db.prepare(`SELECT ${COLUMNS} FROM audit_log WHERE change_id = ?`);
  const later = db.prepare(`SELECT ${COLUMNS} FROM audit_log WHERE identity_id = ? AND change_id > ? ORDER BY change_id`);
  const lastId = db.prepare('SELECT max(change_id) FROM audit_log').pluck();

  const assertNoLaterOverlap = (entry: AuditRow): void => {
    const mine = touched(entry);
    for (const row of later.all(entry.identity_id, entry.change_id) as AuditRow[]) {
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
  };

  /** The inverse as a new change through the identity service: validated, indexed, audited. */
  const applyInverse = (entry: AuditRow): void => {
    const opts = { action: 'revert' as const, reverts: entry.change_id };
    if (entry.action === 'create' || entry.action === 'import') {
      identities.delete(entry.identity_id, opts);
      return;
    }
    const inverse = JSON.parse(entry.inverse ?? '[]') as JsonPatchOperation[];
    if (entry.action === 'delete') {
      const doc = (inverse[0]?.value ?? {}) as Record<string, unknown>;
      identities.create({ ...(doc as object), id: entry.identity_id } as Parameters<IdentityService['create']>[0], opts);
      return;
    }
    if (inverse.length > 0) identities.patch(entry.identity_id, inverse, opts);
  };

  return {
    list: (q) => {
      const limit = q.limit ?? DEFAULT_LIMIT;
      const clauses = ['change_id < ?'];
      const params: unknown[] = [q.before ?? Number.MAX_SAFE_INTEGER];
      if (q.identityId !== undefined) {
        clauses.push('identity_id = ?');
        params.push(q.identityId);
      }
      const rows = db
        .prepare(`SELECT ${COLUMNS} FROM audit_log WHERE ${clauses.join(' AND ')} ORDER BY change_id DESC LIMIT ?`)
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
          assertNoLaterOverlap(entry);
          applyInverse(entry);
          return toEntry(byId.get(lastId.get()) as AuditRow);
        })
        .immediate();
    },
  };
};
