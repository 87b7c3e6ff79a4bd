export type { SearchService } from './search-service';
export { createSearchService, TEXT_COUNT_CAP } from './search-service';
export { STRIDE } from './checkpoints';
export { buildFilter, SORT_COLUMNS } from './search-sql';
