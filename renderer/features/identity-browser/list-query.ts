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

/** Inclusive bounds: a "to" date covers its whole (UTC) day. */
export const toSearchQuery = (query: ListQuery): SearchQuery => {
  const q: SearchQuery = { sort: query.sort, direction: query.direction };
  const text = query.text.trim();
  if (text) q.text = text;
  if (query.schemaId) q.schemaId = query.schemaId;
  if (query.state) q.state = query.state;
  if (query.createdFrom) q.createdFrom = `${query.createdFrom}T00:00:00Z`;
  if (query.createdTo) q.createdTo = `${query.createdTo}T23:59:59.999Z`;
  if (query.updatedFrom) q.updatedFrom = `${query.updatedFrom}T00:00:00Z`;
  if (query.updatedTo) q.updatedTo = `${query.updatedTo}T23:59:59.999Z`;
  return q;
};

export const hasFilters = (query: ListQuery): boolean =>
  query.text.trim() !== '' || query.schemaId !== '' || query.state !== '' || query.createdFrom !== '' || query.createdTo !== '' || query.updatedFrom !== '' || query.updatedTo !== '';
