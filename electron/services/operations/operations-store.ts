import { randomUUID } from 'node:crypto';
import type { OperationCounts, OperationKind, OperationListQuery, OperationRecord, OperationState } from '../../../shared/domain/operations';
import { AppError } from '../../../shared/errors';
import type { Db } from '../../db/open-database';

export interface StartOperation {
  id?: string;
  kind: OperationKind;
  actor: string;
  target?: unknown;
  edit?: unknown;
  policy?: string;
}

/**
 * The one writer of the `operations` table. An operation's counts are written in the same
 * transaction as the batch they count, so after a crash the row says exactly what was applied.
 */
export interface OperationsStore {
  start(input: StartOperation): string;
  /** An operation that will run later (a bulk edit: planned, dry-run, then applied): state `planned`. */
  plan(input: StartOperation): string;
  /**
   * Marks a planned, partial, cancelled or failed operation `running` in this process (apply, resume), atomically:
   * CONFLICT when it is running elsewhere or already done.
   */
  begin(id: string, from: readonly OperationState[]): OperationRecord;
  /** Replaces the report (the dry run's, the failures so far) without changing the state. */
  setReport(id: string, report: unknown): void;
  /** An operation an undo reverted: state `undone`, the undo's id in its report. */
  markUndone(id: string, undoneBy: string): void;
  /** Newest first. */
  list(query?: OperationListQuery): OperationRecord[];
  /** Inside a batch's transaction: the counts so far. */
  progress(id: string, counts: OperationCounts): void;
  finish(id: string, state: OperationState, counts: OperationCounts, extra?: { report?: unknown; reason?: string }): void;
  get(id: string): OperationRecord | null;
  /**
   * Operations left `running` by a process that no longer exists: `partial` when some of their
   * work was committed, else `failed`, each with the reason. Returns what it marked.
   */
  recoverInterrupted(): OperationRecord[];
}

interface OperationRow {
  id: string;
  kind: OperationKind;
  actor: string;
  target: string | null;
  edit: string | null;
  policy: string | null;
  state: OperationState;
  counts: string;
  report: string | null;
  reason: string | null;
  owner_pid: number | null;
  started_at: string;
  finished_at: string | null;
}

const parse = (text: string | null): unknown => (text === null ? null : (JSON.parse(text) as unknown));
const json = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(v));

const hasDryRun = (report: unknown): boolean => typeof report === 'object' && report !== null && 'dryRun' in report;

