import { randomUUID } from 'node:crypto';
import type { JobId, JobKind, JobRecord, JobReports } from '../../../shared/domain/jobs';
import { AppError, toWireError } from '../../../shared/errors';
import type { EventBus } from '../events/event-bus';
import { logInternal } from '../app/internal-log';

export interface JobContext {
  jobId: JobId;
  signal: AbortSignal;
  progress(done: number, total: number | null, message?: string): void;
}

export interface JobsService {
  /** Runs `work` in the background; progress and the final record arrive as `jobs.*` events. */
  start<K extends JobKind>(kind: K, work: (ctx: JobContext) => Promise<JobReports[K]>): JobId;
  /** Running jobs and the most recent finished ones, newest first. */
  list(): JobRecord[];
  /** NOT_FOUND once a finished job has dropped out of the recent ones. */
  get(jobId: JobId): JobRecord;
  /**
   * Asks a running job to stop; its `jobs.finished` says how it ended (a job may finish its last
   * batch first). Cancelling a finished job changes nothing and answers its record.
   */
  cancel(jobId: JobId): JobRecord;
  /** Resolves with the report when the job ends, rejects with its error (tests and the CLI wait on it). */
  wait(jobId: JobId): Promise<unknown>;
}

/** Finished jobs kept for `get`, `list` and a late `wait`; enough for every screen that follows one. */
export const KEEP_FINISHED = 20;

interface Entry {
  record: JobRecord;
  controller: AbortController;
  done: Promise<unknown>;
}

export const createJobsService = ({ events, log = logInternal }: { events: EventBus; log?: (e: unknown) => void }): JobsService => {
  // Insertion order is start order; finished entries beyond KEEP_FINISHED are dropped oldest first.
  const jobs = new Map<JobId, Entry>();
  const snapshot = (entry: Entry): JobRecord => ({ ...entry.record, progress: { ...entry.record.progress } }) as JobRecord;
  const find = (jobId: JobId): Entry => {
    const entry = jobs.get(jobId);
    if (!entry) throw new AppError('NOT_FOUND', 'No job with that id (finished jobs are kept only for a while).');
    return entry;
  };
  const forget = (): void => {
    const finished = [...jobs.values()].filter((e) => e.record.state !== 'running');
    for (const old of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) jobs.delete(old.record.jobId);
  };
  return {
    start: (kind, work) => {
      const jobId = randomUUID();
      const controller = new AbortController();
      const record = { jobId, kind, state: 'running', progress: { done: 0, total: null }, startedAt: new Date().toISOString(), finishedAt: null, report: null, error: null } as JobRecord;
      const entry: Entry = { record, controller, done: Promise.resolve() };
      const ctx: JobContext = {
        jobId,
        signal: controller.signal,
        progress: (done, total, message) => {
          entry.record.progress = { done, total, ...(message ? { message } : {}) };
          events.emit('jobs.progressed', { jobId, kind, ...entry.record.progress });
        },
      };
      const end = (patch: Pick<JobRecord, 'state' | 'report' | 'error'>): void => {
        entry.record = { ...entry.record, ...patch, finishedAt: new Date().toISOString() } as JobRecord;
        forget();
        events.emit('jobs.finished', snapshot(entry));
      };
      jobs.set(jobId, entry);
      entry.done = work(ctx).then(
        (report) => {
          // Stopped by a cancel, a job may still report what it kept (an import that skips invalid rows).
          end({ state: controller.signal.aborted ? 'cancelled' : 'succeeded', report, error: null });
          return report;
        },
        (err: unknown) => {
          const error = toWireError(err, log);
          end({ state: error.code === 'CANCELLED' ? 'cancelled' : 'failed', report: null, error });
          throw err;
        },
      );
      // `wait` is optional; an unwatched failure is already in the record and the event.
      entry.done.catch(() => undefined);
      return jobId;
    },
    list: () => [...jobs.values()].reverse().map(snapshot),
    get: (jobId) => snapshot(find(jobId)),
    cancel: (jobId) => {
      const entry = find(jobId);
      if (entry.record.state === 'running') entry.controller.abort();
      return snapshot(entry);
    },
    wait: async (jobId) => find(jobId).done,
  };
};
