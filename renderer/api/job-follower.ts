/**
 * What the renderer knows of one backend job, merged from three sources that may arrive in any
 * order: `jobs.progressed` events, the final record in `jobs.finished`, and `jobs.get` (which
 * catches up on events sent before the start call answered, or lost while a stream reconnected).
 * Pure, so it is unit-tested directly; `useJob` holds it in React state.
 */
import type { JobId, JobKind, JobProgress, JobRecord, JobRecordOf } from '../../shared/domain/jobs';

/** A job as followed: its record, or only its id and progress until the record is fetched. */
export type JobView<K extends JobKind = JobKind> = Pick<JobRecordOf<K>, 'jobId' | 'state' | 'progress' | 'report' | 'error'>;

/** The view of a job whose start call just answered. */
export const startedJob = <K extends JobKind>(jobId: JobId): JobView<K> => ({
  jobId,
  state: 'running',
  progress: { done: 0, total: null },
  report: null,
  error: null,
});

/** A progress event for this job; never moves backwards (events and answers can cross), never revives an ended job. */
export const withProgress = <K extends JobKind>(view: JobView<K>, event: JobProgress): JobView<K> => {
  if (event.jobId !== view.jobId || view.state !== 'running' || event.done < view.progress.done) return view;
  return { ...view, progress: { done: event.done, total: event.total, ...(event.message ? { message: event.message } : {}) } };
};

/** A record of this job (from `jobs.finished` or `jobs.get`): an ended one wins, a running one only moves forwards. */
export const withRecord = <K extends JobKind>(view: JobView<K>, record: JobRecord): JobView<K> => {
  if (record.jobId !== view.jobId || view.state !== 'running') return view;
  if (record.state === 'running' && record.progress.done < view.progress.done) return view;
  // Same id, so the same kind: the backend chose the kind when it started the job.
  const { jobId, state, progress, report, error } = record as unknown as JobRecordOf<K>;
  return { jobId, state, progress, report, error };
};
