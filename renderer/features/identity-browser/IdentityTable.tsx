import { useCallback, useRef, useState, type KeyboardEvent, type MouseEvent, type Ref } from 'react';
import type { Identity } from '../../../shared/domain/identity';
import type { SearchSort } from '../../../shared/domain/search';
import { navigate } from '../../app/router';
import { VirtualList, type VirtualListHandle } from '../../components/VirtualList';
import { IdentityRow, rowDomId } from './IdentityRow';
import type { ListQuery } from './list-query';
import { extendTo, isSelected, selectOnly, toggle, type Selection } from './selection';
import type { IdentityRows } from './use-identity-rows';

export const ROW_HEIGHT = 36;

interface Props {
  count: number;
  rows: IdentityRows;
  query: ListQuery;
  onSort: (sort: SearchSort, direction: 'asc' | 'desc') => void;
  selection: Selection;
  onSelection: (s: Selection) => void;
  listRef: Ref<VirtualListHandle>;
  active: number;
  onActive: (index: number) => void;
}

const COLUMNS: { label: string; sort?: SearchSort; className?: string }[] = [
  { label: 'Identifier', sort: 'identifier' },
  { label: 'Name' },
  { label: 'Schema' },
  { label: 'State' },
  { label: 'Created', sort: 'created' },
  { label: 'Updated', sort: 'updated' },
];

/** The grid: sortable header, virtualized rows, keyboard navigation and multi-selection. */
export const IdentityTable = ({ count, rows, query, onSort, selection, onSelection, listRef, active, onActive }: Props) => {
  const handle = useRef<VirtualListHandle | null>(null);
  const [, setFocusTick] = useState(0);
  const setHandle = useCallback(
    (h: VirtualListHandle | null) => {
      handle.current = h;
      if (typeof listRef === 'function') listRef(h);
      else if (listRef) listRef.current = h;
    },
    [listRef],
  );

  const idsBetween = (a: number, b: number): string[] => {
    const ids: string[] = [];
    for (let i = Math.min(a, b); i <= Math.max(a, b); i++) {
      const id = rows.rowAt(i)?.id;
      if (id) ids.push(id);
    }
    return ids;
  };

  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(count - 1, index));
    onActive(next);
    handle.current?.reveal(next);
    setFocusTick((t) => t + 1);
  };

  const onRowClick = (index: number, identity: Identity, e: MouseEvent) => {
    onActive(index);
    if (e.shiftKey && selection.anchor !== null) onSelection(extendTo(selection, index, idsBetween(selection.anchor, index)));
    else if (e.ctrlKey || e.metaKey) onSelection(toggle(selection, index, identity.id));
    else onSelection(selectOnly(index, identity.id));
  };
  const onToggle = (index: number, identity: Identity, shift: boolean) => {
    onActive(index);
    if (shift && selection.anchor !== null) onSelection(extendTo(selection, index, idsBetween(selection.anchor, index)));
    else onSelection(toggle(selection, index, identity.id));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor((handle.current?.element()?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    const current = rows.rowAt(active);
    switch (e.key) {
      case 'ArrowDown':
        moveTo(active + 1);
        break;
      case 'ArrowUp':
        moveTo(active - 1);
        break;
      case 'PageDown':
        moveTo(active + page);
        break;
      case 'PageUp':
        moveTo(active - page);
        break;
      case 'Home':
        moveTo(0);
        break;
      case 'End':
        moveTo(count - 1);
        break;
      case 'Enter':
        if (current) navigate(`/identities/${encodeURIComponent(current.id)}`);
        break;
      case ' ':
        if (current) onSelection(toggle(selection, active, current.id));
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  return (
    <div className="ib-table" role="grid" aria-label="Identities" aria-rowcount={count + 1} aria-multiselectable="true">
      <div className="ib-row ib-header" role="row" aria-rowindex={1}>
        <span role="columnheader" className="ib-cell-check" aria-label="Selected" />
        {COLUMNS.map((c) => {
          const sorted = c.sort !== undefined && query.sort === c.sort;
          return (
            <span key={c.label} role="columnheader" aria-sort={sorted ? (query.direction === 'asc' ? 'ascending' : 'descending') : undefined}>
              {c.sort ? (
                <button
                  type="button"
                  className="ib-sort"
                  onClick={() => onSort(c.sort!, sorted && query.direction === 'desc' ? 'asc' : 'desc')}
                >
                  {c.label}
                  <span aria-hidden="true" className="ib-sort-mark">
                    {sorted ? (query.direction === 'asc' ? '▲' : '▼') : ''}
                  </span>
                </button>
              ) : (
                c.label
              )}
            </span>
          );
        })}
      </div>
      <VirtualList
        ref={setHandle}
        count={count}
        rowHeight={ROW_HEIGHT}
        onRangeChange={rows.setRange}
        className="ib-body"
        scrollerProps={{
          tabIndex: 0,
          role: 'rowgroup',
          'aria-label': 'Identity rows. Arrow keys move, Enter opens, Space selects.',
          'aria-activedescendant': count > 0 ? rowDomId(active) : undefined,
          'data-testid': 'identity-rows',
          onKeyDown,
        }}
        renderRow={(index) => {
          const identity = rows.rowAt(index);
          return (
            <IdentityRow
              index={index}
              identity={identity}
              active={index === active}
              selected={identity ? isSelected(selection, identity.id) : false}
              onRowClick={onRowClick}
              onToggle={onToggle}
            />
          );
        }}
      />
    </div>
  );
};
