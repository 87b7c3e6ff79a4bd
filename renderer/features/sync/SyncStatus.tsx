import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { queryKeys, useApi } from '../../api/use-api';
import { formatTimestamp } from '../identity-browser/identity-view';
import { useSyncJob } from './sync-job';
import { reachText } from './sync-view';

/** The status bar's sync part: online/offline, last pull and push, pending and conflict counts, Pull/Push. */
/** The sync status; the backend checks a remote again when asked after 30 s, so asking that often keeps online/offline true. */
export const useSyncStatus = () => {
  const api = useApi();
  return useQuery({ queryKey: [...queryKeys.sync, 'status'], queryFn: () => api.sync.status(), refetchInterval: 30_000 });
};

export const SyncStatus = () => {
  const api = useApi();
  const status = useSyncStatus();
  const job = useSyncJob();
  const [checking, setChecking] = useState(false);
  const s = status.data;
  if (!s || s.remotes === 0) return null;
  const reach = reachText(s.reach);
  // "Check now" is one real attempt per remote; its answers land in the status through the change event.
  const check = () => {
    setChecking(true);
    void Promise.allSettled(s.reach.map((r) => api.sync.testConnection({ remote: r.remote }))).finally(() => setChecking(false));
  };
  return (
    <span className="sy-status" data-testid="sync-status">
      <button
        type="button"
        className={`sy-mini sy-reach${reach.offline ? ' status-warning' : ''}`}
        data-testid="sync-online"
        title={`${reach.title}\nClick to check now.`}
        aria-label={`Remote ${reach.label}. Check now`}
        disabled={checking}
        onClick={check}
      >
        {checking ? 'checking…' : reach.label}
      </button>
      <span>Pulled {formatTimestamp(s.lastPullAt ?? undefined)}</span>
      <span>Pushed {formatTimestamp(s.lastPushAt ?? undefined)}</span>
      <span>
        Pending <strong data-testid="status-pending">{s.pending}</strong>
      </span>
      <span>
        Conflicts <strong data-testid="status-conflicts">{s.conflicts}</strong>
      </span>
      <button type="button" className="sy-mini" disabled={job.followed.running} onClick={() => job.run('pull')}>
        Pull
      </button>
      <button type="button" className="sy-mini" disabled={job.followed.running} onClick={() => job.run('push')}>
        Push
      </button>
    </span>
  );
};
