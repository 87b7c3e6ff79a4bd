import type { MouseEvent } from 'react';
import type { Identity } from '../../../shared/domain/identity';
import { navigate } from '../../app/router';
import { displayName, formatTimestamp, identityLabel } from './identity-view';

interface Props {
  index: number;
  identity: Identity | undefined;
  active: boolean;
  selected: boolean;
  /** Whether the table has its Name column (name-column.ts); cells must match the header. */
  showName: boolean;
  onRowClick: (index: number, event: MouseEvent) => void;
  onToggle: (index: number, shift: boolean) => void;
}

export const rowDomId = (index: number): string => `identity-row-${index}`;

/**
 * One row. Every value is rendered as a React text node: traits are attacker-controlled, and
 * text nodes never become markup or links (safe rendering, acceptance point 6).
 */
export const IdentityRow = ({ index, identity, active, selected, showName, onRowClick, onToggle }: Props) => {
  if (!identity) {
    return (
      <div className="ib-row ib-row-loading" role="row" aria-rowindex={index + 2} id={rowDomId(index)} aria-busy="true">
        <span className="ib-skeleton" />
      </div>
    );
  }
  const name = showName ? displayName(identity.traits) : null;
  // aria-colindex of the cells after Name, which move left when the column is left out.
  const after = showName ? 4 : 3;
  const primary = identityLabel(identity);
  const href = `/identities/${encodeURIComponent(identity.id)}`;
  return (
    <div
      className={`ib-row${active ? ' ib-row-active' : ''}${selected ? ' ib-row-selected' : ''}`}
      role="row"
      id={rowDomId(index)}
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-identity-id={identity.id}
      onClick={(e) => onRowClick(index, e)}
      onDoubleClick={() => navigate(href)}
    >
      <span role="gridcell" className="ib-cell-check" aria-colindex={1}>
        <input
          type="checkbox"
          tabIndex={-1}
          aria-label={`Select ${primary}`}
          checked={selected}
          onClick={(e) => {
            e.stopPropagation();
            onToggle(index, e.shiftKey);
          }}
          onChange={() => undefined}
        />
      </span>
      <span role="gridcell" className="ib-cell-primary" title={primary} aria-colindex={2}>
        <a
          href={href}
          tabIndex={-1}
          onClick={(e) => {
            if (e.ctrlKey || e.metaKey || e.shiftKey) return;
            e.preventDefault();
            e.stopPropagation();
            navigate(href);
          }}
        >
          {primary}
        </a>
      </span>
      {showName ? (
        <span role="gridcell" className="ib-cell-name" title={name ?? undefined} aria-colindex={3}>
          {name ?? <span className="ib-muted">—</span>}
        </span>
      ) : null}
      <span role="gridcell" className="ib-cell-schema" title={identity.schema_id} aria-colindex={after}>
        {identity.schema_id}
      </span>
      <span role="gridcell" aria-colindex={after + 1}>
        <StateBadge state={identity.state} />
      </span>
      <span role="gridcell" className="ib-cell-date" aria-colindex={after + 2}>
        {formatTimestamp(identity.created_at)}
      </span>
      <span role="gridcell" className="ib-cell-date" aria-colindex={after + 3}>
        {formatTimestamp(identity.updated_at)}
      </span>
    </div>
  );
};

export const StateBadge = ({ state }: { state: Identity['state'] }) => (
  <span className={`ib-state ib-state-${state}`} data-testid="identity-state">
    {state === 'active' ? 'Active' : 'Inactive'}
  </span>
);
