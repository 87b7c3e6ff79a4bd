import { useQuery } from '@tanstack/react-query';
import { queryKeys, useApi } from '../../api/use-api';
import { navigate } from '../../app/router';
import { formatTimestamp } from '../identity-browser/identity-view';
import { showValue } from './sync-view';
import './sync.css';

const LABEL = { local: 'local only', synced: 'synced', pending: 'pending push', rejected: 'rejected by Kratos', conflict: 'conflict' } as const;

/** The identity detail's sync part (issue 15 point 5): its state, the remote it came from, and the pending diff. */
export const IdentitySyncPanel = ({ id }: { id: string }) => {
  const api = useApi();
  const state = useQuery({ queryKey: [...queryKeys.sync, 'identity', id], queryFn: () => api.sync.identityState(id) });
  const s = state.data;
  if (!s || s.state === 'local') return null;
  return (
    <section className="sy-item" aria-label="Sync state" data-testid="identity-sync">
      <p>
        Sync: <strong data-testid="identity-sync-state">{LABEL[s.state]}</strong>
        {s.remote ? (
          <>
            {' '}
            with remote <code>{s.remote}</code>
          </>
        ) : null}
        {s.pulledAt ? ` · last pulled ${formatTimestamp(s.pulledAt)}` : ''}{' '}
        {s.state !== 'synced' ? (
          <a
            href="/sync"
            onClick={(e) => {
              e.preventDefault();
              navigate('/sync');
            }}
          >
            Review in Sync
          </a>
        ) : null}
      </p>
      {s.pending?.lastError ? <p className="sy-rejected">Kratos refused the last push: {s.pending.lastError}</p> : null}
      {s.pending?.operation === 'create' ? (
        <p className="ib-muted ib-small" data-testid="identity-sync-create">
          Created here: the next push creates it {s.remote ? `on ${s.remote}` : 'on the remote you push to'}.
        </p>
      ) : s.pending?.operation === 'delete' ? (
        <p className="ib-muted ib-small">Deleted here: the next push deletes it on the remote.</p>
      ) : s.pending && s.pending.changes.length > 0 ? (
        <ul className="sy-list">
          {s.pending.changes.map((c) => (
            <li key={c.pointer}>
              <code>{c.pointer}</code>: <span className="sy-before">{showValue(c.before)}</span> → <span className="sy-after">{showValue(c.after)}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
};
