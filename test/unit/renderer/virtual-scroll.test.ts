import { describe, expect, it } from 'vitest';
import { contentOffset, scrollHeight, scrollTopFor, scrollTopToReveal, visibleRange, type ScrollGeometry } from '../../../renderer/components/virtual-scroll';

const million: ScrollGeometry = { count: 1_000_000, rowHeight: 36, viewportHeight: 600 };
const small: ScrollGeometry = { count: 100, rowHeight: 36, viewportHeight: 600 };

describe('scaled virtual scrolling', () => {
  it('keeps the laid-out height under Chromium’s clamp for a million rows', () => {
    expect(scrollHeight(million)).toBeLessThan(16_000_000);
    expect(scrollHeight(small)).toBe(3600);
  });

  it('maps the ends of the scrollbar onto the first and last rows', () => {
    expect(visibleRange(0, million, 0).first).toBe(0);
    const bottom = scrollHeight(million) - million.viewportHeight;
    const range = visibleRange(bottom, million, 0);
    expect(range.end).toBe(1_000_000);
    // The last row sits exactly at the viewport's bottom edge.
    expect(range.firstTop + (range.end - range.first) * 36).toBeCloseTo(600, 5);
  });

  it('jumps to row 900,000 and shows it at the top', () => {
    const top = scrollTopFor(900_000 * 36, million);
    const range = visibleRange(top, million, 0);
    expect(range.first).toBe(900_000);
    expect(range.firstTop).toBeCloseTo(0, 3);
  });

  it('is the identity mapping when the list fits', () => {
    expect(contentOffset(500, small)).toBe(500);
    expect(scrollTopFor(500, small)).toBe(500);
  });

  it('reveals a row below or above the viewport with the least movement, and leaves a visible one alone', () => {
    expect(scrollTopToReveal(3, 0, small)).toBeNull();
    expect(scrollTopToReveal(20, 0, small)).toBe(21 * 36 - 600);
    expect(scrollTopToReveal(2, 500, small)).toBe(72);
    const top = scrollTopFor(500_000 * 36, million);
    const next = scrollTopToReveal(500_000 + 40, top, million);
    expect(next).not.toBeNull();
    const after = visibleRange(next ?? 0, million, 0);
    expect(after.end - 1).toBeGreaterThanOrEqual(500_040);
  });

  it('renders only a screenful plus overscan, however long the list', () => {
    const range = visibleRange(scrollTopFor(123_456 * 36, million), million, 4);
    expect(range.end - range.first).toBeLessThanOrEqual(Math.ceil(600 / 36) + 1 + 8);
    expect(visibleRange(0, { ...million, count: 0 })).toEqual({ first: 0, end: 0, firstTop: 0 });
  });
});
