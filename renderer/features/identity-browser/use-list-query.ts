import { useCallback, useMemo } from 'react';
import { navigate, useLocation } from '../../app/router';
import { listQueryToSearch, parseListQuery, type ListQuery } from './list-query';

export const LIST_PATH = '/identities';

let lastListUrl = LIST_PATH;

/** Where "back to the list" goes: the list as the user left it (query and filters). */
export const listUrl = (): string => lastListUrl;

/** The list's query, read from and written to the URL (replace, so typing does not flood history). */
export const useListQuery = (): [ListQuery, (patch: Partial<ListQuery>) => void] => {
  const { search } = useLocation();
  const raw = search.toString();
  const query = useMemo(() => parseListQuery(new URLSearchParams(raw)), [raw]);
  lastListUrl = LIST_PATH + listQueryToSearch(query);
  const update = useCallback(
    (patch: Partial<ListQuery>) => {
      const next = { ...parseListQuery(new URLSearchParams(window.location.search)), ...patch };
      navigate(LIST_PATH + listQueryToSearch(next), { replace: true });
    },
    [],
  );
  return [query, update];
};
