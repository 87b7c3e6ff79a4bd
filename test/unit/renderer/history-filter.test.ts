import { describe, expect, it } from 'vitest';
import { historyQuery, historySearch, parseHistoryFilter, revertedIds } from '../../../renderer/features/history/history-filter';

describe('the global history filter in the URL', () => {
  it('round-trips action and operation, and drops what the contract would refuse', () => {
    const filter = parseHistoryFilter(new URLSearchParams('action=delete&operation=%20op-1%20'));
    expect(filter).toEqual({ action: 'delete', operation: 'op-1' });
    expect(historySearch(filter)).toBe('?action=delete&operation=op-1');
    expect(parseHistoryFilter(new URLSearchParams(historySearch(filter)))).toEqual(filter);
    expect(parseHistoryFilter(new URLSearchParams('action=renamed'))).toEqual({ action: '', operation: '' });
    expect(parseHistoryFilter(new URLSearchParams(`operation=${'x'.repeat(300)}`)).operation).toHaveLength(200);
    expect(historySearch({ action: '', operation: '  ' })).toBe('');
  });

  it('asks audit.list for only the filters that are set', () => {
    expect(historyQuery({ action: '', operation: '' }, 50)).toEqual({ limit: 50 });
    expect(historyQuery({ action: 'update', operation: ' op-2 ' }, 50)).toEqual({ limit: 50, action: 'update', operationId: 'op-2' });
  });

  it('knows which loaded entries a loaded revert undid', () => {
    expect([...revertedIds([{ reverts: null }, { reverts: 7 }, { reverts: 3 }])].sort()).toEqual([3, 7]);
  });
});
