import { useCallback, useRef, useState, type KeyboardEvent, type MouseEvent, type Ref } from 'react';
import type { SearchSort } from '../../../shared/domain/search';
import { navigate } from '../../app/router';
import { VirtualList, type VirtualListHandle } from '../../components/VirtualList';
import { IdentityRow, rowDomId } from './IdentityRow';
import { nextSort, type ListQuery } from './list-query';
import { isSelected, selectOnly, toggle, type Selection } from './selection';
import type { IdentityRows } from './use-identity-rows';

export const ROW_HEIGHT = 36;

interface Props {
  count: number;
  rows: IdentityRows;
  query: ListQuery;
  onSort: (sort: SearchSort, direction: 'asc' | 'desc') => void;
  selection: Selection;
  onSelection: (s: Selection) => void;
  /** Shift-click or Shift+arrow to `position` (from `from` when nothing is anchored): the page resolves the rows' ids. */
  onExtend: (position: number, from: number) => void;
  listRef: Ref<VirtualListHandle>;
  active: number;
  onActive: (index: number) => void;
  /** Whether any schema in scope has a name trait (use-name-column.ts). */
  showName: boolean;
}

interface Column {
  label: string;
  sort?: SearchSort;
}

const COLUMNS: Column[] = [
  { label: 'Identifier', sort: 'identifier' },
  { label: 'Name' },
  { label: 'Schema' },
  { label: 'State' },
  { label: 'Created', sort: 'created' },
  { label: 'Updated', sort: 'updated' },
];
const WITHOUT_NAME = COLUMNS.filter((c) => c.label !== 'Name');

/** The grid: sortable header, virtualized rows, keyboard navigation and multi-selection. */
export const IdentityTable = ({ count, rows, query, onSort, selection, onSelection, onExtend, listRef, active, onActive, showName }: Props) => {
  const columns = showName ? COLUMNS : WITHOUT_NAME;
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

  /** Moves the active row; with Shift, the selection follows it from the anchor (or from where it was). */
  const moveTo = (index: number, extend: boolean) => {
    const next = Math.max(0, Math.min(count - 1, index));
    onActive(next);
    if (extend) onExtend(next, active);
    handle.current?.reveal(next);
    setFocusTick((t) => t + 1);
  };

  // Selection is by identity (selection.ts); a shift-click's rows are resolved by the page, loaded or not.
  const idAt = (index: number) => rows.rowAt(index)?.id;
  const onRowClick = (index: number, e: MouseEvent) => {
    onActive(index);
    const id = idAt(index);
    if (e.shiftKey && selection.anchor !== null) onExtend(index, index);
    else if (id === undefined) return;
    else if (e.ctrlKey || e.metaKey) onSelection(toggle(selection, index, id));
    else onSelection(selectOnly(selection, index, id));
  };
  const onToggle = (index: number, shift: boolean) => {
    onActive(index);
    const id = idAt(index);
    if (shift && selection.anchor !== null) onExtend(index, index);
    else if (id !== undefined) onSelection(toggle(selection, index, id));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor((handle.current?.element()?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    const current = rows.rowAt(active);
    const targets: Record<string, number> = {
      ArrowDown: active + 1,
      ArrowUp: active - 1,
      PageDown: active + page,
      PageUp: active - page,
      Home: 0,
      End: count - 1,
    };
    const target = targets[e.key];
    if (target !== undefined) moveTo(target, e.shiftKey);
    else if (e.key === 'Enter') {
      if (current) navigate(`/identities/${encodeURIComponent(current.id)}`);
    } else if (e.key === ' ') {
      const id = idAt(active);
      if (id !== undefined) onSelection(toggle(selection, active, id));
    } else return;
    e.preventDefault();
  };

  return (
    <div
      className={`ib-table${showName ? '' : ' ib-table-no-name'}`}
      role="grid"
      aria-label="Identities"
      aria-rowcount={count + 1}
      aria-colcount={columns.length + 1}
      aria-multiselectable="true"
    >
      <div className="ib-row ib-header" role="row" aria-rowindex={1}>
        <span role="columnheader" className="ib-cell-check" aria-label="Selected" aria-colindex={1} />
        {columns.map((c, i) => {
          const sorted = c.sort !== undefined && query.sort === c.sort;
          return (
            <span
              key={c.label}
              role="columnheader"
              aria-colindex={i + 2}
              aria-sort={sorted ? (query.direction === 'asc' ? 'ascending' : 'descending') : undefined}
            >
              {c.sort ? (
                <button
                  type="button"
                  className="ib-sort"
                  onClick={() => {
                    const next = nextSort(query, c.sort!);
                    onSort(next.sort, next.direction);
                  }}
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
          'aria-label': 'Identity rows. Arrow keys move, Shift+arrows extend the selection, Enter opens, Space selects.',
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
              selected={identity !== undefined && isSelected(selection, identity.id)}
              showName={showName}
              onRowClick={onRowClick}
              onToggle={onToggle}
            />
          );
        }}
      />
    </div>
  );
};
