import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { messageOf } from '../../api/error-details';
import { queryKeys, useApi } from '../../api/use-api';
import { navigate } from '../../app/router';
import { formatTimestamp } from '../identity-browser/identity-view';
import { useSyncJob } from './sync-job';
import { groupByIdentity, showValue, whatIsSent } from './sync-view';

/**
 * Every outbox entry, grouped by identity, with its field diff and what the next push sends
 * (issue 15 point 3). Select some or all to push; discard one (it returns to its last pulled version).
 */
export const PendingPanel = () => {
  const api = useApi();
  const pending = useQuery({ queryKey: [...queryKeys.sync, 'pending'], queryFn: () => api.sync.pending({ limit: 500 }) });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const job = useSyncJob();
  const discard = useMutation({ mutationFn: (id: string) => api.sync.discard(id) });
  const items = pending.data?.items ?? [];
  const groups = groupByIdentity(items);
  const pushable = groups.filter((g) => g.entries.some((e) => e.status !== 'rejected')).map((g) => g.identityId);
  const chosen = pushable.filter((id) => selected.has(id));
  const toggle = (id: string) => setSelected((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])));

  return (
    <section className="sy-panel" aria-labelledby="sy-pending-title">
      <h2 id="sy-pending-title">
        Pending changes <span data-testid="pending-total">{pending.data?.total ?? 0}</span>
      </h2>
      {groups.length === 0 ? (
        <p className="ib-muted" data-testid="pending-empty">
          Nothing waits to be pushed: every local identity equals its last pulled version.
        </p>
      ) : (
        <>
          <div className="sy-actions">
            <button type="button" onClick={() => setSelected(new Set(chosen.length === pushable.length ? [] : pushable))}>
              {chosen.length === pushable.length && pushable.length > 0 ? 'Select none' : 'Select all'}
            </button>
            <button type="button" disabled={job.followed.running || chosen.length === 0} onClick={() => job.run('push', { ids: chosen })}>
              Push selected ({chosen.length})
            </button>
          </div>
          <ul className="sy-list" data-testid="pending-list">
            {groups.map(({ identityId, entries }) => (
              <li key={identityId} className="sy-item" data-pending-id={identityId}>
                <div className="sy-item-head">
                  <label>
                    <input type="checkbox" checked={selected.has(identityId)} onChange={() => toggle(identityId)} disabled={!pushable.includes(identityId)} aria-label={`Select ${identityId}`} />{' '}
                    <code>{identityId}</code>
                  </label>
                  {entries.map((e) => (
                    <span key={e.changedAt} className={`sy-tag sy-${e.status}`}>
                      {e.operation} · {e.status}
                    </span>
                  ))}
                  <a
                    href={`/identities/${identityId}`}
                    onClick={(ev) => {
                      ev.preventDefault();
                      navigate(`/identities/${identityId}`);
                    }}
                  >
                    Open identity
                  </a>
                  <button type="button" onClick={() => discard.mutate(identityId)} disabled={discard.isPending} aria-label={`Discard the changes of ${identityId}`}>
                    Discard
                  </button>
                </div>
                {entries.map((e) => (
                  <div key={e.changedAt}>
                    {e.status === 'rejected' ? (
                      <p role="note" className="sy-rejected" data-testid="rejected-reason">
                        Kratos refused it: {e.lastError ?? 'no reason given'} — open the identity to fix it.
                      </p>
                    ) : null}
                    <table className="sy-diff" data-testid="pending-diff">
                      <thead>
                        <tr>
                          <th scope="col">Field</th>
                          <th scope="col">Before</th>
                          <th scope="col">After</th>
                        </tr>
                      </thead>
                      <tbody>
                        {e.changes.map((c) => (
                          <tr key={c.pointer}>
                            <td>
                              <code>{c.pointer}</code>
                            </td>
                            <td className="sy-before">{showValue(c.before)}</td>
                            <td className="sy-after">{showValue(c.after)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                    <p className="ib-muted">
                      Sends: <code data-testid="pending-sent">{whatIsSent(e)}</code> · changed {formatTimestamp(e.changedAt)}
                      {e.attempts > 0 ? ` · ${e.attempts} attempt(s)` : ''}
                    </p>
                  </div>
                ))}
              </li>
            ))}
          </ul>
        </>
      )}
      {discard.error ? <p role="alert">{messageOf(discard.error)}</p> : null}
    </section>
  );
};
