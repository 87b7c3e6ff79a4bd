import { randomUUID } from 'node:crypto';
import type { JobId } from '../../../shared/domain/jobs';
import { AppError, toWireError } from '../../../shared/errors';
import type { EventBus } from '../events/event-bus';
import { logInternal } from '../app/internal-log';

export interface JobContext {
  jobId: JobId;
  signal: AbortSignal;
  progress(done: number, total: number | null, message?: string): void;
}

export interface JobsService {
  /** Runs `work` in the background; progress and the outcome arrive as `jobs.*` events. */
  start(kind: string, work: (ctx: JobContext) => Promise<unknown>): JobId;
  cancel(jobId: JobId): void;
  /** Resolves with the report when the job ends (tests and the CLI wait on it). */
  wait(jobId: JobId): Promise<unknown>;
}

const KEEP_FINISHED = 20;

export const createJobsService = ({ events, log = logInternal }: { events: EventBus; log?: (e: unknown) => void }): JobsService => {
  const running = new Map<JobId, { controller: AbortController; done: Promise<unknown> }>();
  const finished = new Map<JobId, Promise<unknown>>();
  return {
    start: (kind, work) => {
      const jobId = randomUUID();
      const controller = new AbortController();
      const ctx: JobContext = {
        jobId,
        signal: controller.signal,
        progress: (done, total, message) => events.emit('jobs.progressed', { jobId, kind, done, total, ...(message ? { message } : {}) }),
      };
      const done = work(ctx).then(
        (report) => {
          events.emit('jobs.finished', { jobId, kind, outcome: controller.signal.aborted ? 'cancelled' : 'succeeded', report });
          return report;
        },
        (err: unknown) => {
          const error = toWireError(err, log);
          events.emit('jobs.finished', { jobId, kind, outcome: error.code === 'CANCELLED' ? 'cancelled' : 'failed', error });
          throw err;
        },
      );
      // Keep the outcome of recent jobs so a late `wait` still gets it.
      done.catch(() => undefined).finally(() => {
        running.delete(jobId);
        finished.set(jobId, done);
        if (finished.size > KEEP_FINISHED) finished.delete(finished.keys().next().value as JobId);
      });
      running.set(jobId, { controller, done });
      return jobId;
    },
    cancel: (jobId) => {
      const job = running.get(jobId);
      if (!job) throw new AppError('NOT_FOUND', 'No running job with that id.');
      job.controller.abort();
    },
    wait: async (jobId) => {
      const done = running.get(jobId)?.done ?? finished.get(jobId);
      if (!done) throw new AppError('NOT_FOUND', 'No job with that id.');
      return done;
    },
  };
};
