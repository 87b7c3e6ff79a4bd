import type { ChangedSince, OperationRecord, OperationReport } from '../../../shared/domain/operations';
import { AppError } from '../../../shared/errors';
import type { RunOptions } from './bulk-engine';
import { createFailureGroups } from './failure-groups';
import { RetryGuarded, unguardedFirst } from './guarded-batch';
import type { OperationContext } from './operation-context';

/** Kept in the report; the count says how many there were in all. */
const CHANGED_SINCE_KEPT = 200;
const UNDO_BATCH = 500;
const UNDOABLE = new Set(['applied', 'partial', 'cancelled', 'failed']);

/**
 * Undo of a whole operation (or of what a partial one applied) as a new, audited operation of kind `undo`:
 * the inverse of each of its audit entries, newest first, through the audit service's revert path (so the
 * change writer), a batch per transaction. An identity that anything changed after the operation (a local edit,
 * a sync pull) is not overwritten: it is listed as changed since, with those later changes.
 */
export const runUndo = async (ctx: OperationContext, undoId: string, originalId: string, opts: RunOptions = {}): Promise<OperationRecord> => {
  const original = ctx.operations.get(originalId);
  if (!original) throw new AppError('NOT_FOUND', `No operation with id ${originalId.slice(0, 100)}.`);
  if (original.kind === 'undo') throw new AppError('CONFLICT', 'An undo is not undone; revert its changes one by one in the audit history instead.');
  if (!UNDOABLE.has(original.state)) throw new AppError('CONFLICT', `Operation ${originalId} is ${original.state}; only an applied, partial, cancelled or failed operation can be undone.`, { state: original.state });
  const total = ctx.db.prepare('SELECT count(*) FROM audit_log WHERE operation_id = ?').pluck().get(originalId) as number;
  ctx.operations.start({ id: undoId, kind: 'undo', actor: ctx.actor, target: { operationId: originalId }, edit: { undo: originalId } });
  const page = ctx.db.prepare('SELECT change_id AS changeId, identity_id AS identityId FROM audit_log WHERE operation_id = ? AND change_id < ? ORDER BY change_id DESC LIMIT ?');
  const counts = { targets: total, done: 0, reverted: 0, already: 0, changedSince: 0, failed: 0 };
  const changedSince: ChangedSince[] = [];
  const failures = createFailureGroups();
  const report = (): OperationReport => ({ undoes: originalId, changedSince, failures: failures.list() });
  let cursor = Number.MAX_SAFE_INTEGER;
  try {
    for (;;) {
      const ids = page.all(originalId, cursor, opts.batchSize ?? UNDO_BATCH) as { changeId: number; identityId: string }[];
      if (ids.length === 0) break;
      const runBatch = (guarded: boolean) =>
        ctx.db
          .transaction(() => {
            const tally = { ...counts };
            const found: ChangedSince[] = [];
            const failed: { identityId: string; err: unknown }[] = [];
            ctx.identities.batch(
              () => {
                for (const { changeId, identityId } of ids) {
                  try {
                    const r = ctx.audit.undoEntry(changeId, undoId);
                    if (r.status === 'changed-since') {
                      tally.changedSince++;
                      if (changedSince.length + found.length < CHANGED_SINCE_KEPT) {
                        found.push({
                          identityId,
                          later: r.later.map((e) => ({ changeId: e.changeId, origin: e.origin, actor: e.actor, at: e.at, patch: e.patch })),
                        });
                      }
                    } else tally[r.status]++;
                  } catch (err) {
                    if (!guarded) throw new RetryGuarded();
                    tally.failed++;
                    failed.push({ identityId, err });
                  }
                }
              },
              { savepoints: guarded },
            );
            tally.done += ids.length;
            Object.assign(counts, tally);
            changedSince.push(...found);
            for (const f of failed) failures.add(f.identityId, f.err);
            ctx.operations.progress(undoId, { ...counts, applied: counts.reverted });
            ctx.operations.setReport(undoId, report());
          })
          .immediate();
      unguardedFirst(runBatch);
      cursor = ids.at(-1)?.changeId ?? cursor;
      opts.onProgress?.(counts.done, total);
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (opts.isCancelled?.()) throw new AppError('CANCELLED', 'Cancelled.');
    }
    ctx.db
      .transaction(() => {
        ctx.operations.finish(undoId, 'applied', { ...counts, applied: counts.reverted }, { report: report() });
        ctx.operations.markUndone(originalId, undoId);
      })
      .immediate();
  } catch (err) {
    const cancelled = err instanceof AppError && err.code === 'CANCELLED';
    ctx.operations.finish(undoId, counts.reverted > 0 ? 'partial' : cancelled ? 'cancelled' : 'failed', { ...counts, applied: counts.reverted }, {
      report: report(),
      reason: cancelled ? `Cancelled after ${counts.reverted} changes were reverted; undo the operation again to revert the rest.` : err instanceof AppError ? err.message : 'The undo stopped on an internal error.',
    });
    if (!cancelled) throw err;
  }
  return ctx.operations.get(undoId) as OperationRecord;
};
