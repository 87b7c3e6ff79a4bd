import type { SearchCount, SearchPage, SearchQuery } from '../domain/search';
import { SEARCH_SORTS } from '../domain/search';
import type { ParamSchemas } from './params';
import { idParam, integer, object, oneOfValues, string } from './params';
import { IDENTITY_STATES } from '../domain/identity';

export interface SearchApi {
  /** One page of identities, keyset paged; `position` jumps anywhere without OFFSET. */
  query(query: SearchQuery): Promise<SearchPage>;
  count(query: SearchQuery): Promise<SearchCount>;
}

const time = string({ minLength: 1, maxLength: 64 });

export const searchQuerySchema = object({
  text: string({ maxLength: 256 }),
  schemaId: idParam,
  state: oneOfValues(IDENTITY_STATES),
  createdFrom: time,
  createdTo: time,
  updatedFrom: time,
  updatedTo: time,
  sort: oneOfValues(SEARCH_SORTS),
  direction: oneOfValues(['asc', 'desc']),
  limit: integer({ minimum: 1, maximum: 500 }),
  after: string({ maxLength: 2048 }),
  position: integer({ minimum: 0 }),
});

export const searchParams = {
  query: [searchQuerySchema],
  count: [searchQuerySchema],
} satisfies ParamSchemas<SearchApi>;
