/**
 * Scroll geometry for a list whose full height would exceed what the browser can lay out.
 * Chromium clamps an element's height near 16.7M px (2^24), so 1M rows of 32 px cannot be one
 * spacer. Above `maxScrollPx` the scroll range is scaled: the scrollbar maps linearly onto the
 * list, and rows are placed relative to the viewport instead of the spacer.
 */

/** Well under Chromium's clamp, so zoom and device pixel ratios cannot push it over. */
export const MAX_SCROLL_PX = 8_000_000;

export interface ScrollGeometry {
  count: number;
  rowHeight: number;
  viewportHeight: number;
  /** Override for tests; defaults to MAX_SCROLL_PX. */
  maxScrollPx?: number;
}

/** The real height of the list's content, which may exceed anything layout can hold. */
export const contentHeight = (g: ScrollGeometry): number => g.count * g.rowHeight;

/** The spacer height actually laid out. */
export const scrollHeight = (g: ScrollGeometry): number => Math.min(contentHeight(g), g.maxScrollPx ?? MAX_SCROLL_PX);

/**
 * How many content pixels one scroll pixel stands for (1 when unscaled). Both ranges exclude one
 * viewport so that the scrollbar's bottom is exactly the list's last row.
 */
export const scrollScale = (g: ScrollGeometry): number => {
  const content = contentHeight(g) - g.viewportHeight;
  const scroll = scrollHeight(g) - g.viewportHeight;
  return content <= 0 || scroll <= 0 ? 1 : content / scroll;
};

/** Content offset (px from the first row) shown at the top of the viewport for a scrollTop. */
export const contentOffset = (scrollTop: number, g: ScrollGeometry): number => {
  const max = Math.max(0, contentHeight(g) - g.viewportHeight);
  return Math.min(max, Math.max(0, scrollTop * scrollScale(g)));
};

/** The scrollTop that puts a content offset at the top of the viewport. */
export const scrollTopFor = (offset: number, g: ScrollGeometry): number => {
  const max = Math.max(0, scrollHeight(g) - g.viewportHeight);
  return Math.min(max, Math.max(0, offset / scrollScale(g)));
};

export interface VisibleRange {
  /** First row index to render (overscan included). */
  first: number;
  /** One past the last row index to render. */
  end: number;
  /** Pixel position of row `first` relative to the viewport's top (≤ 0 when partly scrolled off). */
  firstTop: number;
}

export const visibleRange = (scrollTop: number, g: ScrollGeometry, overscan = 4): VisibleRange => {
  if (g.count === 0 || g.rowHeight <= 0) return { first: 0, end: 0, firstTop: 0 };
  const offset = contentOffset(scrollTop, g);
  const top = Math.floor(offset / g.rowHeight);
  const first = Math.max(0, top - overscan);
  const end = Math.min(g.count, Math.ceil((offset + g.viewportHeight) / g.rowHeight) + overscan);
  return { first, end, firstTop: first * g.rowHeight - offset };
};

/**
 * The scrollTop that makes row `index` fully visible, moving as little as possible; null when it
 * already is. Used by keyboard navigation.
 */
export const scrollTopToReveal = (index: number, scrollTop: number, g: ScrollGeometry): number | null => {
  const offset = contentOffset(scrollTop, g);
  const rowTop = index * g.rowHeight;
  const rowBottom = rowTop + g.rowHeight;
  // Scroll positions are whole pixels; round towards the row so a scaled step never stops short of it.
  if (rowTop < offset) return Math.floor(scrollTopFor(rowTop, g));
  if (rowBottom > offset + g.viewportHeight) return Math.min(scrollHeight(g) - g.viewportHeight, Math.ceil(scrollTopFor(rowBottom - g.viewportHeight, g)));
  return null;
};
