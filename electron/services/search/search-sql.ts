import type { SearchQuery, SearchSort } from '../../../shared/domain/search';
import { AppError } from '../../../shared/errors';
import { phoneQueryKeys } from './phone-numbers';

/** A WHERE clause with its positional parameters; never holds user text inline. */
export interface Filter {
  sql: string;
  params: unknown[];
  /** True when a text query is part of it. */
  hasText: boolean;
  /** True when only schema/state restrict it: the incremental counters answer its count. */
  countersOnly: boolean;
  /** The same filter without its text part: what an ordered walk of a sort index checks on each row first. */
  base: { sql: string; params: unknown[] };
  /** The schema and state it keeps (the counters know how many rows that is). */
  baseKeys: [string | undefined, string | undefined];
  /** True when the base is schema and state only: the (schema_id, state) index holds all it tests. */
  baseInSchemaIndex: boolean;
  /** The text part, when there is one. */
  text: TextSearch | null;
}

/** How the text of a query can be answered: from its indexes (all matches at once), or row by row (search-plan.ts). */
export interface TextSearch {
  /** `seq IN (…)`: every match, from indexes. */
  sql: string;
  params: unknown[];
  /** The FTS5 MATCH expression of the 2+-character tokens; null when there are none (or one can match nothing). */
  match: string | null;
  /** The 2+-character tokens, lower-cased as the index folds ASCII (null when none). */
  tokens: string[] | null;
  /** A query of 1-character tokens: the identifier and address prefix range [from, to). */
  prefix: [string, string] | null;
  /**
   * Matches the text has besides its tokens, as an exact test of one identities row: id prefixes for UUID-looking
   * text, and phone numbers for text that reads as one (migration 0005). A row that passes needs no confirming.
   */
  alternative: { sql: string; params: unknown[] } | null;
  /** True when the matches are exactly the FTS `match` (no alternative, no 1-character condition): counts can use the index alone. */
  pure: boolean;
  /**
   * A test of one identities row, in SQL over its own columns, that every match passes. When `exact`, it is the
   * match itself (identifier and address prefixes); otherwise rows that pass are candidates to confirm. Null when
   * no such test is cheaper than the index (a token with no ASCII in it, or a token nobody has).
   */
  rowTest: { sql: string; params: unknown[]; exact: boolean } | null;
}

export const SORT_COLUMNS: Record<SearchSort, string> = {
  created: 'created_key',
  updated: 'updated_key',
  identifier: 'primary_identifier',
};

/** The index of each sort: (column, seq), so that a walk in either direction reads it in order (migration 0001). */
export const SORT_INDEXES: Record<SearchSort, string> = {
  created: 'identities_created',
  updated: 'identities_updated',
  identifier: 'identities_primary',
};

/**
 * The same orders within one state or one schema (migration 0009): a walk with a state or schema filter reads only
 * the rows that filter keeps, in order, from the index whose first column is the filter's.
 */
export const FILTERED_SORT_INDEXES: Record<'state' | 'schema_id', Record<string, string>> = {
  state: { created_key: 'identities_state_created', updated_key: 'identities_state_updated', primary_identifier: 'identities_state_primary' },
  schema_id: { created_key: 'identities_schema_created', updated_key: 'identities_schema_updated', primary_identifier: 'identities_schema_primary' },
};

/** Credential types Kratos knows; listing them lets the (type, identifier) key serve a prefix scan. */
export const CREDENTIAL_TYPES = ['password', 'code', 'webauthn', 'passkey', 'oidc', 'saml', 'totp', 'lookup_secret'];
const UUID_PREFIX = /^[0-9a-f-]{8,36}$/i;

/** FTS5 phrase: quotes doubled so user text is always a literal substring, never query syntax. */
const phrase = (token: string): string => `"${token.replace(/"/g, '""')}"`;

/** The end of a prefix range: every string starting with `p` sorts in [p, p + U+FFFF). */
const prefixEnd = (p: string): string => `${p}\uffff`;

/** Gives the trigrams that can contain a 2-character token (search-pairs.ts); none means no identity has it. */
export type PairExpander = (token: string) => string[];

/**
 * Characters that JSON.stringify writes as themselves, outside A–Z: a run of them in a token appears verbatim in
 * the stored JSON of any value that contains it, once ASCII letters are lower-cased.
 */
const isVerbatim = (code: number): boolean => code >= 0x20 && code < 0x7f && code !== 0x22 && code !== 0x5c;
/**
 * The only characters outside ASCII that the trigram tokenizer folds into ASCII (U+212A KELVIN SIGN → k, U+017F
 * LONG S → s); search-plan.test.ts checks this list against SQLite's own tokenizer.
 */
export const FOLDS_TO_ASCII: readonly (readonly [string, string])[] = [
  ['\u212a', 'k'],
  ['\u017f', 's'],
];

