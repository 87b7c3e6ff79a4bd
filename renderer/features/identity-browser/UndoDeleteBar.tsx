import { useMutation, useQueryClient } from '@tanstack/react-query';
import { messageOf } from '../../api/error-details';
import { queryKeys, useApi } from '../../api/use-api';
import { navigate } from '../../app/router';
import { dismissUndo, useDeletedIdentity } from './undo-delete';

/**
 * "Deleted … Undo" on the list for a few seconds after a delete (issue 16 §7). Undo is the audit's revert of the
 * delete: the identity comes back byte for byte (same hash, verified addresses, ids and timestamps).
 */
export const UndoDeleteBar = () => {
  const api = useApi();
  const queries = useQueryClient();
  const deleted = useDeletedIdentity();
  const undo = useMutation({
    mutationFn: (changeId: number) => api.audit.revert(changeId),
    onSuccess: () => {
      const id = deleted?.identityId;
      dismissUndo();
      void queries.invalidateQueries({ queryKey: queryKeys.identities });
      if (id) navigate(`/identities/${encodeURIComponent(id)}`);
    },
  });
  if (deleted === null) return null;
  return (
    <div className="panel ib-undo" role="status" data-testid="undo-delete">
      Deleted <strong>{deleted.label}</strong>.{' '}
      <button type="button" onClick={() => undo.mutate(deleted.changeId)} disabled={undo.isPending}>
        Undo
      </button>{' '}
      <button type="button" className="ib-small-button" aria-label="Dismiss" onClick={dismissUndo}>
        ×
      </button>
      {undo.error ? <span role="alert"> {messageOf(undo.error)}</span> : null}
    </div>
  );
};
