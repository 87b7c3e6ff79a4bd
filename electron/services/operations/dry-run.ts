import type { ValidationProfile } from '../../../shared/domain/app';
import type { JsonPatchOperation } from '../../../shared/domain/identity';
import type { BulkEdit, DryRunReport, FailureGroup, OperationRecord, OperationReport, SampleDiff } from '../../../shared/domain/operations';
import { AppError } from '../../../shared/errors';
import { logInternal } from '../app/internal-log';
import { applyEdit, checkEdit, valueAt } from '../../../shared/operations/edit-applier';
import { jsonDiff } from '../../../shared/json-diff';
import { redactPatch } from '../audit/redact';
import type { IndexEntry } from '../identities/derive';
import { indexEntries, pointerForValue } from '../identities/derive';
import { patchableDocument } from '../identities/identity-drafts';
import type { StoredIdentity } from '../identities/stored-identity';
import type { Outcome, Outcomes, Refused, RunOptions } from './bulk-engine';
import { BULK_BATCH, gateBatch, headProfile, loadBulk } from './bulk-engine';
import type { FailureGroups } from './failure-groups';
import { createFailureGroups } from './failure-groups';
import type { OperationContext } from './operation-context';
import type { TargetRow } from './operation-targets';
import { batchStarts, targetBatchAt, targetBatches } from './operation-targets';

/** Diffs a dry run keeps to show, the first in target order. */
const SAMPLES = 20;

/** Before → after of the fields the edit changed, secrets redacted: what the dry run shows to inspect. */
const sampleOf = (o: Outcome): SampleDiff => {
  const before = o.before as StoredIdentity;
  if (o.kind === 'deleted') return { identityId: before.id, label: before.primary_identifier, deleted: true, changes: [] };
  const a = patchableDocument(before);
  const b = patchableDocument(o.after as StoredIdentity);
  const ops: JsonPatchOperation[] = redactPatch(jsonDiff(a, b));
  const old = redactPatch(ops.map((op) => ({ op: 'replace' as const, path: op.path, value: valueAt(a, op.path) })));
  return {
    identityId: before.id,
    label: before.primary_identifier,
    deleted: false,
    changes: ops.map((op, i) => ({ pointer: `#${op.path}`, ...(op.op === 'add' ? {} : { before: old[i]?.value }), ...(op.op === 'remove' ? {} : { after: op.value }) })),
  };
};

const entryKey = (e: IndexEntry) => `${e.table}\u0000${e.kind}\u0000${e.via}\u0000${e.value}`;
const entriesOf = (s: StoredIdentity): IndexEntry[] => [
  ...indexEntries(s),
  ...(s.external_id === null ? [] : [{ table: 'identifiers' as const, kind: 'external_id', via: '', value: s.external_id }]),
];

/**
 * What the operation's earlier targets did to the uniqueness index, which a dry run (writing nothing) must keep
 * itself: values they gave up (the store still names their old owner) and values they took (the store does not know
 * yet). So a value moving from one identity to another is no clash, in any batch, and two targets ending up with the
 * same value are one, as the apply in the same order would find.
 */
const createClaims = (profile: ValidationProfile) => {
  const claimed = new Map<string, string>();
  const released = new Set<string>();
  return {
    isFree: (e: IndexEntry) => released.has(entryKey(e)),
    /** Records a target's effect; throws CONFLICT when an earlier target of the operation took a value it gains. */
    settle: (before: StoredIdentity, after: StoredIdentity | null): void => {
      const had = new Set(entriesOf(before).map(entryKey));
      const has = after === null ? [] : entriesOf(after);
      const keeps = new Set(has.map(entryKey));
      const gained = has.filter((e) => !had.has(entryKey(e)));
      for (const e of gained) {
        const owner = claimed.get(entryKey(e));
        if (owner !== undefined && after !== null && owner !== after.id) {
          const isExternal = e.kind === 'external_id';
          throw new AppError('CONFLICT', `Within this operation, the ${isExternal ? 'external id' : e.kind} "${e.value}" would also be given to identity ${owner}.`, {
            pointer: isExternal ? '#/external_id' : pointerForValue(after.traits, e.value, profile),
            value: e.value,
            identityId: owner,
            kind: e.table === 'identifiers' ? 'identifier' : 'address',
            type: e.table === 'identifiers' ? e.kind : `${e.kind}:${e.via}`,
          });
        }
      }
      for (const key of had) if (!keeps.has(key)) released.add(key);
      if (after !== null) for (const e of gained) claimed.set(entryKey(e), after.id);
    },
  };
};

/**
 * Claims of a dry run on two threads (runParallelDryRun): none are kept, so a target whose uniqueness rows would
 * change, or that clashes with another identity in the store, cannot be judged apart from the targets before it;
 * it stops the parallel run, which starts again on one thread in target order. An edit of metadata or state
 * changes no such row unless the identity's stored derivation is stale.
 */
const NO_CLAIMS: Claims = {
  isFree: () => {
    throw new NeedsOneThread();
  },
  settle: () => {
    throw new NeedsOneThread();
  },
};
type Claims = ReturnType<typeof createClaims>;

