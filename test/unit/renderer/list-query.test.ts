import { describe, expect, it } from 'vitest';
import {
  EMPTY_QUERY,
  hasFilters,
  listQueryToSearch,
  parseListQuery,
  toSearchQuery,
} from '../../../renderer/features/identity-browser/list-query';

describe('the list query in the URL', () => {
  it('round-trips through the URL and leaves defaults out', () => {
    const query = {
      ...EMPTY_QUERY,
      text: 'ana.ros',
      schemaId: 'customer',
      state: 'inactive' as const,
      createdFrom: '2024-01-01',
      sort: 'identifier' as const,
      direction: 'asc' as const,
    };
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
    expect(s).toEqual({
      sort: 'created',
      direction: 'desc',
      text: 'x',
      createdFrom: '2024-02-01T00:00:00Z',
      createdTo: '2024-02-29T23:59:59.999Z',
    });
  });
});
