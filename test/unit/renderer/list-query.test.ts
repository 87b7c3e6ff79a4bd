import { describe, expect, it } from 'vitest';
import {
  EMPTY_QUERY,
  hasFilters,
  nextSort,
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

  it('turns dates into inclusive RFC 3339 bounds of the days in the time zone the table shows (issue 16 §7)', () => {
    const zone = process.env['TZ'];
    process.env['TZ'] = 'America/New_York';
    try {
      const s = toSearchQuery({ ...EMPTY_QUERY, text: '  x ', createdFrom: '2024-02-01', createdTo: '2024-02-29' });
      expect(s).toEqual({
        sort: 'created',
        direction: 'desc',
        text: 'x',
        createdFrom: '2024-02-01T05:00:00.000Z',
        createdTo: '2024-03-01T04:59:59.999Z',
      });
    } finally {
      if (zone === undefined) delete process.env['TZ'];
      else process.env['TZ'] = zone;
    }
  });
});

describe('sorting by a column header (issue 16 §7)', () => {
  it('the first click on Identifier sorts A→Z; dates start newest first; a second click turns the order', () => {
    const byCreated = { ...EMPTY_QUERY, sort: 'created' as const, direction: 'desc' as const };
    expect(nextSort(byCreated, 'identifier')).toEqual({ sort: 'identifier', direction: 'asc' });
    expect(nextSort(byCreated, 'updated')).toEqual({ sort: 'updated', direction: 'desc' });
    expect(nextSort(byCreated, 'created')).toEqual({ sort: 'created', direction: 'asc' });
    expect(nextSort({ ...byCreated, sort: 'identifier', direction: 'asc' }, 'identifier')).toEqual({ sort: 'identifier', direction: 'desc' });
  });
});
