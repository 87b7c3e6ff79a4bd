import { useCallback, useEffect, useRef, useState } from 'react';
import type { StoreCheckReport, StoreCheckRequest } from '../../../shared/domain/migration';
import { useApi, useApiClient } from '../../api/use-api';
import { messageOf } from './api-errors';
import { idleJob, JobFollower, type JobView } from './job-events';

export interface StoreCheck {
  view: JobView;
  running: boolean;
  report: StoreCheckReport | null;
  /** Why the check did not finish: its error, or that it was cancelled. */
  failure: string | null;
  cancelled: boolean;
  start(request: StoreCheckRequest): void;
  cancel(): void;
}

const isReport = (value: unknown): value is StoreCheckReport =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { checked?: unknown }).checked === 'number' &&
  Array.isArray((value as { groups?: unknown }).groups);

/**
 * `migration.checkStore` as a React state: the worker streams the store, progress and the final
 * StoreCheckReport arrive as `jobs.*` events, and Cancel stops the worker.
 */
export const useStoreCheck = (): StoreCheck => {
  const api = useApi();
  const client = useApiClient();
  const follower = useRef(new JobFollower());
  const [view, setView] = useState<JobView>(idleJob);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);

  useEffect(() => {
    const follow = (next: JobView | null) => {
      if (next) setView(next);
    };
    const offs = [
      client.on('jobs.progressed', (event) => follow(follower.current.receive({ type: 'progress', event }))),
      client.on('jobs.finished', (event) => follow(follower.current.receive({ type: 'finished', event }))),
    ];
    return () => offs.forEach((off) => off());
  }, [client]);

  const start = useCallback(
    (request: StoreCheckRequest) => {
      follower.current.starting();
      setView(idleJob);
      setStartError(null);
      setStarting(true);
      api.migration.checkStore(request).then(
        ({ jobId }) => {
          setStarting(false);
          setView(follower.current.started(jobId));
        },
        (err: unknown) => {
          setStarting(false);
          setView(follower.current.reset());
          setStartError(messageOf(err));
        },
      );
    },
    [api],
  );

  const cancel = useCallback(() => {
    const jobId = view.jobId;
    if (jobId === null || view.finished) return;
    // A job that ended meanwhile answers NOT_FOUND; its finished event says how it ended.
    api.migration.cancel(jobId).catch(() => undefined);
  }, [api, view.jobId, view.finished]);

  const finished = view.finished;
  const report = finished?.outcome === 'succeeded' && isReport(finished.report) ? finished.report : null;
  const cancelled = finished?.outcome === 'cancelled';
  const failure = startError ?? (finished?.outcome === 'failed' ? (finished.error?.message ?? 'The check failed.') : null);
  return { view, running: starting || (view.jobId !== null && finished === null), report, failure, cancelled, start, cancel };
};
