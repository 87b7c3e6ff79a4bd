import type { BulkEdit, BulkPlanRequest, BulkPolicy, OperationCounts, OperationRecord, OperationReport } from '../../../shared/domain/operations';
import { AppError } from '../../../shared/errors';
import { isRecord } from '../../../shared/json';
import { fitsInline } from '../../../shared/json-limits';
import type { EditOutcome } from '../../../shared/operations/edit-applier';
import { applyEdit, checkEdit } from '../../../shared/operations/edit-applier';
import { patchableDocument } from '../identities/identity-drafts';
import type { StoredIdentity } from '../identities/stored-identity';
import type { FailureGroups } from './failure-groups';
import { RetryGuarded, unguardedFirst } from './guarded-batch';
import { createFailureGroups, issuesOf } from './failure-groups';
import type { OperationContext } from './operation-context';
import type { TargetRow } from './operation-targets';
import { freezeTargets, targetBatches } from './operation-targets';

export interface RunOptions {
  batchSize?: number;
  /** Targets processed so far, and how many there are. */
  onProgress?: (done: number, total: number) => void;
  isCancelled?: () => boolean;
}

/** One commit per 1,000 identities: under a second of work, so progress and cancel stay prompt. */
export const BULK_BATCH = 1000;

export type Outcome = { kind: 'changed' | 'unchanged' | 'missing' | 'deleted'; before?: StoredIdentity; after?: StoredIdentity };

export const headProfile = (ctx: OperationContext) => ctx.identities.profile() === 'ory-network';

/** Freezes the target and records the operation as `planned` (one transaction: a plan is whole or absent). */
export const planOperation = (ctx: OperationContext, operationId: string, request: BulkPlanRequest): OperationRecord => {
  checkEdit(request.edit, headProfile(ctx));
  ctx.db
    .transaction(() => {
      ctx.operations.plan({ id: operationId, kind: 'bulk', actor: ctx.actor, target: request.target, edit: request.edit, policy: request.policy ?? 'skip' });
      const { targets, missing } = freezeTargets(ctx, operationId, request.target);
      ctx.operations.progress(operationId, { targets, missing });
    })
    .immediate();
  return ctx.operations.get(operationId) as OperationRecord;
};

export const loadBulk = (ctx: OperationContext, operationId: string): OperationRecord & { edit: BulkEdit } => {
  const op = ctx.operations.get(operationId);
  if (!op) throw new AppError('NOT_FOUND', `No operation with id ${operationId.slice(0, 100)}.`);
  if (op.kind !== 'bulk') throw new AppError('CONFLICT', `Operation ${operationId} is a ${op.kind}, not a bulk edit.`);
  return op as OperationRecord & { edit: BulkEdit };
};

/** Identities of a batch the sandbox gate refused (LIMIT_EXCEEDED), by id. */
export type Refused = ReadonlyMap<string, AppError>;
/** Each target's edit outcome (or the error of its edit), computed once per batch and reused by the dry run. */
export type Outcomes = Map<string, EditOutcome | { error: unknown }>;

/**
 * Before a batch's transaction (the gate is asynchronous, a transaction is not): each target's edited traits that are
 * too big to validate inline are validated in the sandbox under its time limit, as the API's writes are
 * (write-limits.ts). The refused ones fail with LIMIT_EXCEEDED instead of holding the worker for seconds each and
 * then being stored. A failure of the edit itself is left to the batch, which reports it.
 */
export const gateBatch = async (ctx: OperationContext, batch: readonly TargetRow[], edit: BulkEdit, read?: { stored: ReadonlyMap<string, StoredIdentity>; outcomes: Outcomes }): Promise<Refused> => {
  const refused = new Map<string, AppError>();
  if (!changesTraits(edit)) return refused;
  const stored = read?.stored ?? ctx.identities.findStoredMany(batch);
  for (const t of batch) {
    const before = stored.get(t.identityId);
    if (!before) continue;
    let doc: unknown;
    try {
      const outcome = applyEdit(patchableDocument(before), edit);
      read?.outcomes.set(t.identityId, outcome);
      if (outcome.kind === 'delete') continue;
      doc = outcome.doc;
    } catch (error) {
      read?.outcomes.set(t.identityId, { error });
      continue;
    }
    if (!isRecord(doc) || fitsInline(doc['traits'] ?? {})) continue;
    try {
      await ctx.gateTraits(typeof doc['schema_id'] === 'string' && doc['schema_id'] !== '' ? doc['schema_id'] : before.schema_id, doc['traits'] ?? {});
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      if (err.code === 'LIMIT_EXCEEDED') refused.set(t.identityId, err.details === undefined ? new AppError(err.code, err.message, { pointer: '#/traits' }) : err);
    }
  }
  return refused;
};

