import { describe, expect, it } from 'vitest';
import {
  emptySelection,
  extendWith,
  extentOf,
  isSelected,
  selectAllMatches,
  selectedCount,
  selectionFor,
  selectOnly,
  toggle,
  type Selection,
} from '../../../renderer/features/identity-browser/selection';

const QUERY = '{"text":"a"}';
const none = emptySelection(QUERY);
/** A list of identities in the order shown: the id of position p is `id-p`. */
const idOf = (p: number) => `id-${p}`;
const idsOf = ([lo, hi]: [number, number]) => Array.from({ length: hi - lo + 1 }, (_, i) => idOf(lo + i));
const extend = (s: Selection, position: number, from = position) => extendWith(s, idsOf(extentOf(s, position, from)), from);
const selectedAmong = (s: Selection, positions: number[]) => positions.filter((p) => isSelected(s, idOf(p)));

describe('selection of many identities, keyed by identity', () => {
  it('selects exactly the rows between a click and a shift-click, by their identities', () => {
    const s = extend(selectOnly(none, 10, idOf(10)), 9_000);
    expect(selectedCount(s, 10_000)).toBe(8_991);
    expect(selectedAmong(s, [9, 10, 9_000, 9_001])).toEqual([10, 9_000]);
    expect(extentOf(s, 20)).toEqual([10, 20]);
  });

  it('replaces the last extent when extending again, so Shift+Up after Shift+Down shrinks', () => {
    let s = selectOnly(none, 5, idOf(5));
    s = extend(s, 8);
    s = extend(s, 6);
    expect(selectedAmong(s, [4, 5, 6, 7, 8])).toEqual([5, 6]);
  });

  it('extends from the active row when nothing was clicked yet (Shift+arrows)', () => {
    const s = extend(none, 4, 2);
    expect(selectedAmong(s, [1, 2, 3, 4, 5])).toEqual([2, 3, 4]);
    expect(s.anchor).toBe(2);
  });

  it('keeps earlier picks when a toggle starts a second range', () => {
    let s = extend(selectOnly(none, 1, idOf(1)), 3);
    s = toggle(s, 10, idOf(10));
    s = extend(s, 12);
    expect(selectedCount(s, 100)).toBe(6);
    expect(selectedAmong(s, [0, 1, 3, 4, 9, 10, 12, 13])).toEqual([1, 3, 10, 12]);
  });

  it('selects every match without listing them, takes rows out by toggling, and puts them back by range', () => {
    let s = selectAllMatches(none);
    expect(selectedCount(s, 1_000_000)).toBe(1_000_000);
    s = toggle(toggle(s, 3, idOf(3)), 4, idOf(4));
    expect(selectedCount(s, 1_000_000)).toBe(999_998);
    // Shift-click from the anchor (row 4) up to row 2: those rows are back in.
    s = extend(s, 2);
    expect(selectedAmong(s, [2, 3, 4])).toEqual([2, 3, 4]);
    expect(selectedCount(s, 1_000_000)).toBe(1_000_000);
  });

  it('survives the list changing: ids do not move when rows before them are added or the sort changes', () => {
    const s = extend(selectOnly(none, 2, idOf(2)), 5);
    // The same identities shown at other positions (an identity was added at the top): still selected by id.
    const shifted = (p: number) => idOf(p - 1);
    expect([3, 4, 5, 6].every((p) => isSelected(s, shifted(p)))).toBe(true);
    expect(selectionFor(s, QUERY)).toBe(s);
    expect(selectedCount(selectionFor(s, '{"text":"b"}'), 10)).toBe(0);
  });

  it('agrees with a plain set of ids over random clicks, toggles, shift-clicks and select-all', () => {
    let seed = 3;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const N = 60;
    let s = none;
    let model = new Set<number>();
    let all = false;
    let anchor: number | null = null;
    let base = new Set<number>();
    for (let step = 0; step < 2_000; step++) {
      const p = random(N);
      const action = random(10);
      if (action < 3) {
        s = selectOnly(s, p, idOf(p));
        model = new Set([p]);
        all = false;
        anchor = p;
        base = new Set(model);
      } else if (action < 6) {
        s = toggle(s, p, idOf(p));
        if (!model.delete(p)) model.add(p);
        anchor = p;
        base = new Set(model);
      } else if (action < 9) {
        const from = random(N);
        s = extend(s, p, from);
        const a: number = anchor ?? from;
        if (anchor === null) base = new Set(model);
        anchor = a;
        model = new Set(base);
        for (let i = Math.min(a, p); i <= Math.max(a, p); i++) {
          if (all) model.delete(i);
          else model.add(i);
        }
      } else {
        s = selectAllMatches(s);
        model = new Set();
        all = true;
        anchor = null;
        base = new Set();
      }
      for (let q = 0; q < N; q++) expect(isSelected(s, idOf(q))).toBe(all ? !model.has(q) : model.has(q));
      expect(selectedCount(s, N)).toBe(all ? N - model.size : model.size);
    }
  });
});
