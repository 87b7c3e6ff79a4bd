import type { ValidationProfile } from '../../../shared/domain/app';
import type { WriteOrigin } from '../../../shared/domain/audit';
import type { Db } from '../../db/open-database';
import { jsonEqual } from '../../../shared/json-diff';
import { AppError } from '../../../shared/errors';
import { auditSeqsOf, createAuditWriter } from '../audit/audit-writer';
import type { StoreKey } from './identity-writer';
import { createIdentityWriter } from './identity-writer';
import type { StoredIdentity } from './stored-identity';
import type { IndexEntry } from './derive';
import { recordDocument } from './stored-identity';

/** Who, when and why of one write; the same for every identity of one transaction. */
export interface ChangeContext {
  origin: WriteOrigin;
  operationId: string;
  actor: string;
  at: string;
  profile: ValidationProfile;
  /** Set when the change undoes an audit entry. */
  reverts?: number | null;
}

export interface ChangeResult {
  identity: StoredIdentity;
  /** The audit entry; null when the write changed nothing and so wrote nothing. */
  changeId: number | null;
}

/**
 * The one writer of identities (design §12): the row, its identifiers and addresses, the search
 * index (triggers on the row) and pairs, the audit entry and the outbox entry, all in the caller's
 * transaction. Nothing else writes those tables (test/unit/identities/change-writer-only.test.ts).
 *
 * The origin decides what else happens: `local`, `undo` and `resolve` queue the identity for sync
 * (one coalesced outbox entry per identity) and mark it dirty; `import` and `pull` never queue.
 */
export interface ChangeWriter {
  findById(id: string): StoredIdentity | null;
  findMany(targets: readonly StoreKey[]): Map<string, StoredIdentity>;
  /** Stores a new identity as given (a create's draft, or a deleted record restored byte for byte). */
  create(s: StoredIdentity, ctx: ChangeContext, options?: { idGiven?: boolean }): ChangeResult;
  /** Writes `after` over `before`; a write that changes nothing but local bookkeeping writes nothing. */
  update(before: StoredIdentity, after: StoredIdentity, ctx: ChangeContext): ChangeResult;
  remove(before: StoredIdentity, ctx: ChangeContext): number;
  /**
   * What `update` would do, without writing anything: whether it would write, whether the identity's uniqueness rows
   * (identifiers, addresses, external id) would change with it, or the same error when it would refuse (see
   * IdentityWriter.check for `isFree`). A dry run's check.
   */
  check(before: StoredIdentity, after: StoredIdentity, ctx: ChangeContext, isFree?: (e: IndexEntry) => boolean): CheckResult;
  /**
   * Runs `work` (inside the caller's transaction) with the counters added up in memory and written
   * once at the end: a batch of thousands of rows writes each counter once. Outside a batch every
   * write updates the counters itself.
   */
  batch<T>(work: () => T): T;
  /** Sync's bookkeeping of the outbox; push calls these, and nothing else writes the outbox. */
  outbox: OutboxControl;
  /**
   * Gives a locally created identity the id its remote assigned (Kratos refuses a client's id), with its
   * audit trail, outbox entry and every other row keyed by id following it.
   */
  rekey(oldId: string, newId: string, profile: ValidationProfile): void;
}

export interface CheckResult {
  changed: boolean;
  indexChanged: boolean;
}

export interface OutboxControl {
  /** Entries not yet tied to a remote (local creates) belong to `remote` from now on. */
  assign(remote: string): void;
  markInFlight(ids: readonly string[], at: string): void;
  /**
   * After a push of `id` succeeded: clears the entry (and the identity's dirty flag) when no change was
   * made since `sentChangeId`; otherwise makes it pending again for what came after. True when cleared.
   */
  settle(id: string, sentChangeId: number, operationIfKept: 'update' | 'delete'): boolean;
  /** The entry's net operation changed (e.g. a queued create the remote turned out to have already). */
  reopen(id: string, operation: 'create' | 'update' | 'delete'): void;
  reject(id: string, reason: string, at: string): void;
  /** Leaves the entry for a later push (the remote was unavailable). */
  defer(id: string, reason: string, nextAttemptAt: string | null): void;
  /** Drops the entry; the identity is clean again (a discard, once the identity is back to its remote version). */
  drop(id: string): void;
}

const QUEUES: ReadonlySet<WriteOrigin> = new Set(['local', 'undo', 'resolve']);

