export type { JobContext, JobsService } from './jobs-service';
export { createJobsService } from './jobs-service';
export type { WorkerMessage } from './run-worker';
export { runWorker } from './run-worker';
