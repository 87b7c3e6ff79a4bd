/**
 * Sets of list positions as sorted, disjoint, non-adjacent inclusive spans: a shift-click from row
 * 10 to row 900,000 is one span, so selections of any size cost a few numbers. Pure, unit-tested.
 */
export interface PositionRange {
  from: number;
  to: number;
}

export type Ranges = readonly PositionRange[];

/** The span between two positions, in either order. */
export const span = (a: number, b: number): PositionRange => ({ from: Math.min(a, b), to: Math.max(a, b) });

/** Union with one span; overlapping and touching spans merge, so sizes never double-count. */
export const addRange = (ranges: Ranges, range: PositionRange): Ranges => {
  const out: PositionRange[] = [];
  let from = range.from;
  let to = range.to;
  for (const r of ranges) {
    if (r.to < from - 1) out.push(r);
    else if (r.from > to + 1) out.push(r);
    else {
      from = Math.min(from, r.from);
      to = Math.max(to, r.to);
    }
  }
  out.push({ from, to });
  return out.sort((a, b) => a.from - b.from);
};

/** Difference with one span; a span cut in the middle becomes two. */
export const removeRange = (ranges: Ranges, range: PositionRange): Ranges => {
  const out: PositionRange[] = [];
  for (const r of ranges) {
    if (r.to < range.from || r.from > range.to) {
      out.push(r);
      continue;
    }
    if (r.from < range.from) out.push({ from: r.from, to: range.from - 1 });
    if (r.to > range.to) out.push({ from: range.to + 1, to: r.to });
  }
  return out;
};

/** Binary search: rows are drawn a screen at a time and each asks this. */
export const rangesContain = (ranges: Ranges, position: number): boolean => {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ranges[mid] as PositionRange;
    if (position < r.from) hi = mid - 1;
    else if (position > r.to) lo = mid + 1;
    else return true;
  }
  return false;
};

/** How many positions the spans cover below `limit` (the list's row count). */
export const rangesSize = (ranges: Ranges, limit: number): number => {
  let size = 0;
  for (const r of ranges) {
    const from = Math.max(r.from, 0);
    const to = Math.min(r.to, limit - 1);
    if (to >= from) size += to - from + 1;
  }
  return size;
};
