import type { SearchCount, SearchCountOptions, SearchPage, SearchQuery } from '../domain/search';
import { SEARCH_SORTS } from '../domain/search';
import type { JsonSchema, ParamSchemas } from './params';
import { idParam, optional } from './params';

export interface SearchApi {
  /** One page of identities, keyset paged; `position` jumps anywhere without OFFSET. */
  query(query: SearchQuery): Promise<SearchPage>;
  /** Exact when cheap, else a lower bound at once (`exact: false`); `{ exact: true }` always counts every match. */
  count(query: SearchQuery, options?: SearchCountOptions): Promise<SearchCount>;
}

const time: JsonSchema = { type: 'string', minLength: 1, maxLength: 64 };

export const searchQuerySchema: JsonSchema = {
  type: 'object',
  properties: {
    text: { type: 'string', maxLength: 256 },
    schemaId: idParam,
    state: { enum: ['active', 'inactive'] },
    createdFrom: time,
    createdTo: time,
    updatedFrom: time,
    updatedTo: time,
    sort: { enum: [...SEARCH_SORTS] },
    direction: { enum: ['asc', 'desc'] },
    limit: { type: 'integer', minimum: 1, maximum: 500 },
    after: { type: 'string', maxLength: 2048 },
    position: { type: 'integer', minimum: 0 },
  },
  additionalProperties: false,
};

export const searchParams = {
  query: [searchQuerySchema],
  count: [searchQuerySchema, optional({ type: 'object', properties: { exact: { type: 'boolean' } }, additionalProperties: false })],
} satisfies ParamSchemas<SearchApi>;
