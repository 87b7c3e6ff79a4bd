import type { OperationTarget } from '../../../shared/domain/operations';
import type { OperationContext } from './operation-context';

const IDS_PER_STATEMENT = 5000;

export interface TargetRow {
  seq: number;
  identityId: string;
}

/**
 * Freezes an operation's target into `operation_targets` (design §12): the keys of exactly the identities that
 * match now, by the identity browser's own query, so dry run, apply and undo see the same identities and one
 * created later is never touched. Runs in the caller's transaction. Ids that match no identity count as missing.
 */
export const freezeTargets = (ctx: Pick<OperationContext, 'db' | 'search'>, operationId: string, target: OperationTarget): { targets: number; missing: number } => {
  if ('query' in target) {
    const f = ctx.search.matchFilter(target.query);
    let targets = ctx.db.prepare(`INSERT INTO operation_targets (operation_id, seq, identity_id) SELECT ?, seq, id FROM identities WHERE ${f.sql}`).run(operationId, ...f.params).changes;
    const drop = ctx.db.prepare('DELETE FROM operation_targets WHERE operation_id = ? AND seq = (SELECT seq FROM identities WHERE id = ?)');
    for (const id of target.except ?? []) targets -= drop.run(operationId, id.toLowerCase()).changes;
    return { targets, missing: 0 };
  }
  // Thousands of ids a statement: a selection of 100k is 20 statements, not 100k.
  const insert = ctx.db.prepare(
    'INSERT OR IGNORE INTO operation_targets (operation_id, seq, identity_id) SELECT ?, seq, id FROM identities WHERE id IN (SELECT value FROM json_each(?))',
  );
  const ids = [...new Set(target.ids.map((id) => id.toLowerCase()))];
  let targets = 0;
  for (let start = 0; start < ids.length; start += IDS_PER_STATEMENT) targets += insert.run(operationId, JSON.stringify(ids.slice(start, start + IDS_PER_STATEMENT))).changes;
  return { targets, missing: ids.length - targets };
};

/**
 * The frozen targets in seq order after `afterSeq`, a batch at a time. Each batch is read whole before it is
 * written: better-sqlite3 cannot write on a connection while a statement iterates on it.
 */
export function* targetBatches(ctx: Pick<OperationContext, 'db'>, operationId: string, afterSeq: number, size: number): Generator<TargetRow[]> {
  const page = ctx.db.prepare('SELECT seq, identity_id AS identityId FROM operation_targets WHERE operation_id = ? AND seq > ? ORDER BY seq LIMIT ?');
  let cursor = afterSeq;
  for (;;) {
    const rows = page.all(operationId, cursor, size) as TargetRow[];
    if (rows.length === 0) return;
    yield rows;
    cursor = rows.at(-1)?.seq ?? cursor;
    if (rows.length < size) return;
  }
}

/** The seq of the first target of each batch of `size`, in order: what two threads of a dry run share out. */
export const batchStarts = (ctx: Pick<OperationContext, 'db'>, operationId: string, size: number): number[] =>
  ctx.db
    .prepare('SELECT seq FROM (SELECT seq, row_number() OVER (ORDER BY seq) AS n FROM operation_targets WHERE operation_id = ?) WHERE (n - 1) % ? = 0 ORDER BY seq')
    .pluck()
    .all(operationId, size) as number[];

/** The batch of up to `size` targets that starts at seq `start` (one of batchStarts). */
export const targetBatchAt = (ctx: Pick<OperationContext, 'db'>, operationId: string, start: number, size: number): TargetRow[] =>
  ctx.db.prepare('SELECT seq, identity_id AS identityId FROM operation_targets WHERE operation_id = ? AND seq >= ? ORDER BY seq LIMIT ?').all(operationId, start, size) as TargetRow[];
