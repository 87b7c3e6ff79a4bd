import { useQuery } from '@tanstack/react-query';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { queryKeys, useApi } from '../../api/use-api';
import { navigate } from '../../app/router';
import type { VirtualListHandle } from '../../components/VirtualList';
import { IdentityTable } from './IdentityTable';
import { hasFilters, toSearchQuery } from './list-query';
import { ListToolbar } from './ListToolbar';
import { BulkEditDialog } from '../operations';
import type { OperationTarget, TargetQuery } from '../../../shared/domain/operations';
import type { SearchQuery } from '../../../shared/domain/search';
import type { Api } from '../../../shared/api';
import { emptySelection, extendWith, extentOf, selectAllMatches, selectedCount, selectionFor, type Selection } from './selection';
import type { IdentityRows } from './use-identity-rows';
import { placeOf, rememberPlace, type ListPlace } from './list-place';
import { ExportDialog } from '../transfer/ExportDialog';
import { UndoDeleteBar } from './UndoDeleteBar';
import { useIdentityRows } from './use-identity-rows';
import { useListQuery } from './use-list-query';
import { useNameColumn } from './use-name-column';
import { useSlashToSearch } from './use-shortcuts';

const numberFormat = new Intl.NumberFormat();

/** `/identities`: find people among a million, by keyset pages through the store's search index. */
export const IdentityListPage = () => {
  const api = useApi();
  const [query, setQuery] = useListQuery();
  const search = useMemo(() => toSearchQuery(query), [query]);
  const key = JSON.stringify(search);
  const counts = useQuery({
    queryKey: [...queryKeys.identities, 'count', key],
    queryFn: () => api.search.count(search),
    placeholderData: (previous) => previous,
  });
  // A quick count of a common fragment is a lower bound ("≥ 10,000"); the exact one follows within about a second.
  const lowerBound = counts.data !== undefined && !counts.data.exact && !counts.isPlaceholderData;
  const exactCounts = useQuery({
    queryKey: [...queryKeys.identities, 'count', key, 'exact'],
    queryFn: () => api.search.count(search, { exact: true }),
    enabled: lowerBound,
  });
  const rows = useIdentityRows(search);
  // A selection is of identities (selection.ts): edits, imports and another sort leave it as it is; other
  // filters are another set of matches, under which it reads as empty.
  const filters = useMemo(() => filtersOf(search), [search]);
  const selectionKey = JSON.stringify(filters);
  const [chosen, setChosen] = useState<Selection>(() => emptySelection(selectionKey));
  const selection = selectionFor(chosen, selectionKey);
  const [rangeNote, setRangeNote] = useState<string | null>(null);
  const [bulkOpen, setBulkOpen] = useState(false);
  const extendSeq = useRef(0);
  const setSelection = (s: Selection) => {
    extendSeq.current++;
    setRangeNote(null);
    setChosen(s);
  };
  /** Shift-click or Shift+arrow: the rows between are resolved to identities, loading those not on screen. */
  const onExtend = (position: number, from: number) => {
    const [lo, hi] = extentOf(selection, position, from);
    const mine = ++extendSeq.current;
    if (hi - lo + 1 > MAX_RANGE) {
      setRangeNote(`A range of more than ${numberFormat.format(MAX_RANGE)} rows is not listed one by one: use “Select all matches” and take rows out instead.`);
      return;
    }
    setRangeNote(null);
    void idsBetween(api, search, rows, lo, hi).then(
      (ids) => {
        if (mine === extendSeq.current) setChosen((current) => extendWith(selectionFor(current, selectionKey), ids, from));
      },
      (err: unknown) => {
        if (mine === extendSeq.current) setRangeNote(`The rows of that range could not be loaded: ${err instanceof Error ? err.message : 'error'}`);
      },
    );
  };
  const bulkTarget: OperationTarget =
    selection.mode === 'all-matches' ? { query: filters, ...(selection.ids.size > 0 ? { except: [...selection.ids] } : {}) } : { ids: [...selection.ids] };
  const showName = useNameColumn(query.schemaId);
  // Coming back from an identity (Esc, Back): the place this query's list had (list-place.ts).
  const restore = useRef<ListPlace | null>(placeOf(key));
  const [active, setActive] = useState(() => restore.current?.active ?? 0);
  const searchRef = useRef<HTMLInputElement>(null);
  const list = useRef<VirtualListHandle | null>(null);
  useSlashToSearch(searchRef);
  const activeNow = useRef(active);
  activeNow.current = active;

  // A new query is a new list: start at its top (unless this is the return to a place kept for it).
  const returning = useRef(restore.current !== null);
  useEffect(() => {
    if (returning.current) {
      returning.current = false;
      return;
    }
    restore.current = null;
    setActive(0);
    list.current?.scrollToTop();
  }, [key]);
  // Leaving the list (opening an identity) keeps its place; read before the list's DOM goes away.
  const scroller = useRef<HTMLDivElement | null>(null);
  useLayoutEffect(() => {
    scroller.current = list.current?.element() ?? scroller.current;
  });
  useLayoutEffect(
    () => () => {
      const el = scroller.current;
      if (el) rememberPlace(key, { scrollTop: el.scrollTop, active: activeNow.current, focused: document.activeElement === el });
    },
    [key],
  );

  const best = lowerBound && exactCounts.data ? exactCounts.data : counts.data;
  const filtered = best?.filtered ?? 0;
  const exact = best?.exact ?? true;
  const count = exact ? filtered : Math.max(filtered, rows.knownRows);
  const selected = selectedCount(selection, count);
  // The kept place is put back once the list is as long as it was (the counts come from the cache at once).
  useLayoutEffect(() => {
    const place = restore.current;
    const el = list.current?.element();
    if (place === null || !el || count === 0) return;
    restore.current = null;
    el.scrollTop = place.scrollTop;
    if (place.focused) el.focus({ preventScroll: true });
  }, [count]);
  const focusList = () => list.current?.element()?.focus();
  const [exporting, setExporting] = useState(false);

  return (
    <section className="ib-list-page" aria-labelledby="ib-list-title">
      <header className="ib-page-head">
        <h1 id="ib-list-title">Identities</h1>
        <p className="ib-counts" aria-live="polite">
          {best ? (
            <>
              <strong data-testid="identity-count-filtered" data-exact={exact ? 'true' : 'false'}>
                {exact ? '' : '≥ '}
                {numberFormat.format(filtered)}
              </strong>{' '}
              {hasFilters(query) ? 'matching' : 'shown'} of{' '}
              <span data-testid="identity-count-total">{numberFormat.format(best.total)}</span> identities
              {exact ? null : <span className="ib-muted"> (counting…)</span>}
            </>
          ) : (
            'Counting…'
          )}
        </p>
        <button type="button" onClick={() => setExporting(true)} disabled={!best || count === 0}>
          Export {best ? `${exact ? '' : '≥ '}${numberFormat.format(count)}` : ''} {count === 1 && exact ? 'match' : 'matches'}…
        </button>
        <button type="button" className="button-primary" onClick={() => navigate('/identities/new')}>
          New identity
        </button>
      </header>
      <UndoDeleteBar />
      <ExportDialog open={exporting} query={search} count={count} exact={exact} onClose={() => setExporting(false)} />
      <ListToolbar query={query} onChange={setQuery} searchRef={searchRef} onSearchArrowDown={focusList} />
      <div className="ib-selection-bar" role="status" aria-label="Selection">
        {selected > 0 ? (
          <>
            <span data-testid="selection-count">
              {numberFormat.format(selected)} selected{selection.mode === 'all-matches' ? ' (all matches)' : ''}
            </span>
            {selection.mode === 'some' && count > selected ? (
              <button type="button" onClick={() => setSelection(selectAllMatches(selection))}>
                Select all {numberFormat.format(count)} matches
              </button>
            ) : null}
            <button type="button" onClick={() => setSelection(emptySelection(selectionKey))}>
              Clear selection
            </button>
            <button type="button" className="button-primary" onClick={() => setBulkOpen(true)}>
              Bulk edit…
            </button>
            {rangeNote ? <span role="alert">{rangeNote}</span> : null}
          </>
        ) : rangeNote ? (
          <span role="alert">{rangeNote}</span>
        ) : (
          <span className="ib-muted">
            Click to select, Shift-click or Shift+arrows for a range, Ctrl/⌘-click to add. Enter or double-click opens.
          </span>
        )}
      </div>
      {counts.error || exactCounts.error || rows.error ? (
        <div role="alert" className="panel error-panel ib-state-panel">
          <h2>The identities could not be loaded</h2>
          <p>{(counts.error ?? exactCounts.error ?? rows.error)?.message}</p>
          <button
            type="button"
            onClick={() => {
              void counts.refetch();
              if (exactCounts.error) void exactCounts.refetch();
              rows.retry();
            }}
          >
            Try again
          </button>
        </div>
      ) : best && count === 0 ? (
        <EmptyState
          filtered={hasFilters(query)}
          total={best.total}
          onClear={() => setQuery({ text: '', schemaId: '', state: '', createdFrom: '', createdTo: '', updatedFrom: '', updatedTo: '' })}
        />
      ) : (
        <IdentityTable
          count={count}
          rows={rows}
          query={query}
          onSort={(sort, direction) => setQuery({ sort, direction })}
          selection={selection}
          onSelection={setSelection}
          onExtend={onExtend}
          listRef={list}
          active={active}
          onActive={setActive}
          showName={showName}
        />
      )}
      {bulkOpen ? <BulkEditDialog open target={bulkTarget} count={selected} onClose={() => setBulkOpen(false)} /> : null}
    </section>
  );
};

