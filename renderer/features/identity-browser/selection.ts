/**
 * Selection of many rows for bulk work: explicit ids, or "every match of the query" minus
 * exclusions, so selecting a million rows costs nothing. Pure, so it is unit-tested.
 */
export interface Selection {
  mode: 'ids' | 'all-matches';
  /** Selected ids in `ids` mode; excluded ids in `all-matches` mode. */
  ids: ReadonlySet<string>;
  /** Row index of the last plain or toggle click, for shift-click ranges. */
  anchor: number | null;
}

export const EMPTY_SELECTION: Selection = { mode: 'ids', ids: new Set(), anchor: null };

export const isSelected = (s: Selection, id: string): boolean => (s.mode === 'ids' ? s.ids.has(id) : !s.ids.has(id));

export const selectedCount = (s: Selection, matches: number): number => (s.mode === 'ids' ? s.ids.size : Math.max(0, matches - s.ids.size));

export const selectOnly = (index: number, id: string): Selection => ({ mode: 'ids', ids: new Set([id]), anchor: index });

export const toggle = (s: Selection, index: number, id: string): Selection => {
  const ids = new Set(s.ids);
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { ...s, ids, anchor: index };
};

/** Shift-click: everything between the anchor and this row joins the selection (ids given by the caller). */
export const extendTo = (s: Selection, index: number, idsInRange: readonly string[]): Selection => {
  const ids = new Set(s.ids);
  for (const id of idsInRange) {
    if (s.mode === 'ids') ids.add(id);
    else ids.delete(id);
  }
  return { mode: s.mode, ids, anchor: s.anchor ?? index };
};

export const selectAllMatches = (): Selection => ({ mode: 'all-matches', ids: new Set(), anchor: null });