/** The longest run of verbatim characters in a token, lower-cased (ASCII only, as SQLite's lower()). */
const longestVerbatimRun = (token: string): string => {
  let best = '';
  let run = '';
  for (const ch of token) {
    const code = ch.codePointAt(0) ?? 0;
    if (isVerbatim(code)) run += ch;
    else run = '';
    if (run.length > best.length) best = run;
  }
  return best.replace(/[A-Z]/g, (c) => c.toLowerCase());
};

/** The text columns of identities whose JSON holds every string the search text is built from (migration 0002). */
const TEXT_COLUMNS = ['traits', 'metadata_public', 'metadata_admin', 'credentials', 'external_id'];

/** The columns whose JSON holds every identifier (credentials) and address value of an identity (derive.ts). */
const PREFIX_COLUMNS = ['credentials', 'verifiable_addresses', 'recovery_addresses'];

/**
 * A superset test for one token: some text column contains its longest verbatim run, ASCII-folded. Every string
 * of the search text is in those columns' JSON, and a token has no space, so a match never spans two strings.
 * The stored JSON may hold a character the index folds into the run (K, ſ): a column that holds one passes too
 * (a candidate, confirmed like every other: rare, and no per-row copy of every column for it).
 * `LIKE '%run%'` is the test: SQLite's LIKE folds ASCII case (and only ASCII, as its lower() does) while it
 * compares, so no lower-cased copy of each column is made per row walked (about a third of a walk's cost).
 */
const runTest = (run: string): { sql: string; params: unknown[] } => {
  const folds = FOLDS_TO_ASCII.filter(([, to]) => run.includes(to)).map(([from]) => from);
  // A run holds no backslash (not verbatim), so it can escape LIKE's own wildcards.
  const pattern = `%${run.replace(/[%_]/g, (c) => `\\${c}`)}%`;
  const test = (column: string) => [`${column} LIKE ? ESCAPE '\\'`, ...folds.map((from) => `instr(${column}, '${from}') > 0`)].join(' OR ');
  return { sql: `(${TEXT_COLUMNS.map(test).join(' OR ')})`, params: TEXT_COLUMNS.map(() => pattern) };
};

/**
 * Text → matching rows. Every token is a case-insensitive substring at any position: 3+ characters go to the
 * trigram index as a phrase; a 2-character token becomes the OR of the trigrams that can contain it (search-pairs.ts),
 * so it is answered by the same index. A query of only 1-character tokens matches identifier and address prefixes
 * through their primary keys, because one character is in nearly everyone and no index of ours can list "everyone
 * containing it" faster than that. A UUID-looking query also matches ids.
 */