/** A parallel dry run met a target the operation's claims must judge in order (see NO_CLAIMS). */
class NeedsOneThread extends Error {}

/** One target of a dry run: the edit, then everything the apply's write would check, nothing written. */
const checkOne = (ctx: OperationContext, before: StoredIdentity | undefined, edit: BulkEdit, operationId: string, claims: Claims, refused: Refused, outcomes: Outcomes): Outcome => {
  if (!before) return { kind: 'missing' };
  const denied = refused.get(before.id);
  if (denied) throw denied;
  const known = outcomes.get(before.id);
  if (known !== undefined && 'error' in known) throw known.error;
  const outcome = known ?? applyEdit(patchableDocument(before), edit);
  if (outcome.kind === 'delete') {
    // Only releases: they matter to a later target that gains a value, which a parallel run never lets pass.
    if (claims !== NO_CLAIMS) claims.settle(before, null);
    return { kind: 'deleted', before };
  }
  const { identity, changed, indexChanged } = ctx.identities.checkEdited(before, outcome.doc, { operationId, origin: 'local' }, claims.isFree);
  // Uniqueness rows that stay the same give nothing up and take nothing: no claim to settle.
  if (indexChanged) claims.settle(before, identity);
  return { kind: changed ? 'changed' : 'unchanged', before, after: identity };
};

/** What a dry run counted, on one thread; `samples` carry their target's position so two threads' merge in order. */
export interface DryRunTally {
  wouldChange: number;
  unchanged: number;
  wouldFail: number;
  missing: number;
  failures: FailureGroup[];
  samples: { position: number; sample: SampleDiff }[];
}

const emptyTally = (): DryRunTally => ({ wouldChange: 0, unchanged: 0, wouldFail: 0, missing: 0, failures: [], samples: [] });

/**
 * One batch of a dry run in one read transaction: the rows and the uniqueness probes see one state of the store.
 * The gate's wait (asynchronous) happens inside it, on the rows it read, so they are read once. `position` is the
 * batch's first target's place in the operation's order.
 */
const dryRunBatch = async (ctx: OperationContext, op: OperationRecord & { edit: BulkEdit }, batch: readonly TargetRow[], position: number, claims: Claims, tally: DryRunTally, failures: FailureGroups): Promise<void> => {
  ctx.db.exec('BEGIN');
  try {
    const stored = ctx.identities.findStoredMany(batch);
    const outcomes: Outcomes = new Map();
    const refused = await gateBatch(ctx, batch, op.edit, { stored, outcomes });
    ctx.identities.batch(() => {
      batch.forEach((t, i) => {
        let o: Outcome;
        try {
          o = checkOne(ctx, stored.get(t.identityId), op.edit, op.id, claims, refused, outcomes);
        } catch (err) {
          if (err instanceof NeedsOneThread) throw err;
          tally.wouldFail++;
          failures.add(t.identityId, err);
          return;
        }
        if (o.kind === 'missing') tally.missing++;
        else if (o.kind === 'unchanged') tally.unchanged++;
        else {
          tally.wouldChange++;
          if (tally.samples.length < SAMPLES) tally.samples.push({ position: position + i, sample: sampleOf(o) });
        }
      });
    });
  } finally {
    ctx.db.exec('ROLLBACK');
  }
};

const yieldAndCheck = async (opts: RunOptions): Promise<void> => {
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (opts.isCancelled?.()) throw new AppError('CANCELLED', 'The dry run was cancelled; nothing was written.');
};

/** The dry run on this thread alone, in target order, with the operation's claims. */
const dryRunInOrder = async (ctx: OperationContext, op: OperationRecord & { edit: BulkEdit }, total: number, opts: RunOptions): Promise<DryRunTally> => {
  const tally = emptyTally();
  const failures = createFailureGroups();
  const claims = createClaims(ctx.identities.profile());
  let done = 0;
  for (const batch of targetBatches(ctx, op.id, 0, opts.batchSize ?? BULK_BATCH)) {
    await dryRunBatch(ctx, op, batch, done, claims, tally, failures);
    done += batch.length;
    opts.onProgress?.(done, total);
    await yieldAndCheck(opts);
  }
  return { ...tally, failures: failures.list() };
};

/**
 * What a shard of a parallel dry run does (this thread's half, or the shard worker's): takes the next batch from the
 * shared counter until there is none. Null when a target needs the operation's claims (NeedsOneThread).
 */
export const dryRunShare = async (
  ctx: OperationContext,
  operationId: string,
  starts: readonly number[],
  next: Int32Array,
  opts: RunOptions & { batchSize: number; onBatch?: (targets: number) => void },
): Promise<DryRunTally | null> => {
  const op = loadBulk(ctx, operationId);
  const tally = emptyTally();
  const failures = createFailureGroups();
  try {
    for (;;) {
      const k = Atomics.add(next, 0, 1);
      const start = starts[k];
      if (start === undefined) break;
      const batch = targetBatchAt(ctx, operationId, start, opts.batchSize);
      await dryRunBatch(ctx, op, batch, k * opts.batchSize, NO_CLAIMS, tally, failures);
      opts.onBatch?.(batch.length);
      await yieldAndCheck(opts);
    }
  } catch (err) {
    if (err instanceof NeedsOneThread) return null;
    throw err;
  }
  return { ...tally, failures: failures.list() };
};

