import { useEffect, useState } from 'react';
import type { PullReport, PushReport } from '../../../shared/domain/sync';
import { useSyncJob } from './sync-job';
import { jobPace, pageOf } from './sync-view';

const n = (x: number) => x.toLocaleString('en-US');

/** Progress of the running pull or push (pages, identities, rate, time left) with Cancel, then its report. */
export const SyncJobPanel = () => {
  const { followed, direction, startedAt } = useSyncJob();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!followed.running) return;
    // The clock only moves the rate and time-left text; progress itself arrives as events.
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [followed.running]);
  const job = followed.job;
  if (!direction) return null;
  if (followed.running) {
    const done = job?.progress.done ?? 0;
    const total = job?.progress.total ?? null;
    const pace = jobPace(done, total, startedAt === null ? 0 : now - startedAt);
    const page = pageOf(job?.progress.message);
    return (
      <div role="status" className="sy-job" data-testid="sync-progress">
        <strong>{direction === 'pull' ? 'Pulling' : 'Pushing'}</strong>
        {page !== null ? <span data-testid="sync-progress-pages">page {n(page)}</span> : null}
        <span data-testid="sync-progress-done">
          {n(done)}
          {total !== null ? ` of ${n(total)}` : ''} identities
        </span>
        {pace.rate !== null ? <span>{n(Math.round(pace.rate))}/s</span> : null}
        {pace.secondsLeft !== null ? <span>{n(pace.secondsLeft)} s left</span> : null}
        {job?.progress.message?.startsWith('pull: waiting') || job?.progress.message?.startsWith('waiting') ? <span>{job.progress.message}</span> : null}
        <button type="button" onClick={followed.cancel}>
          Cancel (Esc)
        </button>
      </div>
    );
  }
  if (followed.cancelled) return <p role="status" data-testid="sync-result">{direction === 'pull' ? 'Pull' : 'Push'} cancelled.</p>;
  if (followed.failure) return <p role="alert" data-testid="sync-result">{followed.failure}</p>;
  const report = followed.report;
  if (!report) return null;
  return (
    <p role="status" className="sy-job" data-testid="sync-result">
      {direction === 'pull' ? pullText(report as PullReport) : pushText(report as PushReport)}
    </p>
  );
};

const pullText = (r: PullReport) =>
  `Pulled ${n(r.seen)} identities in ${n(r.pages)} page(s): ${n(r.created)} new, ${n(r.updated)} updated, ${n(r.merged)} merged, ${n(r.deleted)} deleted, ${n(r.conflicts)} conflict(s).`;
const pushText = (r: PushReport) =>
  `Pushed: ${n(r.created)} created, ${n(r.updated)} updated, ${n(r.deleted)} deleted, ${n(r.rejected.length)} rejected, ${n(r.conflicts)} conflict(s), ${n(r.deferred)} deferred.`;