const textSearch = (text: string, expand: PairExpander): TextSearch | null => {
  const tokens = text.trim().split(/\s+/).filter((t) => t.length > 0);
  if (tokens.length === 0) return null;
  const parts: string[] = [];
  const params: unknown[] = [];
  const terms: string[] = [];
  const long: string[] = [];
  const short: string[] = [];
  let impossible = false;
  for (const token of tokens) {
    const length = [...token].length;
    if (length >= 3) terms.push(phrase(token));
    else if (length === 2) {
      const trigrams = expand(token.toLowerCase());
      if (trigrams.length === 0) impossible = true;
      else terms.push(`(${trigrams.map(phrase).join(' OR ')})`);
    } else short.push(token.toLowerCase());
    if (length >= 2) long.push(token);
  }
  let match: string | null = null;
  let rowTest: TextSearch['rowTest'] = null;
  let prefix: [string, string] | null = null;
  // 1-character tokens beside longer ones are conditions too (never dropped): tested exactly on the rows the
  // longer tokens found, over the same strings the search text holds (search_text_has, search-service.ts).
  const shortTest = long.length > 0 && short.length > 0 ? { sql: short.map(() => `search_text_has(${TEXT_COLUMNS.join(', ')}, ?)`).join(' AND '), params: short } : null;
  if (impossible) parts.push('SELECT seq FROM identities WHERE 0');
  else if (terms.length > 0) {
    match = terms.join(' AND ');
    parts.push('SELECT rowid FROM identity_fts WHERE identity_fts MATCH ?');
    params.push(match);
    const runs = long.map(longestVerbatimRun).filter((r) => r.length > 0);
    if (runs.length > 0) {
      const tests = runs.map(runTest);
      rowTest = { sql: tests.map((t) => t.sql).join(' AND '), params: tests.flatMap((t) => t.params), exact: false };
    }
  } else {
    const p = tokens.join(' ').toLowerCase();
    const identifiers = `SELECT seq FROM identifiers WHERE type IN (${CREDENTIAL_TYPES.map(() => '?').join(', ')}) AND identifier >= ? AND identifier < ?`;
    const addresses = "SELECT seq FROM addresses WHERE kind IN ('verifiable', 'recovery') AND via IN ('email', 'sms') AND value >= ? AND value < ?";
    prefix = [p, prefixEnd(p)];
    const prefixParams = [...CREDENTIAL_TYPES, ...prefix, ...prefix];
    parts.push(identifiers, addresses);
    params.push(...prefixParams);
    // The same tests per row, through the (seq) index of each table: one seek, then the row's own 1–3 entries
    // are filtered (`+` keeps SQLite from seeking once per listed type instead).
    const types = CREDENTIAL_TYPES.map(() => '?').join(', ');
    // First a test of the row's own columns that every match passes: the identifiers and addresses are strings of
    // its credentials and address columns (derive.ts, written by JSON.stringify), so a value that starts with the
    // prefix is `"` + prefix there, verbatim when the prefix has nothing JSON escapes. Most rows of a walk fail
    // it, and skip the two seeks.
    const verbatim = [...p].every((ch) => {
      const code = ch.codePointAt(0) ?? 0;
      return code >= 0x20 && ch !== '"' && ch !== '\\' && (code < 0xd800 || code > 0xdfff);
    });
    const pattern = `%"${p.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    const own = verbatim ? `(${PREFIX_COLUMNS.map((c) => `${c} LIKE ? ESCAPE '\\'`).join(' OR ')}) AND ` : '';
    rowTest = {
      sql: `(${own}(EXISTS (SELECT 1 FROM identifiers INDEXED BY identifiers_seq WHERE seq = identities.seq AND +type IN (${types}) AND +identifier >= ? AND +identifier < ?)
        OR EXISTS (SELECT 1 FROM addresses INDEXED BY addresses_seq WHERE seq = identities.seq AND +kind IN ('verifiable', 'recovery') AND +via IN ('email', 'sms') AND +value >= ? AND +value < ?)))`,
      params: [...(verbatim ? PREFIX_COLUMNS.map(() => pattern) : []), ...prefixParams],
      exact: true,
    };
  }
  let sql = `seq IN (${parts.join(' UNION ')})`;
  if (shortTest) {
    sql = `(${sql} AND ${shortTest.sql})`;
    params.push(...shortTest.params);
    if (rowTest) rowTest = { sql: `(${rowTest.sql} AND ${shortTest.sql})`, params: [...rowTest.params, ...shortTest.params], exact: rowTest.exact };
  }
  // Alternatives: each one a set from an index (for the index plan) and the same test per row (for walks).
  const altSets: string[] = [];
  const altSetParams: unknown[] = [];
  const altTests: string[] = [];
  const altTestParams: unknown[] = [];
  if (UUID_PREFIX.test(text.trim())) {
    const p = text.trim().toLowerCase();
    altSets.push('SELECT seq FROM identities WHERE id >= ? AND id < ?');
    altSetParams.push(p, prefixEnd(p));
    altTests.push('(id >= ? AND id < ?)');
    altTestParams.push(p, prefixEnd(p));
  }
  const phones = phoneQueryKeys(text);
  if (phones !== null) {
    const ranges = phones.map(() => '(digits >= ? AND digits < ?)').join(' OR ');
    const rangeParams = phones.flatMap((k) => [k, prefixEnd(k)]);
    altSets.push(`SELECT seq FROM phone_numbers WHERE ${ranges}`);
    altSetParams.push(...rangeParams);
    altTests.push(`EXISTS (SELECT 1 FROM phone_numbers INDEXED BY phone_numbers_seq WHERE seq = identities.seq AND (${ranges}))`);
    altTestParams.push(...rangeParams);
  }
  const alternative = altTests.length === 0 ? null : { sql: altTests.join(' OR '), params: altTestParams };
  if (altSets.length > 0) {
    sql = `(${sql} OR seq IN (${altSets.join(' UNION ')}))`;
    params.push(...altSetParams);
    if (rowTest && alternative) rowTest = { sql: `(${rowTest.sql} OR ${alternative.sql})`, params: [...rowTest.params, ...alternative.params], exact: rowTest.exact };
  }
  return {
    sql,
    params,
    match,
    tokens: match === null ? null : long.map((t) => t.toLowerCase()),
    prefix,
    alternative,
    pure: alternative === null && shortTest === null,
    rowTest,
  };
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
  const base = { sql: clauses.length === 0 ? '1' : clauses.join(' AND '), params: [...params] };
  const baseInSchemaIndex = countersOnly;
  const text = q.text === undefined ? null : textSearch(q.text, expand);
  if (text) {
    clauses.push(text.sql);
    params.push(...text.params);
    countersOnly = false;
  }
  return { sql: clauses.length === 0 ? '1' : clauses.join(' AND '), params, hasText: text !== null, countersOnly, base, baseKeys: [q.schemaId, q.state], baseInSchemaIndex, text };
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
