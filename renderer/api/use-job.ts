import { useCallback, useEffect, useRef, useState } from 'react';
import type { Api } from '../../shared/api';
import type { JobId, JobKind, JobReports } from '../../shared/domain/jobs';
import { messageOf } from './error-details';
import { startedJob, withProgress, withRecord, type JobView } from './job-follower';
import { useApi, useApiClient } from './use-api';

export interface FollowedJob<K extends JobKind> {
  /** The job being followed; null before the first start (and after a start call failed). */
  job: JobView<K> | null;
  /** From the start call until the job ends. */
  running: boolean;
  /** The report of a job that succeeded. */
  report: JobReports[K] | null;
  /** Why the job did not succeed: the start call's error or the job's (not set for a cancel). */
  failure: string | null;
  cancelled: boolean;
  /** Starts a job with the call that starts it (`api.migration.checkStore(…)`), and follows it. */
  start(begin: (api: Api) => Promise<{ jobId: JobId }>): void;
  /** Asks the backend to stop the job; its end arrives as an event like any other. */
  cancel(): void;
}

/**
 * The one way the renderer follows a backend job (design §12): `jobs.progressed` and
 * `jobs.finished` events, plus `jobs.get` once the start call answers, so events sent before the
 * id was known are not lost. Cancel goes through `jobs.cancel`, whatever kind the job is.
 */
export const useJob = <K extends JobKind>(): FollowedJob<K> => {
  const api = useApi();
  const client = useApiClient();
  const [job, setJob] = useState<JobView<K> | null>(null);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);
  // Only the latest start's answer counts; an earlier one still in flight is ignored.
  const generation = useRef(0);

  useEffect(() => {
    const offs = [
      client.on('jobs.progressed', (event) => setJob((view) => (view ? withProgress(view, event) : view))),
      client.on('jobs.finished', (record) => setJob((view) => (view ? withRecord(view, record) : view))),
    ];
    return () => {
      offs.forEach((off) => off());
      generation.current += 1;
    };
  }, [client]);

  const start = useCallback(
    (begin: (api: Api) => Promise<{ jobId: JobId }>) => {
      const mine = ++generation.current;
      setJob(null);
      setStartError(null);
      setStarting(true);
      begin(api).then(
        ({ jobId }) => {
          if (mine !== generation.current) return;
          setStarting(false);
          setJob(startedJob<K>(jobId));
          api.jobs.get(jobId).then(
            (record) => setJob((view) => (view ? withRecord(view, record) : view)),
            // Gone already (many jobs since): its events were the only news, and they were handled.
            () => undefined,
          );
        },
        (err: unknown) => {
          if (mine !== generation.current) return;
          setStarting(false);
          setStartError(messageOf(err));
        },
      );
    },
    [api],
  );

  const jobId = job?.jobId ?? null;
  const jobRunning = job?.state === 'running';
  const cancel = useCallback(() => {
    if (jobId === null || !jobRunning) return;
    // Whatever happens to the request, the job's end arrives as an event; a failure here changes nothing.
    api.jobs.cancel(jobId).catch(() => undefined);
  }, [api, jobId, jobRunning]);

  const failure = startError ?? (job?.state === 'failed' ? (job.error?.message ?? 'The job failed.') : null);
  return {
    job,
    running: starting || jobRunning,
    report: job?.state === 'succeeded' ? job.report : null,
    failure,
    cancelled: job?.state === 'cancelled',
    start,
    cancel,
  };
};
