import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { AuditEntry } from '../../../shared/domain/audit';
import { queryKeys, useApi } from '../../api/use-api';
import { AuditEntryItem, OlderChanges, RevertButton, RevertConfirm } from './AuditEntryView';

/** The identity's audit trail, newest first, with revert (applied as a new audited change). */
export const AuditHistory = ({ identityId }: { identityId: string }) => {
  const api = useApi();
  const queries = useQueryClient();
  // Pages of 50, newest first; "Show older changes" follows the keyset cursor past them.
  const history = useInfiniteQuery({
    queryKey: [...queryKeys.identities, 'audit', identityId],
    queryFn: ({ pageParam }) => api.audit.list({ identityId, limit: 50, ...(pageParam === null ? {} : { before: pageParam }) }),
    initialPageParam: null as number | null,
    getNextPageParam: (page) => page.next,
  });
  const items = history.data?.pages.flatMap((p) => p.items) ?? [];
  const [confirm, setConfirm] = useState<AuditEntry | null>(null);
  const revert = useMutation({
    mutationFn: (changeId: number) => api.audit.revert(changeId),
    onSettled: () => {
      setConfirm(null);
      void queries.invalidateQueries({ queryKey: queryKeys.identities });
    },
  });

  if (history.isPending) return <p aria-busy="true">Loading history…</p>;
  if (history.error) return <p role="alert">The history could not be loaded: {history.error.message}</p>;
  return (
    <div className="ib-audit">
      {revert.error ? (
        <p role="alert" className="ib-field-error">
          {revert.error.message}
        </p>
      ) : null}
      {items.length === 0 ? <p className="ib-muted">No recorded changes.</p> : null}
      <ol className="ib-audit-list" data-testid="audit-list" aria-label="Change history">
        {items.map((entry) => (
          <AuditEntryItem key={entry.changeId} entry={entry}>
            <RevertButton entry={entry} onRevert={setConfirm} />
          </AuditEntryItem>
        ))}
      </ol>
      <OlderChanges pages={history} />
      <RevertConfirm entry={confirm} busy={revert.isPending} onCancel={() => setConfirm(null)} onConfirm={(id) => revert.mutate(id)} />
    </div>
  );
};
