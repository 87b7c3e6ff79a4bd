import type { WireError } from '../errors';
import type { StoreCheckReport } from './migration';
import type { ExportReport, ImportReport } from './transfer';
import type { PullReport, PushReport, SyncReport } from './sync';

export type JobId = string;

/**
 * What each kind of job reports when it succeeds. A new kind of job (bulk, migration, sync) adds
 * its line here, and `JobRecord` narrows to its report by `kind`.
 */
export interface JobReports {
  import: ImportReport;
  export: ExportReport;
  'store-check': StoreCheckReport;
  pull: PullReport;
  push: PushReport;
  sync: SyncReport;
}

export type JobKind = keyof JobReports;
export const JOB_KINDS = ['import', 'export', 'store-check', 'pull', 'push', 'sync'] as const satisfies readonly JobKind[];

export const JOB_STATES = ['running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface JobProgressState {
  done: number;
  /** null while the total is still unknown (streaming input). */
  total: number | null;
  message?: string;
}

/** A job of one kind, its report typed by that kind. */
export interface JobRecordOf<K extends JobKind> {
  jobId: JobId;
  kind: K;
  state: JobState;
  progress: JobProgressState;
  /** ISO 8601, when the job was started and when it ended (null while running). */
  startedAt: string;
  finishedAt: string | null;
  /** When the job succeeded, or was cancelled after keeping part of its work (an import that skips invalid rows). */
  report: JobReports[K] | null;
  /** Only when it failed or was cancelled (`CANCELLED`). */
  error: WireError | null;
}

/** One job as `jobs.get` and `jobs.list` show it, and as `jobs.finished` announces its end. */
export type JobRecord = { [K in JobKind]: JobRecordOf<K> }[JobKind];

/** `jobs.progressed`: where a running job is. */
export interface JobProgress extends JobProgressState {
  jobId: JobId;
  kind: JobKind;
}

/** `jobs.finished`: the job's final record (state is no longer `running`). */
export type JobFinished = JobRecord;