/** Targets a dry run splits between two threads from (below it, the second thread's start costs more than it saves). */
export const PARALLEL_DRY_RUN_MIN = 20_000;

/**
 * An edit whose steps touch only metadata and state (or delete) cannot change what is unique about an identity,
 * so its targets need no claims between them and can be checked on two threads (the store's two cores).
 */
const claimsFree = (edit: BulkEdit): boolean => {
  const free = (path: string) => path === '/state' || /^\/metadata_(public|admin)(\/|$)/.test(path);
  return edit.steps.every((s) => (s.op === 'delete' ? true : s.op === 'patch' ? s.operations.every((o) => free(o.path)) : free(s.path)));
};

/**
 * The dry run: every target through the edit and the change writer's checks (Kratos validation, identifiers, addresses
 * and external ids unique against the store and within the operation), in the apply's order, writing nothing. Design
 * §12 had each batch written and rolled back; that costs the whole write (index, search text, audit) for nothing and
 * still missed moves across batches, so the writer answers what it would do instead (ChangeWriter.check).
 *
 * A large edit of metadata or state runs on two threads (this worker and a shard worker with its own connection,
 * taking batches from a shared counter); when one target turns out to need the operation's claims, the run starts
 * again on one thread.
 */
export const runDryRun = async (ctx: OperationContext, operationId: string, opts: RunOptions & { parallel?: boolean } = {}): Promise<OperationRecord> => {
  const op = loadBulk(ctx, operationId);
  if (op.state !== 'planned' && op.state !== 'dry-run') throw new AppError('CONFLICT', `Operation ${operationId} is ${op.state}: a dry run is for a planned operation.`, { state: op.state });
  checkEdit(op.edit, headProfile(ctx));
  const total = op.counts['targets'] ?? 0;
  const parallel = claimsFree(op.edit) && (opts.parallel ?? total >= PARALLEL_DRY_RUN_MIN);
  const tally = (parallel ? await runParallelDryRun(ctx, op, total, opts) : null) ?? (await dryRunInOrder(ctx, op, total, opts));
  const report: DryRunReport = {
    targets: total,
    wouldChange: tally.wouldChange,
    unchanged: tally.unchanged,
    wouldFail: tally.wouldFail,
    missing: tally.missing,
    failures: tally.failures,
    samples: tally.samples.map((s) => s.sample),
    finishedAt: new Date().toISOString(),
  };
  ctx.operations.setReport(operationId, { ...((op.report as OperationReport | null) ?? {}), dryRun: report } satisfies OperationReport);
  return ctx.operations.get(operationId) as OperationRecord;
};

/** Both threads' halves, or null when one met a target that needs the claims (the caller runs in order instead). */
const runParallelDryRun = async (ctx: OperationContext, op: OperationRecord & { edit: BulkEdit }, total: number, opts: RunOptions): Promise<DryRunTally | null> => {
  const batchSize = opts.batchSize ?? BULK_BATCH;
  const starts = batchStarts(ctx, op.id, batchSize);
  const next = new Int32Array(new SharedArrayBuffer(4));
  const abort = new AbortController();
  let mine = 0;
  let theirs = 0;
  const progress = () => opts.onProgress?.(mine + theirs, total);
  const shard = ctx.startDryRunShard({ operationId: op.id, starts, next, batchSize }, abort.signal, (done) => {
    theirs = done;
    progress();
  });
  // A rejection is awaited below; until then it must not count as unhandled.
  shard.catch(() => undefined);
  const stopShard = async () => {
    abort.abort();
    await shard.catch(() => undefined);
  };
  let here: DryRunTally | null;
  try {
    here = await dryRunShare(ctx, op.id, starts, next, {
      ...opts,
      batchSize,
      onBatch: (targets) => {
        mine += targets;
        progress();
      },
    });
  } catch (err) {
    await stopShard();
    throw err;
  }
  if (here === null) {
    await stopShard();
    return null;
  }
  // A shard that failed (it could not start, say) may have taken a batch it never finished: run again in order,
  // which meets the same error itself if it is the store's.
  const there = await shard.catch((err: unknown) => {
    logInternal(err);
    return null;
  });
  if (there === null) return null;
  const failures = createFailureGroups(here.failures);
  failures.merge(there.failures);
  return {
    wouldChange: here.wouldChange + there.wouldChange,
    unchanged: here.unchanged + there.unchanged,
    wouldFail: here.wouldFail + there.wouldFail,
    missing: here.missing + there.missing,
    failures: failures.list(),
    samples: [...here.samples, ...there.samples].sort((a, b) => a.position - b.position).slice(0, SAMPLES),
  };
};

