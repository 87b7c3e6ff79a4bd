/**
 * Selection of many rows for bulk work, by position in the list of one query (filters and sort):
 * spans of positions, or "every match" minus spans. Nothing has to be loaded to select or count, so
 * a shift-click from row 10 to row 900,000 is exact. Positions mean nothing under another query, so
 * a selection belongs to its query's snapshot key and reads as empty under any other.
 * Pure, so it is unit-tested.
 */
import { addRange, rangesContain, rangesSize, removeRange, span, type Ranges } from './position-ranges';

export interface Selection {
  /** The query (filters and sort) whose positions these are. */
  snapshot: string;
  /** `some`: the positions in `ranges` are selected. `all-matches`: every match is, except those. */
  mode: 'some' | 'all-matches';
  ranges: Ranges;
  /** Position of the last plain or toggle click: where shift-click and Shift+arrows extend from. */
  anchor: number | null;
  /** `ranges` when the anchor was set. Extending again replaces the last extent, so Shift+↑ after Shift+↓ shrinks. */
  base: Ranges;
}

export const emptySelection = (snapshot: string): Selection => ({ snapshot, mode: 'some', ranges: [], anchor: null, base: [] });

/** The selection as it applies to the list shown now: nothing, if it was made under another query or sort. */
export const selectionFor = (s: Selection, snapshot: string): Selection => (s.snapshot === snapshot ? s : emptySelection(snapshot));

export const isSelected = (s: Selection, position: number): boolean => rangesContain(s.ranges, position) === (s.mode === 'some');

/** Exact for any selection, given how many rows match (positions past the end do not count). */
export const selectedCount = (s: Selection, matches: number): number => {
  const covered = rangesSize(s.ranges, matches);
  return s.mode === 'some' ? covered : matches - covered;
};

export const selectOnly = (s: Selection, position: number): Selection => {
  const ranges = [span(position, position)];
  return { snapshot: s.snapshot, mode: 'some', ranges, anchor: position, base: ranges };
};

/** Ctrl/⌘-click or Space: flips one row and makes it the anchor. */
export const toggle = (s: Selection, position: number): Selection => {
  const one = span(position, position);
  const ranges = rangesContain(s.ranges, position) ? removeRange(s.ranges, one) : addRange(s.ranges, one);
  return { ...s, ranges, anchor: position, base: ranges };
};

/**
 * Shift-click or Shift+arrow: every row from the anchor to `position` is selected, on top of what was
 * selected when the anchor was set. Without an anchor, `from` becomes it (the keyboard's active row).
 */
export const extendTo = (s: Selection, position: number, from: number = position): Selection => {
  const anchor = s.anchor ?? from;
  const base = s.anchor === null ? s.ranges : s.base;
  const extent = span(anchor, position);
  const ranges = s.mode === 'some' ? addRange(base, extent) : removeRange(base, extent);
  return { ...s, ranges, anchor, base };
};

export const selectAllMatches = (s: Selection): Selection => ({
  snapshot: s.snapshot,
  mode: 'all-matches',
  ranges: [],
  anchor: null,
  base: [],
});
