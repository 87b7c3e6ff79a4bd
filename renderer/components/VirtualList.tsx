import { useImperativeHandle, useLayoutEffect, useRef, useState, type HTMLAttributes, type ReactNode, type Ref, type UIEvent } from 'react';
import { scrollHeight, scrollTopFor, scrollTopToReveal, visibleRange, type ScrollGeometry } from './virtual-scroll';
import './components.css';

export interface VirtualListHandle {
  /** Brings a row into view with the least movement (keyboard navigation). */
  reveal(index: number): void;
  /** Puts a row at the top of the viewport (jumps). */
  scrollToIndex(index: number): void;
  scrollToTop(): void;
  /** The scrolling element, for focus and for tests that drive the scrollbar. */
  element(): HTMLDivElement | null;
}

interface Props {
  count: number;
  rowHeight: number;
  renderRow: (index: number) => ReactNode;
  /** Called with the rows being rendered (overscan included), so data can be fetched for them. */
  onRangeChange?: (first: number, end: number) => void;
  ref?: Ref<VirtualListHandle>;
  className?: string;
  /** Props for the scrolling element (role, aria-*, key handlers). */
  scrollerProps?: HTMLAttributes<HTMLDivElement> & { 'data-testid'?: string };
}

/**
 * A fixed-row-height list that renders only what is on screen, with a scaled scroll range so a
 * million rows still scroll and jump (see ./virtual-scroll.ts). Rows are placed in a sticky
 * window the size of the viewport, never at their raw offset, which could exceed layout limits.
 */
export const VirtualList = ({ count, rowHeight, renderRow, onRangeChange, ref, className, scrollerProps }: Props) => {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(0);
  const geometry: ScrollGeometry = { count, rowHeight, viewportHeight };
  const range = visibleRange(scrollTop, geometry);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return undefined;
    const measure = () => setViewportHeight(el.clientHeight);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    onRangeChange?.(range.first, range.end);
  }, [onRangeChange, range.first, range.end]);

  const setTop = (top: number) => {
    const el = scroller.current;
    if (!el) return;
    el.scrollTop = top;
    setScrollTop(el.scrollTop);
  };
  useImperativeHandle(ref, () => ({
    reveal: (index) => {
      const el = scroller.current;
      if (!el) return;
      const next = scrollTopToReveal(index, el.scrollTop, { count, rowHeight, viewportHeight: el.clientHeight });
      if (next !== null) setTop(next);
    },
    scrollToIndex: (index) => setTop(scrollTopFor(index * rowHeight, { count, rowHeight, viewportHeight: scroller.current?.clientHeight ?? 0 })),
    scrollToTop: () => setTop(0),
    element: () => scroller.current,
  }));

  const rows: ReactNode[] = [];
  for (let i = range.first; i < range.end; i++) {
    rows.push(
      <div key={i} className="vlist-row-slot" style={{ top: range.firstTop + (i - range.first) * rowHeight, height: rowHeight }}>
        {renderRow(i)}
      </div>,
    );
  }
  return (
    <div
      {...scrollerProps}
      ref={scroller}
      className={`vlist ${className ?? ''}`}
      onScroll={(e: UIEvent<HTMLDivElement>) => setScrollTop(e.currentTarget.scrollTop)}
    >
      <div className="vlist-spacer" style={{ height: scrollHeight(geometry) }}>
        <div className="vlist-window" style={{ height: viewportHeight }}>
          {rows}
        </div>
      </div>
    </div>
  );
};
