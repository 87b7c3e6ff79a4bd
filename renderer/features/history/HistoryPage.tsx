import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { AuditEntry } from '../../../shared/domain/audit';
import { AUDIT_ACTIONS } from '../../../shared/domain/audit';
import { messageOf } from '../../api/error-details';
import { queryKeys, useApi } from '../../api/use-api';
import { navigate, useLocation } from '../../app/router';
import { useDebouncedValue } from '../../components/use-debounced-value';
import { entryIdentityLabel } from '../identity-browser/audit-view';
import { ACTION_LABEL, AuditEntryItem, OlderChanges, RevertButton, RevertConfirm } from '../identity-browser/AuditEntryView';
import { historyQuery, historySearch, parseHistoryFilter, revertedIds, type HistoryFilter } from './history-filter';
import './history.css';

const PAGE = 50;
const numberFormat = new Intl.NumberFormat();

/** An operation id in the meta line, short: the whole id is in its title and the filter it sets. */
const shortId = (id: string): string => (id.length > 12 ? `${id.slice(0, 8)}…` : id);

/**
 * `/history`: every change across identities, newest first and paged, filtered by action and by operation
 * (issue 16 §7). A delete can be undone from here: the audit's revert restores the whole stored record.
 */
export const HistoryPage = () => {
  const api = useApi();
  const queries = useQueryClient();
  const { search } = useLocation();
  const filter = parseHistoryFilter(search);
  const setFilter = (next: HistoryFilter) => navigate(`/history${historySearch(next)}`, { replace: true });

  // The operation box follows the URL (a link from Operations, Back) and writes it once typing pauses.
  const [operationText, setOperationText] = useState(filter.operation);
  const typed = useDebouncedValue(operationText, 250);
  useEffect(() => setOperationText(filter.operation), [filter.operation]);
  useEffect(() => {
    if (typed.trim() !== filter.operation) setFilter({ ...filter, operation: typed });
    // Only a pause in typing writes the URL (deliberately keyed on `typed` alone): a URL change must not write it back.
  }, [typed]);

  const history = useInfiniteQuery({
    queryKey: [...queryKeys.identities, 'audit', 'all', filter.action, filter.operation],
    queryFn: ({ pageParam }) => api.audit.list({ ...historyQuery(filter, PAGE), ...(pageParam === null ? {} : { before: pageParam }) }),
    initialPageParam: null as number | null,
    getNextPageParam: (page) => page.next,
  });
  const items = history.data?.pages.flatMap((p) => p.items) ?? [];
  const undone = revertedIds(items);

  const [confirm, setConfirm] = useState<AuditEntry | null>(null);
  const revert = useMutation({
    mutationFn: (changeId: number) => api.audit.revert(changeId),
    onSettled: () => {
      setConfirm(null);
      void queries.invalidateQueries({ queryKey: queryKeys.identities });
    },
  });

  const filtered = filter.action !== '' || filter.operation !== '';
  return (
    <section className="hist-page" aria-labelledby="hist-title">
      <header className="ib-page-head">
        <h1 id="hist-title">History</h1>
        <p className="ib-muted hist-lead">Every change to every identity, newest first. Revert a change, or bring back a deleted identity.</p>
      </header>
      <div className="ib-toolbar hist-toolbar" role="search" aria-label="Filter the history">
        <label className="ib-filter">
          <span>Action</span>
          {/* Named explicitly: a wrapping label's name would also carry every option's text. */}
          <select aria-label="Action" value={filter.action} onChange={(e) => setFilter({ ...filter, action: AUDIT_ACTIONS.find((a) => a === e.target.value) ?? '' })}>
            <option value="">All actions</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {ACTION_LABEL[a]}
              </option>
            ))}
          </select>
        </label>
        <label className="ib-filter hist-operation">
          <span>Operation</span>
          <input
            type="search"
            aria-label="Operation"
            value={operationText}
            placeholder="operation id (bulk edit, import, undo…)"
            spellCheck={false}
            onChange={(e) => setOperationText(e.target.value)}
            onKeyDown={(e) => {
              // Enter filters at once instead of waiting for the pause.
              if (e.key === 'Enter') setFilter({ ...filter, operation: operationText });
            }}
          />
        </label>
        {filtered ? (
          <button type="button" onClick={() => setFilter({ action: '', operation: '' })}>
            Clear filters
          </button>
        ) : null}
        <p className="ib-counts" role="status" data-testid="history-count">
          {history.isPending ? 'Loading…' : `${numberFormat.format(items.length)}${history.hasNextPage ? '+' : ''} ${items.length === 1 ? 'change' : 'changes'}${filtered ? ' match' : ''}`}
        </p>
      </div>
      {revert.error ? (
        <p role="alert" className="ib-field-error" data-testid="history-error">
          {messageOf(revert.error)}
        </p>
      ) : null}
      {history.error ? (
        <p role="alert" className="panel error-panel">
          The history could not be loaded: {history.error.message}
        </p>
      ) : null}
      {!history.isPending && items.length === 0 && !history.error ? (
        <p className="panel">{filtered ? 'No change matches these filters.' : 'No changes recorded yet.'}</p>
      ) : null}
      <ol className="ib-audit-list hist-list" data-testid="history-list" aria-label="All changes">
        {items.map((entry) => {
          const label = entryIdentityLabel(entry);
          const gone = entry.identityLabel === null;
          return (
            <AuditEntryItem
              key={entry.changeId}
              entry={entry}
              identity={
                gone ? (
                  <span className="hist-identity" title={entry.identityId}>
                    {label} <span className="ib-muted">(deleted)</span>
                  </span>
                ) : (
                  <a
                    className="hist-identity"
                    href={`/identities/${encodeURIComponent(entry.identityId)}`}
                    title={entry.identityId}
                    onClick={(e) => {
                      e.preventDefault();
                      navigate(`/identities/${encodeURIComponent(entry.identityId)}`);
                    }}
                  >
                    {label}
                  </a>
                )
              }
              meta={
                <>
                  {' · operation '}
                  <button
                    type="button"
                    className="hist-link-button"
                    title={entry.operationId}
                    aria-label={`Show only operation ${entry.operationId}`}
                    onClick={() => setFilter({ ...filter, operation: entry.operationId })}
                  >
                    {shortId(entry.operationId)}
                  </button>
                </>
              }
            >
              {undone.has(entry.changeId) ? (
                <span className="ib-muted ib-small">undone</span>
              ) : entry.action === 'delete' && !gone ? (
                // Its revert is not among the loaded entries (another filter), but the identity is there again.
                <span className="ib-muted ib-small">restored</span>
              ) : null}
              {entry.action === 'delete' && gone && !undone.has(entry.changeId) ? (
                <button
                  type="button"
                  className="ib-small-button"
                  aria-label={`Undo delete of ${label}`}
                  disabled={revert.isPending}
                  onClick={() => revert.mutate(entry.changeId)}
                >
                  Undo delete
                </button>
              ) : null}
              {!gone && !undone.has(entry.changeId) ? <RevertButton entry={entry} onRevert={setConfirm} /> : null}
            </AuditEntryItem>
          );
        })}
      </ol>
      <OlderChanges pages={history} className="hist-more" />
      <RevertConfirm
        entry={confirm}
        {...(confirm ? { subject: entryIdentityLabel(confirm) } : {})}
        busy={revert.isPending}
        onCancel={() => setConfirm(null)}
        onConfirm={(id) => revert.mutate(id)}
      />
    </section>
  );
};
