import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { queryKeys, useApi } from '../../api/use-api';
import { ConflictsPanel } from './ConflictsPanel';
import { PendingPanel } from './PendingPanel';
import { RemotesPanel } from './RemotesPanel';
import { useSyncJob } from './sync-job';
import { useSyncStatus } from './SyncStatus';
import { SyncJobPanel } from './SyncJobPanel';
import './sync.css';

/** `/sync`: remotes, pull and push as jobs, what waits to be pushed, and what needs a decision (issue 15). */
export const SyncPage = () => {
  const api = useApi();
  const info = useQuery({ queryKey: queryKeys.appInfo, queryFn: () => api.app.info() });
  const remotes = useQuery({ queryKey: [...queryKeys.sync, 'remotes'], queryFn: () => api.sync.listRemotes() });
  const job = useSyncJob();
  const none = (remotes.data ?? []).length === 0;
  const status = useSyncStatus();
  const offline = (status.data?.reach ?? []).filter((r) => r.state === 'offline');
  const { run, followed } = job;
  const busy = none || followed.running;
  // The shortcuts the buttons announce (aria-keyshortcuts): Alt+P pulls, Alt+U pushes everything.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || busy) return;
      const key = e.key.toLowerCase();
      if (key !== 'p' && key !== 'u' && e.code !== 'KeyP' && e.code !== 'KeyU') return;
      e.preventDefault();
      run(key === 'p' || e.code === 'KeyP' ? 'pull' : 'push');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [busy, run]);
  return (
    <section className="sy-page" aria-labelledby="sy-title">
      <header className="sy-head">
        <h1 id="sy-title">Sync</h1>
        <div className="sy-actions">
          <button type="button" disabled={none || job.followed.running} onClick={() => job.run('pull')} aria-keyshortcuts="Alt+P">
            Pull
          </button>
          <button type="button" disabled={none || job.followed.running} onClick={() => job.run('push')} aria-keyshortcuts="Alt+U">
            Push all
          </button>
        </div>
      </header>
      {offline.map((r) => (
        <p key={r.remote} role="status" className="sy-offline" data-testid="sync-offline-note">
          <strong>{r.remote} is offline</strong>: {r.message ?? 'it did not answer'} Changes made here stay in the store and wait; pull and push again once it answers.
        </p>
      ))}
      <SyncJobPanel />
      <RemotesPanel host={info.data?.host} />
      <ConflictsPanel />
      <PendingPanel />
    </section>
  );
};