export const createChangeWriter = (db: Db): ChangeWriter => {
  const rows = createIdentityWriter(db);
  const audit = createAuditWriter(db);
  const counters = createCounters(db);
  const baseRemote = db.prepare('SELECT remote FROM sync_base WHERE identity_id = ?').pluck();
  const hasOutbox = db.prepare('SELECT 1 FROM outbox WHERE identity_id = ?').pluck();
  const dropOutbox = db.prepare('DELETE FROM outbox WHERE identity_id = ?');
  const rekeyRow = db.prepare('UPDATE identities SET id = ? WHERE id = ?');
  const rekeyAudit = db.prepare(
    `UPDATE audit_log SET identity_id = @newId, patch = replace(patch, @oldText, @newText), inverse = replace(inverse, @oldText, @newText)
     WHERE identity_seq IN (${auditSeqsOf('@oldId')}) AND identity_id = @oldId`,
  );
  const rekeyOutbox = db.prepare('UPDATE outbox SET identity_id = ? WHERE identity_id = ?');
  const rekeyOthers = ['sync_conflicts', 'operation_targets'].map((t) => db.prepare(`UPDATE ${t} SET identity_id = ? WHERE identity_id = ?`));
  // A new local change makes a rejected entry pending again (the admin fixed it); one in flight stays
  // in flight, and push compares `last_change_id` with what it sent before it clears the entry.
  const upsertOutbox = db.prepare(
    `INSERT INTO outbox (identity_id, remote, operation, first_change_id, last_change_id, status, attempts, created_at, updated_at)
     VALUES (@id, @remote, @operation, @change, @change, 'pending', 0, @at, @at)
     ON CONFLICT (identity_id) DO UPDATE SET operation = excluded.operation, last_change_id = excluded.last_change_id,
       status = CASE status WHEN 'in_flight' THEN 'in_flight' ELSE 'pending' END, attempts = 0, next_attempt_at = NULL,
       last_error = NULL, updated_at = excluded.updated_at`,
  );

  /** The net effect against the remote base, or null when there is nothing to send (created and deleted here). */
  const netOperation = (id: string, exists: boolean): { operation: 'create' | 'update' | 'delete'; remote: string | null } | null => {
    const remote = (baseRemote.get(id) as string | undefined) ?? null;
    if (exists) return { operation: remote === null ? 'create' : 'update', remote };
    return remote === null ? null : { operation: 'delete', remote };
  };

  /** Whether the identity is dirty after this write; the outbox is written after the audit entry exists. */
  const plan = (id: string, exists: boolean, ctx: ChangeContext) => {
    if (!QUEUES.has(ctx.origin)) return { dirty: hasOutbox.get(id) !== undefined, queue: () => undefined };
    const net = netOperation(id, exists);
    return {
      dirty: net !== null,
      queue: (changeId: number) => {
        if (net === null) dropOutbox.run(id);
        else upsertOutbox.run({ id, remote: net.remote, operation: net.operation, change: changeId, at: ctx.at });
      },
    };
  };

  const record = (ctx: ChangeContext, id: string, seq: number, before: StoredIdentity | null, after: StoredIdentity | null): number =>
    audit.record({
      operationId: ctx.operationId,
      actor: ctx.actor,
      at: ctx.at,
      identityId: id,
      identitySeq: seq,
      action: ctx.reverts !== undefined && ctx.reverts !== null ? 'revert' : ctx.origin === 'import' ? 'import' : before === null ? 'create' : after === null ? 'delete' : 'update',
      origin: ctx.origin,
      before: before && recordDocument(before),
      after: after && recordDocument(after),
      reverts: ctx.reverts ?? null,
    });

  /** Local writes stamp `updated_at`; a change of nothing else is no change (opening and saving writes nothing). */
  const unchanged = (before: StoredIdentity, after: StoredIdentity, ctx: ChangeContext): boolean => {
    const a = recordDocument(before);
    const b = recordDocument(after);
    if (ctx.origin !== 'pull') b.updated_at = a.updated_at;
    return jsonEqual(a, b);
  };

  return {
    findById: rows.findById,
    findMany: rows.findMany,
    create: (s, ctx, options = {}) => {
      const p = plan(s.id, true, ctx);
      const stored = { ...s, dirty: p.dirty };
      const seq = rows.insert(stored, ctx.profile, options.idGiven ?? true);
      const changeId = record(ctx, s.id, seq, null, stored);
      p.queue(changeId);
      counters.added(stored);
      return { identity: { ...stored, seq }, changeId };
    },
    update: (before, after, ctx) => {
      if (unchanged(before, after, ctx)) return { identity: before, changeId: null };
      const p = plan(after.id, true, ctx);
      const stored = { ...after, dirty: p.dirty };
      const seq = stored.seq ?? before.seq;
      if (seq === null) throw new Error('update needs a stored identity');
      rows.update(stored, ctx.profile, before);
      const changeId = record(ctx, after.id, seq, before, stored);
      p.queue(changeId);
      counters.changed(before, stored);
      return { identity: stored, changeId };
    },
    check: (before, after, ctx, isFree) => {
      if (unchanged(before, after, ctx)) return { changed: false, indexChanged: false };
      return { changed: true, indexChanged: rows.check(after, ctx.profile, before, isFree) };
    },
    remove: (before, ctx) => {
      const p = plan(before.id, false, ctx);
      if (before.seq === null) throw new Error('remove needs a stored identity');
      rows.remove(before);
      const changeId = record(ctx, before.id, before.seq, before, null);
      p.queue(changeId);
      counters.removed(before);
      return changeId;
    },
    batch: counters.batch,
    outbox: createOutboxControl(db),
    rekey: (oldId, newId, profile) => {
      if (oldId === newId) return;
      if (rows.findById(newId) !== null) throw new AppError('CONFLICT', `An identity with id ${newId} exists already.`, { identityId: newId });
      // The audit documents name the id too (a create's `add` of the whole record): a revert restores the new id.
      // Before the row moves: the audit's entries are found by the seqs of the identity under its old id.
      rekeyAudit.run({ newId, oldId, oldText: `"${oldId}"`, newText: `"${newId}"` });
      rekeyRow.run(newId, oldId);
      rekeyOutbox.run(newId, oldId);
      for (const statement of rekeyOthers) statement.run(newId, oldId);
      // The search text holds the id: write it again with the rest of the row's index.
      const moved = rows.findById(newId);
      if (moved !== null) rows.update(moved, profile);
    },
  };
};

