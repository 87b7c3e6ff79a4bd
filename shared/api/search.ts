import type { SearchCount, SearchCountOptions, SearchPage, SearchQuery } from '../domain/search';
import { SEARCH_SORTS } from '../domain/search';
import type { ParamSchemas } from './params';
import { boolean, idParam, integer, object, oneOfValues, optional, string } from './params';
import { IDENTITY_STATES } from '../domain/identity';

export interface SearchApi {
  /** One page of identities, keyset paged; `position` jumps anywhere without OFFSET. */
  query(query: SearchQuery): Promise<SearchPage>;
  /** Exact when cheap, else a lower bound at once (`exact: false`); `{ exact: true }` always counts every match. */
  count(query: SearchQuery, options?: SearchCountOptions): Promise<SearchCount>;
}

export const searchTime = string({ minLength: 1, maxLength: 64 });

export const searchQuerySchema = object({
  text: string({ maxLength: 256 }),
  schemaId: idParam,
  state: oneOfValues(IDENTITY_STATES),
  createdFrom: searchTime,
  createdTo: searchTime,
  updatedFrom: searchTime,
  updatedTo: searchTime,
  sort: oneOfValues(SEARCH_SORTS),
  direction: oneOfValues(['asc', 'desc']),
  limit: integer({ minimum: 1, maximum: 500 }),
  after: string({ maxLength: 2048 }),
  position: integer({ minimum: 0 }),
});

export const searchParams = {
  query: [searchQuerySchema],
  count: [searchQuerySchema, optional(object({ exact: boolean() }))],
} satisfies ParamSchemas<SearchApi>;