/** Rows a shift-click may list one by one; beyond, "all matches" minus exceptions is the way. */
const MAX_RANGE = 50_000;
const PAGE = 500;

/** The query without its sort: the set of matches a selection and a bulk edit's target are about. */
const filtersOf = (q: SearchQuery): TargetQuery => {
  const { sort: _sort, direction: _direction, limit: _limit, after: _after, position: _position, ...filters } = q;
  return filters;
};

/** The ids of the rows at positions lo..hi: from the loaded blocks when all are there, else read in pages. */
const idsBetween = async (api: Api, search: SearchQuery, rows: IdentityRows, lo: number, hi: number): Promise<string[]> => {
  const loaded: string[] = [];
  for (let i = lo; i <= hi; i++) {
    const id = rows.rowAt(i)?.id;
    if (id === undefined) break;
    loaded.push(id);
  }
  if (loaded.length === hi - lo + 1) return loaded;
  const out: string[] = [];
  let page = await api.search.query({ ...search, position: lo, limit: Math.min(PAGE, hi - lo + 1) });
  for (;;) {
    for (const item of page.items) if (out.length < hi - lo + 1) out.push(item.id);
    if (out.length >= hi - lo + 1 || page.next === null) return out;
    page = await api.search.query({ ...search, after: page.next, limit: Math.min(PAGE, hi - lo + 1 - out.length) });
  }
};

const EmptyState = ({ filtered, total, onClear }: { filtered: boolean; total: number; onClear: () => void }) => (
  <div className="panel ib-state-panel" role="status" data-testid="identity-list-empty">
    {filtered && total > 0 ? (
      <>
        <h2>No identity matches</h2>
        <p>Nothing among {numberFormat.format(total)} identities matches this search and these filters.</p>
        <button type="button" onClick={onClear}>
          Clear search and filters
        </button>
      </>
    ) : (
      <>
        <h2>No identities yet</h2>
        <p>
          Create one, import a file (CLI: <code>identity-desk import</code>) or pull from a Kratos server.
        </p>
        <button type="button" className="button-primary" onClick={() => navigate('/identities/new')}>
          New identity
        </button>
      </>
    )}
  </div>
);
