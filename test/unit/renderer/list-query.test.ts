import { describe, expect, it } from 'vitest';
import { EMPTY_QUERY, hasFilters, listQueryToSearch, parseListQuery, toSearchQuery } from '../../../renderer/features/identity-browser/list-query';
import { extendTo, isSelected, selectAllMatches, selectedCount, selectOnly, toggle } from '../../../renderer/features/identity-browser/selection';

describe('the list query in the URL', () => {
  it('round-trips through the URL and leaves defaults out', () => {
    const query = { ...EMPTY_QUERY, text: 'ana.ros', schemaId: 'customer', state: 'inactive' as const, createdFrom: '2024-01-01', sort: 'identifier' as const, direction: 'asc' as const };
    const search = listQueryToSearch(query);
    expect(search).toContain('q=ana.ros');
    expect(search).toContain('schema=customer');
    expect(parseListQuery(new URLSearchParams(search))).toEqual(query);
    expect(listQueryToSearch(EMPTY_QUERY)).toBe('');
  });

  it('ignores malformed values instead of sending them to the store', () => {
    const q = parseListQuery(new URLSearchParams('state=deleted&sort=rowid&created_from=yesterday&dir=sideways'));
    expect(q).toEqual(EMPTY_QUERY);
    expect(hasFilters(q)).toBe(false);
  });

  it('turns dates into inclusive RFC 3339 bounds', () => {
    const s = toSearchQuery({ ...EMPTY_QUERY, text: '  x ', createdFrom: '2024-02-01', createdTo: '2024-02-29' });
    expect(s).toEqual({ sort: 'created', direction: 'desc', text: 'x', createdFrom: '2024-02-01T00:00:00Z', createdTo: '2024-02-29T23:59:59.999Z' });
  });
});

describe('selection of many rows', () => {
  it('selects, toggles and extends by shift-click', () => {
    let s = selectOnly(3, 'c');
    s = toggle(s, 5, 'e');
    expect([isSelected(s, 'c'), isSelected(s, 'e')]).toEqual([true, true]);
    s = extendTo(s, 8, ['e', 'f', 'g', 'h']);
    expect(selectedCount(s, 100)).toBe(5);
    s = toggle(s, 5, 'e');
    expect(isSelected(s, 'e')).toBe(false);
  });

  it('selects every match without listing them, and excludes by toggling', () => {
    let s = selectAllMatches();
    expect(selectedCount(s, 1_000_000)).toBe(1_000_000);
    s = toggle(s, 0, 'a');
    expect(isSelected(s, 'a')).toBe(false);
    expect(isSelected(s, 'b')).toBe(true);
    expect(selectedCount(s, 1_000_000)).toBe(999_999);
  });
});
