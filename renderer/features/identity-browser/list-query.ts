/**
 * The list's query as it lives in the URL (`/identities?q=…&schema=…`), so a search survives
 * reload and can be shared; and its translation into the contract's SearchQuery.
 */
import type { IdentityState } from '../../../shared/domain/identity';
import type { SearchQuery, SearchSort } from '../../../shared/domain/search';
import { SEARCH_SORTS } from '../../../shared/domain/search';

export interface ListQuery {
  text: string;
  schemaId: string;
  state: IdentityState | '';
  /** `YYYY-MM-DD` from date inputs; empty when unset. */
  createdFrom: string;
  createdTo: string;
  updatedFrom: string;
  updatedTo: string;
  sort: SearchSort;
  direction: 'asc' | 'desc';
}

export const EMPTY_QUERY: ListQuery = {
  text: '',
  schemaId: '',
  state: '',
  createdFrom: '',
  createdTo: '',
  updatedFrom: '',
  updatedTo: '',
  sort: 'created',
  direction: 'desc',
};

const PARAM: Record<keyof ListQuery, string> = {
  text: 'q',
  schemaId: 'schema',
  state: 'state',
  createdFrom: 'created_from',
  createdTo: 'created_to',
  updatedFrom: 'updated_from',
  updatedTo: 'updated_to',
  sort: 'sort',
  direction: 'dir',
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const date = (value: string | null): string => (value && DATE.test(value) ? value : '');

export const parseListQuery = (search: URLSearchParams): ListQuery => {
  const state = search.get(PARAM.state);
  const sort = search.get(PARAM.sort);
  return {
    text: (search.get(PARAM.text) ?? '').slice(0, 256),
    schemaId: (search.get(PARAM.schemaId) ?? '').slice(0, 200),
    state: state === 'active' || state === 'inactive' ? state : '',
    createdFrom: date(search.get(PARAM.createdFrom)),
    createdTo: date(search.get(PARAM.createdTo)),
    updatedFrom: date(search.get(PARAM.updatedFrom)),
    updatedTo: date(search.get(PARAM.updatedTo)),
    sort: SEARCH_SORTS.find((s) => s === sort) ?? EMPTY_QUERY.sort,
    direction: search.get(PARAM.direction) === 'asc' ? 'asc' : 'desc',
  };
};

/** Only what differs from the defaults goes into the URL, so a plain list is just `/identities`. */
export const listQueryToSearch = (query: ListQuery): string => {
  const params = new URLSearchParams();
  for (const key of Object.keys(PARAM) as (keyof ListQuery)[]) {
    if (query[key] !== EMPTY_QUERY[key]) params.set(PARAM[key], query[key]);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
};

/**
 * A date of a filter as an instant: the start or the end of that day in the time zone the table shows its times in
 * (the browser's own, as Intl formats them), so a row shown on a day is found by that day's filter.
 */
const dayBound = (date: string, end: boolean): string => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return (end ? new Date(y, m - 1, d, 23, 59, 59, 999) : new Date(y, m - 1, d, 0, 0, 0, 0)).toISOString();
};

/** The time zone the table and the date filters use, to name it beside the filters. */
export const displayTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Inclusive bounds: a "to" date covers its whole day, in the table's time zone. */
export const toSearchQuery = (query: ListQuery): SearchQuery => {
  const q: SearchQuery = { sort: query.sort, direction: query.direction };
  const text = query.text.trim();
  if (text) q.text = text;
  if (query.schemaId) q.schemaId = query.schemaId;
  if (query.state) q.state = query.state;
  if (query.createdFrom) q.createdFrom = dayBound(query.createdFrom, false);
  if (query.createdTo) q.createdTo = dayBound(query.createdTo, true);
  if (query.updatedFrom) q.updatedFrom = dayBound(query.updatedFrom, false);
  if (query.updatedTo) q.updatedTo = dayBound(query.updatedTo, true);
  return q;
};

export const hasFilters = (query: ListQuery): boolean =>
  query.text.trim() !== '' || query.schemaId !== '' || query.state !== '' || query.createdFrom !== '' || query.createdTo !== '' || query.updatedFrom !== '' || query.updatedTo !== '';

/**
 * A click on a sortable column header: the same column turns the order; another column starts in the order people
 * expect of it, A→Z for identifiers and newest first for dates.
 */
export const nextSort = (query: Pick<ListQuery, 'sort' | 'direction'>, column: SearchSort): { sort: SearchSort; direction: 'asc' | 'desc' } =>
  query.sort === column ? { sort: column, direction: query.direction === 'desc' ? 'asc' : 'desc' } : { sort: column, direction: column === 'identifier' ? 'asc' : 'desc' };