const toRecord = (r: OperationRow): OperationRecord => ({
  id: r.id,
  kind: r.kind,
  actor: r.actor,
  // The table's CHECK predates `dry-run`: a planned operation whose dry run ran says so from its report.
  state: r.state === 'planned' && hasDryRun(parse(r.report)) ? 'dry-run' : r.state,
  target: parse(r.target),
  edit: parse(r.edit),
  policy: r.policy,
  counts: JSON.parse(r.counts) as OperationCounts,
  report: parse(r.report),
  reason: r.reason,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

/** Whether a process of this machine is alive; EPERM means it is, only not ours. */
export const processAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Counts that say some work was committed: anything applied, imported, changed or deleted. */
const APPLIED_COUNTS = ['imported', 'applied', 'changed', 'deleted', 'created', 'updated', 'pulled', 'pushed'];
const appliedSome = (counts: OperationCounts): boolean => APPLIED_COUNTS.some((k) => (counts[k] ?? 0) > 0);

export const createOperationsStore = (db: Db, isAlive: (pid: number) => boolean = processAlive): OperationsStore => {
  const insert = db.prepare(
    `INSERT INTO operations (id, kind, actor, target, edit, policy, state, counts, owner_pid, started_at)
     VALUES (@id, @kind, @actor, @target, @edit, @policy, 'running', '{}', @pid, @at)`,
  );
  const setCounts = db.prepare('UPDATE operations SET counts = ? WHERE id = ?');
  const setFinished = db.prepare('UPDATE operations SET state = ?, counts = ?, report = ?, reason = ?, finished_at = ?, owner_pid = NULL WHERE id = ?');
  const byId = db.prepare('SELECT * FROM operations WHERE id = ?');
  const running = db.prepare("SELECT * FROM operations WHERE state = 'running'");
  const insertPlanned = db.prepare(
    `INSERT INTO operations (id, kind, actor, target, edit, policy, state, counts, started_at)
     VALUES (@id, @kind, @actor, @target, @edit, @policy, 'planned', '{}', @at)`,
  );
  const setRunning = db.prepare("UPDATE operations SET state = 'running', owner_pid = ?, reason = NULL, finished_at = NULL WHERE id = ?");
  const setReportRow = db.prepare('UPDATE operations SET report = ? WHERE id = ?');

  const finish: OperationsStore['finish'] = (id, state, counts, extra = {}) => {
    setFinished.run(state, JSON.stringify(counts), json(extra.report), extra.reason ?? null, new Date().toISOString(), id);
  };

  return {
    start: (input) => {
      const id = input.id ?? randomUUID();
      insert.run({
        id,
        kind: input.kind,
        actor: input.actor,
        target: json(input.target),
        edit: json(input.edit),
        policy: input.policy ?? null,
        pid: process.pid,
        at: new Date().toISOString(),
      });
      return id;
    },
    plan: (input) => {
      const id = input.id ?? randomUUID();
      insertPlanned.run({ id, kind: input.kind, actor: input.actor, target: json(input.target), edit: json(input.edit), policy: input.policy ?? null, at: new Date().toISOString() });
      return id;
    },
    begin: (id, from) =>
      db
        .transaction(() => {
          const row = byId.get(id) as OperationRow | undefined;
          if (!row) throw new AppError('NOT_FOUND', `No operation with id ${id.slice(0, 100)}.`);
          if (!from.includes(row.state)) throw new AppError('CONFLICT', `Operation ${id} is ${row.state}; it can run only when ${from.join(', ')}.`, { state: row.state });
          setRunning.run(process.pid, id);
          return toRecord(byId.get(id) as OperationRow);
        })
        .immediate(),
    markUndone: (id, undoneBy) => {
      const row = byId.get(id) as OperationRow | undefined;
      if (!row) return;
      const report = { ...((parse(row.report) as Record<string, unknown> | null) ?? {}), undoneBy };
      db.prepare("UPDATE operations SET state = 'undone', report = ? WHERE id = ?").run(JSON.stringify(report), id);
    },
    setReport: (id, report) => {
      setReportRow.run(json(report), id);
    },
    list: (query = {}) => {
      const clauses = ['started_at < ?'];
      const params: unknown[] = [query.before ?? '\uffff'];
      if (query.kind !== undefined) {
        clauses.push('kind = ?');
        params.push(query.kind);
      }
      const rows = db.prepare(`SELECT * FROM operations WHERE ${clauses.join(' AND ')} ORDER BY started_at DESC, id DESC LIMIT ?`).all(...params, query.limit ?? 50) as OperationRow[];
      return rows.map(toRecord);
    },
    progress: (id, counts) => {
      setCounts.run(JSON.stringify(counts), id);
    },
    finish,
    get: (id) => {
      const row = byId.get(id) as OperationRow | undefined;
      return row ? toRecord(row) : null;
    },
    recoverInterrupted: () =>
      db
        .transaction(() => {
          const marked: OperationRecord[] = [];
          for (const row of running.all() as OperationRow[]) {
            if (row.owner_pid !== null && row.owner_pid !== process.pid && isAlive(row.owner_pid)) continue;
            if (row.owner_pid === process.pid) continue;
            const counts = JSON.parse(row.counts) as OperationCounts;
            const partial = appliedSome(counts);
            const reason = partial
              ? 'Interrupted: the app stopped while this ran. The batches counted here were committed; the rest were not.'
              : 'Interrupted: the app stopped while this ran, before any of its work was committed.';
            finish(row.id, partial ? 'partial' : 'failed', counts, { reason });
            marked.push(toRecord(byId.get(row.id) as OperationRow));
          }
          return marked;
        })
        .immediate(),
  };
};
