import { describe, expect, it } from 'vitest';
import { addRange, rangesContain, rangesSize, removeRange, span } from '../../../renderer/features/identity-browser/position-ranges';
import {
  emptySelection,
  extendTo,
  isSelected,
  selectAllMatches,
  selectedCount,
  selectionFor,
  selectOnly,
  toggle,
  type Selection,
} from '../../../renderer/features/identity-browser/selection';

const QUERY = '{"sort":"created","direction":"desc"}';
const none = emptySelection(QUERY);
const selectedAmong = (s: Selection, positions: number[]) => positions.filter((p) => isSelected(s, p));

describe('position ranges', () => {
  it('merges overlapping and touching spans, so nothing is counted twice', () => {
    let r = addRange([], span(10, 20));
    r = addRange(r, span(15, 30));
    r = addRange(r, span(31, 31));
    r = addRange(r, span(40, 45));
    expect(r).toEqual([
      { from: 10, to: 31 },
      { from: 40, to: 45 },
    ]);
    expect(rangesSize(addRange(r, span(0, 100)), 1_000)).toBe(101);
  });

  it('cuts a span in two when its middle is removed, and finds positions by binary search', () => {
    const r = removeRange([span(0, 99)], span(40, 59));
    expect(r).toEqual([
      { from: 0, to: 39 },
      { from: 60, to: 99 },
    ]);
    expect([39, 40, 59, 60].map((p) => rangesContain(r, p))).toEqual([true, false, false, true]);
    expect(rangesSize(r, 70)).toBe(50);
  });
});

describe('selection of many rows, by position under one query', () => {
  it('selects exactly the rows between a click on row 10 and a shift-click on row 900,000, none of them loaded', () => {
    const s = extendTo(selectOnly(none, 9), 899_999);
    expect(selectedCount(s, 1_000_000)).toBe(899_991);
    expect(selectedAmong(s, [8, 9, 450_000, 899_999, 900_000])).toEqual([9, 450_000, 899_999]);
  });

  it('counts overlapping ranges and deselected rows exactly', () => {
    let s = extendTo(selectOnly(none, 2), 5); // 2–5
    s = toggle(s, 4); // 2–3, 5
    expect(selectedCount(s, 100)).toBe(3);
    s = extendTo(s, 8); // from the toggled row: 2–8
    expect(selectedCount(s, 100)).toBe(7);
    s = extendTo(toggle(s, 20), 30); // and 20–30
    s = extendTo(toggle(s, 6), 3); // 6 toggled off, then 3–6 back on: still 2–8
    expect(selectedCount(s, 100)).toBe(18);
    s = toggle(s, 25);
    expect(selectedCount(s, 100)).toBe(17);
    expect(selectedAmong(s, [1, 2, 8, 9, 19, 20, 25, 30, 31])).toEqual([2, 8, 20, 30]);
  });

  it('replaces the last extent when extending again, so Shift+Up after Shift+Down shrinks', () => {
    let s = extendTo(selectOnly(none, 10), 20);
    expect(selectedCount(s, 100)).toBe(11);
    s = extendTo(s, 15);
    expect(selectedCount(s, 100)).toBe(6);
    s = extendTo(s, 5);
    expect(selectedAmong(s, [4, 5, 10, 11])).toEqual([5, 10]);
  });

  it('extends from the active row when nothing was clicked yet (Shift+arrows)', () => {
    let s = extendTo(none, 12, 10);
    expect(selectedAmong(s, [9, 10, 11, 12, 13])).toEqual([10, 11, 12]);
    s = extendTo(s, 9);
    expect(selectedCount(s, 100)).toBe(2);
  });

  it('selects every match without listing them, excludes by toggling, and re-includes by range', () => {
    let s = selectAllMatches(selectOnly(none, 3));
    expect(selectedCount(s, 1_000_000)).toBe(1_000_000);
    s = toggle(toggle(s, 0), 5);
    expect(selectedCount(s, 1_000_000)).toBe(999_998);
    expect(selectedAmong(s, [0, 1, 5])).toEqual([1]);
    s = extendTo(s, 0); // anchor 5: 0–5 selected again
    expect(selectedCount(s, 1_000_000)).toBe(1_000_000);
  });

  it('does not count positions past the end of the list', () => {
    const s = extendTo(selectOnly(none, 5), 50);
    expect(selectedCount(s, 10)).toBe(5);
    expect(selectedCount(toggle(selectAllMatches(none), 50), 10)).toBe(10);
  });

  it('is empty under another query or sort, and kept under the same one', () => {
    const s = extendTo(selectOnly(none, 1), 9);
    expect(selectionFor(s, QUERY)).toBe(s);
    const other = selectionFor(s, '{"sort":"created","direction":"asc"}');
    expect(selectedCount(other, 100)).toBe(0);
    expect(other.anchor).toBeNull();
  });

  it('agrees with a plain set of positions over random clicks, toggles, shift-clicks and select-all', () => {
    const N = 60;
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    let s = none;
    let model = new Set<number>();
    let anchor: number | null = null;
    let base = new Set<number>();
    for (let step = 0; step < 2_000; step++) {
      const p = rand(N);
      const op = rand(10);
      if (op < 2) {
        s = selectOnly(s, p);
        model = new Set([p]);
        [anchor, base] = [p, new Set(model)];
      } else if (op < 5) {
        s = toggle(s, p);
        if (model.has(p)) model.delete(p);
        else model.add(p);
        [anchor, base] = [p, new Set(model)];
      } else if (op < 9) {
        const from = rand(N);
        s = extendTo(s, p, from);
        if (anchor === null) [anchor, base] = [from, new Set(model)];
        model = new Set(base);
        for (let i = Math.min(anchor, p); i <= Math.max(anchor, p); i++) model.add(i);
      } else {
        s = selectAllMatches(s);
        model = new Set(Array.from({ length: N }, (_, i) => i));
        [anchor, base] = [null, new Set()];
      }
      expect(selectedCount(s, N)).toBe(model.size);
      expect(Array.from({ length: N }, (_, i) => isSelected(s, i))).toEqual(Array.from({ length: N }, (_, i) => model.has(i)));
    }
  });
});
