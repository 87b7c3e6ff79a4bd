import type { JobId, JobRecord } from '../domain/jobs';
import type { ParamSchemas } from './params';
import { idParam } from './params';

/**
 * Every long job (import, export, store check; later bulk, migration, sync) is followed and
 * cancelled here, whichever call started it (design §12). Progress and the end also arrive as
 * `jobs.progressed` and `jobs.finished` events; `get` catches up after a missed event.
 */
export interface JobsApi {
  /** Running jobs and the most recent finished ones, newest first. */
  list(): Promise<JobRecord[]>;
  /** NOT_FOUND once a finished job has dropped out of the recent ones. */
  get(jobId: JobId): Promise<JobRecord>;
  /**
   * Asks a running job to stop and answers its record; the job ends as `cancelled` (or as it
   * finished, if it was already past its last step). A finished job is left as it is.
   */
  cancel(jobId: JobId): Promise<JobRecord>;
}

export const jobsParams = {
  list: [],
  get: [idParam],
  cancel: [idParam],
} satisfies ParamSchemas<JobsApi>;
