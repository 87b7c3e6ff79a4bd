import type { ConflictRecord, ConflictResolution, IdentitySyncState, PendingChange } from '../../../shared/domain/sync';
import { AppError } from '../../../shared/errors';
import { jsonDiff } from '../../../shared/json-diff';
import type { JsonObject } from '../../../shared/sync/identity-view';
import { editableView, toKratosPatch } from '../../../shared/sync/identity-view';
import { applyOps, changesBetween } from '../../../shared/sync/three-way-merge';
import type { Db } from '../../db/open-database';
import type { ChangeContext, ChangeWriter } from '../identities/change-writer';
import { finishDraft } from '../identities/identity-drafts';
import type { SchemaValidators } from '../identities/schema-validators';
import { redactAt, redactPatch } from '../audit/redact';
import { fromAdminDocument, toAdminDocument, withView } from './remote-document';
import type { OutboxRow, SyncStore } from './sync-store';

/**
 * What waits for a push and what waits for a person (issue 12 points 4 and 7): the outbox with each
 * entry's diff against the last pulled version, discard, and conflict resolution. Every write here goes
 * through the change writer with the `resolve` origin, so it is audited and undoable.
 */
export interface SyncReviewDeps {
  db: Db;
  writer: ChangeWriter;
  store: SyncStore;
  validators: SchemaValidators;
  context: () => ChangeContext;
}

const baseDoc = (store: SyncStore, id: string): JsonObject | null => {
  const base = store.base(id);
  return base === undefined ? null : (JSON.parse(base.body) as JsonObject);
};

/** Password hashes are never shown; the renderer sees that one changed, not its value. */
const redactField = <T extends { pointer: string }>(f: T, keys: readonly (keyof T)[]): T => {
  const out = { ...f };
  for (const k of keys) if (out[k] !== undefined) out[k] = redactAt(f.pointer, out[k]) as T[typeof k];
  return out;
};

const redactConflict = (c: ConflictRecord): ConflictRecord => ({
  ...c,
  fields: c.fields.map((f) => redactField(f, ['base', 'local', 'remote'])),
  merged: c.merged.map((f) => redactField(f, ['before', 'after'])),
});

export const createSyncReview = (deps: SyncReviewDeps) => {
  const { db, writer, store } = deps;
  const page = db.prepare('SELECT * FROM outbox ORDER BY first_change_id LIMIT ? OFFSET ?');
  const total = db.prepare('SELECT count(*) FROM outbox').pluck();

  const pendingOf = (row: OutboxRow): PendingChange => {
    const local = writer.findById(row.identity_id);
    const base = baseDoc(store, row.identity_id);
    const baseView = base === null ? {} : editableView(base);
    const localView = local === null ? {} : editableView(toAdminDocument(local));
    return {
      identityId: row.identity_id,
      remote: row.remote,
      operation: row.operation,
      status: row.status,
      attempts: row.attempts,
      lastError: row.last_error,
      changes: changesBetween(baseView, localView).map((c) => redactField(c, ['before', 'after'])),
      patch: row.operation === 'update' && base !== null ? redactPatch(toKratosPatch(jsonDiff(baseView, localView), localView, base)) : [],
      changedAt: row.updated_at,
    };
  };

  const draft = (ctx: ChangeContext, before: ReturnType<ChangeWriter['findById']> & object, view: JsonObject) =>
    finishDraft({ validators: deps.validators, profile: ctx.profile, now: ctx.at }, withView(before, view));

  return {
    pending: (limit: number, offset: number): { total: number; items: PendingChange[] } => ({
      total: total.get() as number,
      items: (page.all(limit, offset) as OutboxRow[]).map(pendingOf),
    }),

    /** The identity goes back to its last pulled version (or away, if it was created here), audited. */
    discard: (id: string): void => {
      const row = store.outbox(id);
      if (row === undefined) throw new AppError('NOT_FOUND', 'This identity has no change waiting to be pushed.');
      const ctx = deps.context();
      db.transaction(() => {
        const local = writer.findById(id);
        const base = baseDoc(store, id);
        if (base === null) {
          if (local !== null) writer.remove(local, ctx);
        } else if (local === null) {
          writer.create(fromAdminDocument(base, null), ctx);
        } else {
          writer.update(local, fromAdminDocument(base, local), ctx);
        }
        writer.outbox.drop(id);
        store.clearConflicts(id);
      })();
    },

    conflicts: (): ConflictRecord[] => store.conflicts().map(redactConflict),

    identityState: (id: string): IdentitySyncState => {
      const base = store.base(id);
      const row = store.outbox(id);
      const conflict = store.conflict(id);
      const state: IdentitySyncState['state'] = conflict ? 'conflict' : row ? (row.status === 'rejected' ? 'rejected' : 'pending') : base ? 'synced' : 'local';
      return {
        identityId: id,
        state,
        remote: conflict?.remote ?? row?.remote ?? base?.remote ?? null,
        pulledAt: base?.pulled_at ?? null,
        pending: row ? pendingOf(row) : null,
        conflict: conflict ? redactConflict(conflict) : null,
      };
    },

    resolve: (id: string, resolution: ConflictResolution): void => {
      const conflict = store.conflict(id);
      if (conflict === null) throw new AppError('NOT_FOUND', 'This identity has no conflict.');
      const ctx = deps.context();
      const take = 'take' in resolution ? resolution.take : null;
      if (conflict.kind !== 'edited' && take === null) throw new AppError('VALIDATION_FAILED', 'A deleted identity is resolved by taking one side: local or remote.');
      db.transaction(() => {
        const local = writer.findById(id);
        if (conflict.kind === 'deleted-remotely') {
          // local: recreate it there (a create with a new id); remote: drop the local changes with the identity.
          store.deleteBase(id);
          if (take === 'local') writer.outbox.reopen(id, 'create');
          else if (local !== null) writer.remove(local, ctx);
        } else if (conflict.kind === 'deleted-locally') {
          // local: delete it there anyway (the base is the remote's latest); remote: bring it back as the remote has it.
          const base = baseDoc(store, id);
          if (take === 'remote' && base !== null) {
            writer.create(fromAdminDocument(base, null), { ...ctx, origin: 'pull' });
            writer.outbox.drop(id);
          }
        } else if (local !== null && take !== 'local') {
          const values = take === 'remote' ? conflict.fields.map((f) => ({ pointer: f.pointer, value: f.remote })) : 'merged' in resolution ? resolution.merged : [];
          for (const v of values) {
            if (!conflict.fields.some((f) => f.pointer === v.pointer)) throw new AppError('VALIDATION_FAILED', `${v.pointer} is not one of the conflicting fields.`);
          }
          const view = applyOps(
            editableView(toAdminDocument(local)),
            values.map((v) => (v.value === undefined ? { op: 'remove' as const, path: v.pointer } : { op: 'replace' as const, path: v.pointer, value: v.value })),
          );
          writer.update(local, draft(ctx, local, view), ctx);
        }
        store.clearConflicts(id);
      })();
    },
  };
};
