import type { SearchQuery, SearchSort } from '../../../shared/domain/search';
import { AppError } from '../../../shared/errors';

/** A WHERE clause with its positional parameters; never holds user text inline. */
export interface Filter {
  sql: string;
  params: unknown[];
  /** True when a text query is part of it (counts then come from the FTS index, capped). */
  hasText: boolean;
  /** True when only schema/state restrict it: the incremental counters answer its count. */
  countersOnly: boolean;
}

export const SORT_COLUMNS: Record<SearchSort, string> = {
  created: 'created_key',
  updated: 'updated_key',
  identifier: 'primary_identifier',
};

/** Credential types Kratos knows; listing them lets the (type, identifier) key serve a prefix scan. */
const CREDENTIAL_TYPES = ['password', 'code', 'webauthn', 'passkey', 'oidc', 'saml', 'totp', 'lookup_secret'];
const UUID_PREFIX = /^[0-9a-f-]{8,36}$/i;

/** FTS5 phrase: quotes doubled so user text is always a literal substring, never query syntax. */
const phrase = (token: string): string => `"${token.replace(/"/g, '""')}"`;

/** The end of a prefix range: every string starting with `p` sorts in [p, p + U+FFFF). */
const prefixEnd = (p: string): string => `${p}\uffff`;

/** Gives the trigrams that can contain a 2-character token (search-pairs.ts); none means no identity has it. */
export type PairExpander = (token: string) => string[];

/**
 * Text → candidate rowids, all from indexes. Every token is a case-insensitive substring at any position: 3+
 * characters go to the trigram index as a phrase; a 2-character token becomes the OR of the trigrams that can
 * contain it (search-pairs.ts), so it is answered by the same index. A query of only 1-character tokens matches
 * identifier and address prefixes through their primary keys, because one character is in nearly everyone and
 * no index of ours can list "everyone containing it" faster than that. A UUID-looking query also matches ids.
 */
const textFilter = (text: string, expand: PairExpander): { sql: string; params: unknown[] } | null => {
  const tokens = text.trim().split(/\s+/).filter((t) => t.length > 0);
  if (tokens.length === 0) return null;
  const parts: string[] = [];
  const params: unknown[] = [];
  const terms: string[] = [];
  let impossible = false;
  for (const token of tokens) {
    const length = [...token].length;
    if (length >= 3) terms.push(phrase(token));
    else if (length === 2) {
      const trigrams = expand(token.toLowerCase());
      if (trigrams.length === 0) impossible = true;
      else terms.push(`(${trigrams.map(phrase).join(' OR ')})`);
    }
  }
  if (impossible) parts.push('SELECT seq FROM identities WHERE 0');
  else if (terms.length > 0) {
    parts.push('SELECT rowid FROM identity_fts WHERE identity_fts MATCH ?');
    params.push(terms.join(' AND '));
  } else {
    const p = tokens.join(' ').toLowerCase();
    parts.push(`SELECT seq FROM identifiers WHERE type IN (${CREDENTIAL_TYPES.map(() => '?').join(', ')}) AND identifier >= ? AND identifier < ?`);
    params.push(...CREDENTIAL_TYPES, p, prefixEnd(p));
    parts.push("SELECT seq FROM addresses WHERE kind IN ('verifiable', 'recovery') AND via IN ('email', 'sms') AND value >= ? AND value < ?");
    params.push(p, prefixEnd(p));
  }
  if (UUID_PREFIX.test(text.trim())) {
    const p = text.trim().toLowerCase();
    parts.push('SELECT seq FROM identities WHERE id >= ? AND id < ?');
    params.push(p, prefixEnd(p));
  }
  return { sql: `seq IN (${parts.join(' UNION ')})`, params };
};

const checkTime = (value: string, field: string): string => {
  if (Number.isNaN(Date.parse(value))) {
    throw new AppError('VALIDATION_FAILED', `${field} must be an RFC 3339 time.`, {
      issues: [{ pointer: `#/${field}`, keyword: 'format', source: 'request', message: 'must be an RFC 3339 time' }],
    });
  }
  return value;
};

export const buildFilter = (q: SearchQuery, expand: PairExpander): Filter => {
  const clauses: string[] = [];
  const params: unknown[] = [];
  let countersOnly = true;
  if (q.schemaId !== undefined) {
    clauses.push('schema_id = ?');
    params.push(q.schemaId);
  }
  if (q.state !== undefined) {
    clauses.push('state = ?');
    params.push(q.state);
  }
  const ranges: [string | undefined, string, string][] = [
    [q.createdFrom, 'created_key >=', 'createdFrom'],
    [q.createdTo, 'created_key <=', 'createdTo'],
    [q.updatedFrom, 'updated_key >=', 'updatedFrom'],
    [q.updatedTo, 'updated_key <=', 'updatedTo'],
  ];
  for (const [value, op, field] of ranges) {
    if (value === undefined) continue;
    clauses.push(`${op} unixepoch(?, 'subsec')`);
    params.push(checkTime(value, field));
    countersOnly = false;
  }
  const text = q.text === undefined ? null : textFilter(q.text, expand);
  if (text) {
    clauses.push(text.sql);
    params.push(...text.params);
    countersOnly = false;
  }
  return { sql: clauses.length === 0 ? '1' : clauses.join(' AND '), params, hasText: text !== null, countersOnly };
};

export type SortKey = [number | string, number];

/** Cursors are opaque to clients but checked on the way back in: they cross the boundary. */
export const encodeCursor = (key: SortKey): string => Buffer.from(JSON.stringify(key)).toString('base64url');

export const decodeCursor = (cursor: string, sort: SearchSort): SortKey => {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = null;
  }
  const ok =
    Array.isArray(value) &&
    value.length === 2 &&
    (sort === 'identifier' ? typeof value[0] === 'string' : typeof value[0] === 'number') &&
    Number.isInteger(value[1]);
  if (!ok) throw new AppError('VALIDATION_FAILED', 'The page cursor is not valid for this sort; start from the first page.');
  return value as SortKey;
};
