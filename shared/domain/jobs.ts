import type { WireError } from '../errors';

export type JobId = string;

export interface JobProgress {
  jobId: JobId;
  kind: string;
  done: number;
  /** null while the total is still unknown (streaming input). */
  total: number | null;
  message?: string;
}

export interface JobFinished {
  jobId: JobId;
  kind: string;
  outcome: 'succeeded' | 'failed' | 'cancelled';
  report?: unknown;
  error?: WireError;
}