/**
 * Whether an edit can change what the traits are validated as: a step at or under `/traits`, at `/schema_id`, or
 * on the whole document. Other edits (metadata, state) leave traits that already passed a gate when they were
 * written, so their batches skip it (it would cost a second pass over every identity).
 */
const changesTraits = (edit: BulkEdit): boolean => {
  const touches = (path: string) => path === '' || path === '/' || path === '/schema_id' || path === '/traits' || path.startsWith('/traits/');
  return edit.steps.some((s) => (s.op === 'patch' ? s.operations.some((o) => touches(o.path)) : s.op !== 'delete' && touches(s.path)));
};

/** One identity through the edit and the change writer (the same path as a single edit), in the caller's transaction. */
const processOne = (ctx: OperationContext, before: StoredIdentity | undefined, edit: BulkEdit, operationId: string, refused: Refused): Outcome => {
  if (!before) return { kind: 'missing' };
  const denied = refused.get(before.id);
  if (denied) throw denied;
  const outcome = applyEdit(patchableDocument(before), edit);
  const opts = { operationId, origin: 'local' as const };
  if (outcome.kind === 'delete') {
    ctx.identities.removeStored(before, opts);
    return { kind: 'deleted', before };
  }
  const { identity, changed } = ctx.identities.writeEdited(before, outcome.doc, opts);
  return { kind: changed ? 'changed' : 'unchanged', before, after: identity };
};

type Result = { identityId: string; outcome: Outcome } | { identityId: string; error: unknown };

/**
 * One batch through processOne, inside the caller's transaction. Unguarded, the first failure throws (the caller
 * rolls the batch back); guarded, each identity runs in a savepoint of its own, so a failure undoes only that
 * identity's writes. A savepoint per identity costs (the FTS5 index flushes at each one), so a batch runs
 * unguarded first and guarded only when one of its identities fails.
 */
const processBatch = (ctx: OperationContext, batch: readonly TargetRow[], edit: BulkEdit, operationId: string, guarded: boolean, refused: Refused): Result[] =>
  ctx.identities.batch(() => {
    const stored = ctx.identities.findStoredMany(batch);
    return batch.map((t): Result => {
      const before = stored.get(t.identityId);
      if (!guarded) {
        try {
          return { identityId: t.identityId, outcome: processOne(ctx, before, edit, operationId, refused) };
        } catch {
          throw new RetryGuarded();
        }
      }
      try {
        return { identityId: t.identityId, outcome: ctx.db.transaction(() => processOne(ctx, before, edit, operationId, refused))() };
      } catch (error) {
        return { identityId: t.identityId, error };
      }
    });
  });

const counted = (counts: OperationCounts) => ({
  targets: counts['targets'] ?? 0,
  missing: counts['missing'] ?? 0,
  done: counts['done'] ?? 0,
  applied: counts['applied'] ?? 0,
  unchanged: counts['unchanged'] ?? 0,
  failed: counts['failed'] ?? 0,
  lastSeq: counts['lastSeq'] ?? 0,
});

/**
 * Apply: batches of one transaction each through the change writer (audit with this operation's id, outbox for
 * sync). The counts, the cursor and the failures so far are written in the batch's own transaction, so a killed
 * apply leaves whole batches and an operation that says exactly how far it got; `partial` then resumes from its
 * cursor. Policy `all` is one transaction: the first failure (or a cancel) rolls every change back.
 */
