/**
 * The global history's filters as they live in the URL (`/history?action=delete&operation=…`), so a filtered
 * view survives reload and the Operations screen can link to one operation's changes.
 */
import type { AuditAction, AuditListQuery } from '../../../shared/domain/audit';
import { AUDIT_ACTIONS } from '../../../shared/domain/audit';

export interface HistoryFilter {
  action: AuditAction | '';
  /** An operation id as typed or linked; '' for every operation. */
  operation: string;
}

export const EMPTY_FILTER: HistoryFilter = { action: '', operation: '' };

/** The contract's bound on ids (shared/api/params idParam): longer text could never match. */
const MAX_ID = 200;

export const parseHistoryFilter = (search: URLSearchParams): HistoryFilter => {
  const action = search.get('action');
  return {
    action: AUDIT_ACTIONS.find((a) => a === action) ?? '',
    operation: (search.get('operation') ?? '').trim().slice(0, MAX_ID),
  };
};

/** `?action=…&operation=…` with only what is set ('' when nothing is). */
export const historySearch = (filter: HistoryFilter): string => {
  const params = new URLSearchParams();
  if (filter.action) params.set('action', filter.action);
  const operation = filter.operation.trim();
  if (operation) params.set('operation', operation.slice(0, MAX_ID));
  const text = params.toString();
  return text ? `?${text}` : '';
};

/** The filter as the query audit.list takes (without the page cursor). */
export const historyQuery = (filter: HistoryFilter, limit: number): AuditListQuery => ({
  limit,
  ...(filter.action ? { action: filter.action } : {}),
  ...(filter.operation.trim() ? { operationId: filter.operation.trim().slice(0, MAX_ID) } : {}),
});

/** Change ids some loaded revert undid: their entries say "undone" instead of offering the undo again. */
export const revertedIds = (entries: readonly { reverts: number | null }[]): Set<number> =>
  new Set(entries.flatMap((e) => (e.reverts === null ? [] : [e.reverts])));
