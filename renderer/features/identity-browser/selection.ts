/**
 * Selection of many rows for bulk work, keyed by identity (issue 13): the selected ids, or "every match of
 * this query" minus the ids taken out. Ids stay true when identities are added, edited or deleted and when the
 * list is sorted another way, so a selection survives those; it belongs to its query's filters, and reads as
 * empty under other filters. A range (shift-click, Shift+arrows) is given as positions and resolved to the ids
 * of those rows by the caller, which may have to load them. Pure, so it is unit-tested.
 */
export interface Selection {
  /** The filters (text, schema, state, dates; not the sort) whose matches these are. */
  query: string;
  /** `some`: the identities in `ids` are selected. `all-matches`: every match is, except those. */
  mode: 'some' | 'all-matches';
  ids: ReadonlySet<string>;
  /** Position of the last plain or toggle click: where shift-click and Shift+arrows extend from. */
  anchor: number | null;
  /** `ids` when the anchor was set. Extending again replaces the last extent, so Shift+↑ after Shift+↓ shrinks. */
  base: ReadonlySet<string>;
}

const NONE: ReadonlySet<string> = new Set();

export const emptySelection = (query: string): Selection => ({ query, mode: 'some', ids: NONE, anchor: null, base: NONE });

/** The selection as it applies to the list shown now: nothing, if it was made under other filters. */
export const selectionFor = (s: Selection, query: string): Selection => (s.query === query ? s : emptySelection(query));

export const isSelected = (s: Selection, id: string): boolean => s.ids.has(id) === (s.mode === 'some');

/** How many identities it covers, given how many match the query. */
export const selectedCount = (s: Selection, matches: number): number => (s.mode === 'some' ? s.ids.size : Math.max(0, matches - s.ids.size));

export const selectOnly = (s: Selection, position: number, id: string): Selection => {
  const ids = new Set([id]);
  return { query: s.query, mode: 'some', ids, anchor: position, base: ids };
};

/** Ctrl/⌘-click or Space: flips one identity and makes its row the anchor. */
export const toggle = (s: Selection, position: number, id: string): Selection => {
  const ids = new Set(s.ids);
  if (!ids.delete(id)) ids.add(id);
  return { ...s, ids, anchor: position, base: ids };
};

/** The positions a shift-click or Shift+arrow to `position` covers: from the anchor, else from `from` (the active row). */
export const extentOf = (s: Selection, position: number, from: number = position): [number, number] => {
  const anchor = s.anchor ?? from;
  return anchor <= position ? [anchor, position] : [position, anchor];
};

/**
 * Shift-click or Shift+arrow, once the rows of `extentOf` are known: those identities are selected on top of what
 * was selected when the anchor was set (taken out of the exclusions under "all matches").
 */
export const extendWith = (s: Selection, extentIds: readonly string[], from: number): Selection => {
  const anchor = s.anchor ?? from;
  const base = s.anchor === null ? s.ids : s.base;
  const ids = new Set(base);
  for (const id of extentIds) {
    if (s.mode === 'some') ids.add(id);
    else ids.delete(id);
  }
  return { ...s, ids, anchor, base };
};

export const selectAllMatches = (s: Selection): Selection => ({ query: s.query, mode: 'all-matches', ids: NONE, anchor: null, base: NONE });
