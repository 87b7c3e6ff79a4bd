import type { Identity, IdentityState } from './identity';

export const SEARCH_SORTS = ['created', 'updated', 'identifier'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

export interface SearchQuery {
  /** Substring (any position, case-insensitive). 1–2 characters match identifier prefixes. */
  text?: string;
  schemaId?: string;
  state?: IdentityState;
  /** RFC 3339 bounds, inclusive. */
  createdFrom?: string;
  createdTo?: string;
  updatedFrom?: string;
  updatedTo?: string;
  sort?: SearchSort;
  direction?: 'asc' | 'desc';
  limit?: number;
  /** Opaque keyset cursor from a previous page's `next`. */
  after?: string;
  /** Jump: the 0-based position of the first row wanted (ignored when `after` is given). */
  position?: number;
}

export interface SearchPage {
  items: Identity[];
  /** Cursor for the following page; null at the end. */
  next: string | null;
  /** Position of the first item when known (jumps and first pages). */
  position: number | null;
}

export interface SearchCountOptions {
  /** Count every match, however long it takes (about a second at 1M for the commonest fragments). */
  exact?: boolean;
}

export interface SearchCount {
  /** All identities in the store (kept incrementally). */
  total: number;
  /** Identities matching the query's filters. */
  filtered: number;
  /**
   * False when `filtered` is a lower bound: a quick count of a text query with very many matches stops early.
   * The exact number is then asked for with `{ exact: true }`.
   */
  exact: boolean;
}