const createOutboxControl = (db: Db): OutboxControl => {
  const assign = db.prepare('UPDATE outbox SET remote = ? WHERE remote IS NULL');
  const inFlight = db.prepare("UPDATE outbox SET status = 'in_flight', attempts = attempts + 1, updated_at = ? WHERE identity_id = ?");
  const lastChange = db.prepare('SELECT last_change_id FROM outbox WHERE identity_id = ?').pluck();
  const remove = db.prepare('DELETE FROM outbox WHERE identity_id = ?');
  const clean = db.prepare('UPDATE identities SET dirty = 0 WHERE id = ? AND dirty = 1');
  const pendingAgain = db.prepare("UPDATE outbox SET status = 'pending', operation = ?, last_error = NULL WHERE identity_id = ?");
  const reject = db.prepare("UPDATE outbox SET status = 'rejected', last_error = ?, updated_at = ? WHERE identity_id = ?");
  const defer = db.prepare("UPDATE outbox SET status = 'pending', last_error = ?, next_attempt_at = ? WHERE identity_id = ?");
  const drop = (id: string) => {
    remove.run(id);
    clean.run(id);
  };
  return {
    assign: (remote) => void assign.run(remote),
    markInFlight: (ids, at) => {
      for (const id of ids) inFlight.run(at, id);
    },
    settle: (id, sent, operationIfKept) => {
      const last = lastChange.get(id) as number | undefined;
      if (last === undefined || last <= sent) {
        drop(id);
        return true;
      }
      pendingAgain.run(operationIfKept, id);
      return false;
    },
    reopen: (id, operation) => void pendingAgain.run(operation, id),
    reject: (id, reason, at) => void reject.run(reason, at, id),
    defer: (id, reason, next) => void defer.run(reason, next, id),
    drop,
  };
};

/**
 * The incremental counts (migration 0001's `counters`: totals per schema, state and both, and `mutations`,
 * the generation number readers compare). Written by the change writer alone.
 */
const createCounters = (db: Db) => {
  const upsert = db.prepare('INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = value + excluded.value');
  const deltas = new Map<string, number>();
  let depth = 0;
  const add = (name: string, delta: number) => deltas.set(name, (deltas.get(name) ?? 0) + delta);
  const tally = (s: StoredIdentity, sign: 1 | -1) => {
    add('identities', sign);
    add(`schema:${s.schema_id}`, sign);
    add(`state:${s.state}`, sign);
    add(`schema_state:${s.state}:${s.schema_id}`, sign);
  };
  const flush = () => {
    for (const [name, delta] of deltas) if (delta !== 0) upsert.run(name, delta);
    deltas.clear();
  };
  /** Every write is a mutation, even one whose counts cancel out. */
  const settle = () => {
    add('mutations', 1);
    if (depth === 0) flush();
  };
  return {
    added: (s: StoredIdentity) => {
      tally(s, 1);
      settle();
    },
    removed: (s: StoredIdentity) => {
      tally(s, -1);
      settle();
    },
    changed: (before: StoredIdentity, after: StoredIdentity) => {
      if (before.schema_id !== after.schema_id || before.state !== after.state) {
        tally(before, -1);
        tally(after, 1);
      }
      settle();
    },
    batch: <T>(work: () => T): T => {
      depth++;
      try {
        const result = work();
        if (depth === 1) flush();
        return result;
      } catch (err) {
        // The caller's transaction rolls back what these counted.
        if (depth === 1) deltas.clear();
        throw err;
      } finally {
        depth--;
      }
    },
  };
};
