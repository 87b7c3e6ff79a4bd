import type { ReactNode } from 'react';
import type { AuditEntry } from '../../../shared/domain/audit';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { BOOKKEEPING, changeLines, shownValue } from './audit-view';
import { formatTimestamp } from './identity-view';
import './identity-browser.css';

export const ACTION_LABEL: Record<AuditEntry['action'], string> = {
  create: 'Created',
  update: 'Changed',
  delete: 'Deleted',
  revert: 'Reverted',
  import: 'Imported',
};

/** How many before → after lines an entry shows; a bulk change of more fields says how many it left out. */
const MAX_LINES = 8;

/** The fields a change touched, by their top two levels ("/traits/name"), for the entry's one-line summary. */
export const describeChange = (entry: AuditEntry): string => {
  if (!entry.patch || entry.patch.length === 0) return '';
  const paths = [...new Set(entry.patch.filter((op) => !BOOKKEEPING.has(op.path) && op.path !== '').map((op) => op.path.split('/').slice(0, 3).join('/')))];
  return paths.slice(0, 4).join(', ') + (paths.length > 4 ? ` and ${paths.length - 4} more` : '');
};

interface Props {
  entry: AuditEntry;
  /** Whose change it was, where the list spans identities (the per-identity history leaves it out). */
  identity?: ReactNode;
  /** More of the meta line (the operation it belongs to…). */
  meta?: ReactNode;
  /** The entry's actions (Revert, Undo delete). */
  children?: ReactNode;
}

/**
 * One audit entry as both histories show it (the identity's and the global one): what, which fields, before →
 * after per field, who and when.
 */
export const AuditEntryItem = ({ entry, identity, meta, children }: Props) => {
  const lines = changeLines(entry);
  return (
    <li className="ib-audit-entry" data-testid="audit-entry" data-change-id={entry.changeId} data-action={entry.action}>
      <span className="ib-audit-action">{ACTION_LABEL[entry.action]}</span>
      <span className="ib-audit-what">
        {identity}
        <span className="ib-mono ib-small">{describeChange(entry)}</span>
      </span>
      {lines.length > 0 ? (
        <ul className="ib-audit-values" aria-label={`Values of change ${entry.changeId}`}>
          {lines.slice(0, MAX_LINES).map((line) => (
            <li key={line.path} className="ib-mono ib-small">
              {line.path}: {shownValue(line.before)} → {shownValue(line.after)}
            </li>
          ))}
          {lines.length > MAX_LINES ? <li className="ib-muted ib-small">and {lines.length - MAX_LINES} more fields</li> : null}
        </ul>
      ) : null}
      <span className="ib-muted ib-small">
        change {entry.changeId} · by {entry.actor} · {formatTimestamp(entry.at)}
        {entry.reverts !== null ? ` · reverts change ${entry.reverts}` : ''}
        {meta}
      </span>
      <span className="ib-audit-actions">{children}</span>
    </li>
  );
};

/** Revert, offered on an update or a revert entry; `onRevert` asks for the confirmation. */
export const RevertButton = ({ entry, onRevert }: { entry: AuditEntry; onRevert: (entry: AuditEntry) => void }) =>
  entry.action === 'update' || entry.action === 'revert' ? (
    <button type="button" className="ib-small-button" aria-label={`Revert change ${entry.changeId}`} onClick={() => onRevert(entry)}>
      Revert
    </button>
  ) : null;

/** The one confirmation before a revert, on an identity's history and on the History screen. */
export const RevertConfirm = (props: { entry: AuditEntry | null; subject?: string; busy: boolean; onCancel: () => void; onConfirm: (changeId: number) => void }) => {
  const { entry } = props;
  return (
    <ConfirmDialog open={entry !== null} title="Revert this change?" confirmLabel="Revert" busy={props.busy} onCancel={props.onCancel} onConfirm={() => entry && props.onConfirm(entry.changeId)}>
      <p>
        The inverse of change {entry?.changeId} ({entry ? describeChange(entry) : ''}){props.subject ? ` to ${props.subject}` : ''} is applied as a new change. It is refused if a
        later change touched the same fields.
      </p>
    </ConfirmDialog>
  );
};

/** "Show older changes" under a paged history. */
export const OlderChanges = ({ pages, className }: { pages: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown }; className?: string }) =>
  pages.hasNextPage ? (
    <button type="button" className={className} onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
      {pages.isFetchingNextPage ? 'Loading…' : 'Show older changes'}
    </button>
  ) : null;