export const runApply = async (ctx: OperationContext, operationId: string, policyOverride: BulkPolicy | undefined, opts: RunOptions = {}): Promise<OperationRecord> => {
  const planned = loadBulk(ctx, operationId);
  checkEdit(planned.edit, headProfile(ctx));
  const op = ctx.operations.begin(operationId, ['planned', 'partial', 'cancelled', 'failed']);
  const policy: BulkPolicy = policyOverride ?? (op.policy === 'all' ? 'all' : 'skip');
  const start = counted(op.counts);
  // All-or-nothing starts over: what an earlier attempt rolled back counts for nothing.
  const counts = policy === 'all' && start.applied === 0 ? { ...start, done: 0, unchanged: 0, failed: 0, lastSeq: 0 } : start;
  const prior = (op.report as OperationReport | null) ?? {};
  const failures: FailureGroups = createFailureGroups(policy === 'all' ? [] : (prior.failures ?? []));
  const save = () => {
    ctx.operations.progress(operationId, { ...counts });
    ctx.operations.setReport(operationId, { ...prior, failures: failures.list() } satisfies OperationReport);
  };
  const tally = (results: readonly Result[], batch: readonly TargetRow[]) => {
    for (const r of results) {
      if (!('error' in r)) {
        if (r.outcome.kind === 'missing') counts.missing++;
        else if (r.outcome.kind === 'unchanged') counts.unchanged++;
        else counts.applied++;
        continue;
      }
      counts.failed++;
      failures.add(r.identityId, r.error);
    }
    counts.done += batch.length;
    counts.lastSeq = batch.at(-1)?.seq ?? counts.lastSeq;
  };
  // Set once the last batch's transaction marked the operation applied.
  let completed = false;
  /**
   * Skip policy: one transaction per batch, its counts written in it; run again guarded when an identity
   * fails. The last batch marks the operation applied in its own transaction, so a kill right after it
   * cannot leave a finished apply looking partial.
   */
  const skipBatch = (batch: readonly TargetRow[], refused: Refused) => {
    const commit = (guarded: boolean) =>
      ctx.db
        .transaction(() => {
          const before = { ...counts };
          try {
            tally(processBatch(ctx, batch, planned.edit, operationId, guarded, refused), batch);
            save();
            if (counts.done < counts.targets) return false;
            ctx.operations.finish(operationId, 'applied', { ...counts }, { report: { ...prior, failures: failures.list() } });
            return true;
          } catch (err) {
            Object.assign(counts, before);
            throw err;
          }
        })
        .immediate();
    completed = unguardedFirst(commit);
  };
  /** All-or-nothing: the first failure ends the one transaction, so no identity needs a savepoint. */
  const allBatch = (batch: readonly TargetRow[], refused: Refused) => {
    const results = ctx.identities.batch(() => {
      const stored = ctx.identities.findStoredMany(batch);
      return batch.map((t): Result => {
        try {
          return { identityId: t.identityId, outcome: processOne(ctx, stored.get(t.identityId), planned.edit, operationId, refused) };
        } catch (error) {
          counts.failed++;
          failures.add(t.identityId, error);
          const first = issuesOf(error)[0];
          // A limit keeps its code, so the caller sees why (LIMIT_EXCEEDED), not a schema failure.
          const code = error instanceof AppError && error.code === 'LIMIT_EXCEEDED' ? error.code : 'VALIDATION_FAILED';
          throw new AppError(code, `Identity ${t.identityId} failed at ${first?.pointer ?? '#'} (${first?.message ?? 'error'}); nothing was changed (all-or-nothing).`, {
            identityId: t.identityId,
          });
        }
      });
    });
    tally(results, batch);
    save();
  };
  if (policy === 'all') ctx.db.exec('BEGIN IMMEDIATE');
  try {
    for (const batch of targetBatches(ctx, operationId, counts.lastSeq, opts.batchSize ?? BULK_BATCH)) {
      const refused = await gateBatch(ctx, batch, planned.edit);
      if (policy === 'all') allBatch(batch, refused);
      else skipBatch(batch, refused);
      opts.onProgress?.(counts.done, counts.targets);
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (!completed && opts.isCancelled?.()) throw new AppError('CANCELLED', 'Cancelled.');
    }
    if (policy === 'all') ctx.db.exec('COMMIT');
    if (!completed) ctx.operations.finish(operationId, 'applied', { ...counts }, { report: { ...prior, failures: failures.list() } });
  } catch (err) {
    if (ctx.db.inTransaction) ctx.db.exec('ROLLBACK');
    const cancelled = err instanceof AppError && err.code === 'CANCELLED';
    const kept = policy === 'all' ? { ...start, applied: 0, done: 0, unchanged: 0, failed: 0, lastSeq: 0 } : counts;
    const state = kept.applied > 0 ? 'partial' : cancelled ? 'cancelled' : 'failed';
    const reason = cancelled
      ? `Cancelled after ${kept.applied} of ${kept.targets} identities were changed${policy === 'all' ? ' (all-or-nothing: none were kept)' : ''}.`
      : err instanceof AppError
        ? err.message
        : 'The apply stopped on an internal error.';
    const report: OperationReport = { ...prior, failures: failures.list() };
    ctx.operations.finish(operationId, state, { ...kept }, { report, reason });
    if (!cancelled) throw err;
  }
  return ctx.operations.get(operationId) as OperationRecord;
};
