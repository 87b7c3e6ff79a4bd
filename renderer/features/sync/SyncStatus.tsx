import { useQuery } from '@tanstack/react-query';
import { queryKeys, useApi } from '../../api/use-api';
import { formatTimestamp } from '../identity-browser/identity-view';
import { useSyncJob } from './sync-job';

/** The status bar's sync part: online/offline, last pull and push, pending and conflict counts, Pull/Push. */
export const SyncStatus = () => {
  const api = useApi();
  const status = useQuery({ queryKey: [...queryKeys.sync, 'status'], queryFn: () => api.sync.status() });
  const job = useSyncJob();
  const s = status.data;
  if (!s || s.remotes === 0) return null;
  const failed = job.followed.failure !== null;
  return (
    <span className="sy-status" data-testid="sync-status">
      <span data-testid="sync-online" className={failed ? 'status-warning' : ''} title={failed ? job.followed.failure ?? '' : 'The last pull or push reached the remote'}>
        {failed ? 'offline' : 'online'}
      </span>
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
