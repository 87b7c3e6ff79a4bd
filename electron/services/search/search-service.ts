import type { SearchCount, SearchCountOptions, SearchPage, SearchQuery } from '../../../shared/domain/search';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/open-database';
import type { IdentityRow } from '../identities/stored-identity';
import { fromRow, IDENTITY_COLUMNS, toIdentity } from '../identities/stored-identity';
import { createCheckpoints, STRIDE } from './checkpoints';
import type { PlanName, SearchPlanner } from './search-plan';
import { createSearchPlanner } from './search-plan';
import type { Filter, SortKey } from './search-sql';
import { forEachSearchString } from './search-pairs';
import type { StoredIdentity } from '../identities/stored-identity';
import { buildFilter as buildSqlFilter, decodeCursor, encodeCursor, SORT_COLUMNS, SORT_INDEXES } from './search-sql';
import { trigramsFor } from './search-pairs';

export interface SearchService {
  query(q: SearchQuery): SearchPage;
  /** Exact when cheap; else, unless `exact` is asked for, a lower bound at once (the exact count takes up to ~1 s at 1M). */
  count(q: SearchQuery, options?: SearchCountOptions): SearchCount;
  /** Streams every matching identity's row in sort order (export, full validation). */
  iterateRows(q: SearchQuery): IterableIterator<IdentityRow>;
  /** The query's WHERE clause over `identities`: an operation freezes exactly the browser's matches with it. */
  matchFilter(q: SearchQuery): { sql: string; params: unknown[] };
}

const DEFAULT_LIMIT = 50;
/** A quick text count stops here and says it is a lower bound; the exact count is asked for next. */
export const TEXT_COUNT_CAP = 10_000;

/** Tests pin a plan to check each against a brute-force scan; the app always lets the planner choose. */
export type ForcedPlan = Parameters<SearchPlanner['page']>[3];

interface SearchServiceOptions {
  db: Db;
  force?: ForcedPlan;
  onPlan?: (plan: PlanName) => void;
  /** Where a quick count stops (tests use a small one). */
  countCap?: number;
}

export const createSearchService = ({ db, force, onPlan, countCap = TEXT_COUNT_CAP }: SearchServiceOptions): SearchService => {
  const checkpoints = createCheckpoints(db);
  // Query shapes repeat (a list scrolls): keep their prepared statements.
  const statements = new Map<string, Statement>();
  const prepare = (sql: string): Statement => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      if (statements.size > 200) statements.clear();
      statements.set(sql, statement);
    }
    return statement;
  };
  registerTextHas(db);
  const planner = createSearchPlanner(db, prepare);
  const counter = db.prepare('SELECT value FROM counters WHERE name = ?').pluck();
  const allPairs = db.prepare('SELECT pair FROM search_pairs').pluck();
  const mutations = db.prepare("SELECT value FROM counters WHERE name = 'mutations'").pluck();
  // A few thousand short rows, read by 2-character tokens only. Kept while the store is unchanged: another
  // connection (an import) may add pairs, but only in the transaction that writes their identities, which bumps
  // the `mutations` counter.
  let pairsRead: { generation: number; pairs: string[]; trigrams: Map<string, string[]> } | null = null;
  const trigramsNow = (token: string): string[] => {
    const generation = mutations.get() as number;
    if (pairsRead?.generation !== generation) pairsRead = { generation, pairs: allPairs.all() as string[], trigrams: new Map() };
    let trigrams = pairsRead.trigrams.get(token);
    if (!trigrams) {
      trigrams = trigramsFor(token, pairsRead.pairs);
      if (pairsRead.trigrams.size > 256) pairsRead.trigrams.clear();
      pairsRead.trigrams.set(token, trigrams);
    }
    return trigrams;
  };
  const buildFilter = (q: SearchQuery): Filter => buildSqlFilter(q, trigramsNow);
  const counterValue = (name: string): number => (counter.get(name) as number | undefined) ?? 0;

  const shape = (q: SearchQuery) => {
    const sort = q.sort ?? 'created';
    const desc = q.direction === 'desc';
    const dir: 'ASC' | 'DESC' = desc ? 'DESC' : 'ASC';
    return { sort, col: SORT_COLUMNS[sort], index: SORT_INDEXES[sort], desc, cmp: desc ? '<' : '>', dir, filter: buildFilter(q) };
  };

  /** Jump: checkpoint key, then step over < STRIDE keys in the index; returns the first key wanted. */
  const seekPosition = (q: SearchQuery, s: ReturnType<typeof shape>, position: number): SortKey | null => {
    const signature = JSON.stringify([q.text, q.schemaId, q.state, q.createdFrom, q.createdTo, q.updatedFrom, q.updatedTo, s.sort, s.desc]);
    const sampleSql = `SELECT k, seq FROM (SELECT ${s.col} AS k, seq, row_number() OVER (ORDER BY ${s.col} ${s.dir}, seq ${s.dir}) - 1 AS rn
      FROM identities WHERE ${s.filter.sql}) WHERE rn % ${STRIDE} = 0`;
    const start = checkpoints.keyAt(signature, sampleSql, s.filter.params, position);
    if (!start) return null;
    if (start.skip === 0) return start.key;
    const cmpEq = s.desc ? '<=' : '>=';
    const keys = prepare(`SELECT ${s.col}, seq FROM identities WHERE ${s.filter.sql} AND (${s.col}, seq) ${cmpEq} (?, ?) ORDER BY ${s.col} ${s.dir}, seq ${s.dir} LIMIT ?`)
      .raw()
      .all(...s.filter.params, ...start.key, start.skip + 1) as SortKey[];
    return keys.length === start.skip + 1 ? (keys.at(-1) ?? null) : null;
  };

  const query = (q: SearchQuery): SearchPage => {
    const s = shape(q);
    const limit = q.limit ?? DEFAULT_LIMIT;
    let keyClause = '';
    let keyParams: unknown[] = [];
    let position: number | null = null;
    if (q.after !== undefined) {
      keyClause = ` AND (${s.col}, seq) ${s.cmp} (?, ?)`;
      keyParams = decodeCursor(q.after, s.sort);
    } else if (q.position !== undefined && q.position > 0) {
      const key = seekPosition(q, s, q.position);
      if (key === null) return { items: [], next: null, position: q.position };
      keyClause = ` AND (${s.col}, seq) ${s.cmp}= (?, ?)`;
      keyParams = key;
      position = q.position;
    } else position = 0;
    const { rows, plan } = planner.page(s, { clause: keyClause, params: keyParams }, limit, force);
    onPlan?.(plan);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => toIdentity(r.parsed ?? fromRow(r))),
      next: rows.length > limit && last ? encodeCursor([last.sort_key, last.seq]) : null,
      position,
    };
  };

  const count = (q: SearchQuery, options?: SearchCountOptions): SearchCount => {
    const total = counterValue('identities');
    const filter = buildFilter(q);
    if (filter.countersOnly) {
      const name =
        q.schemaId !== undefined && q.state !== undefined
          ? `schema_state:${q.state}:${q.schemaId}`
          : q.schemaId !== undefined
            ? `schema:${q.schemaId}`
            : q.state !== undefined
              ? `state:${q.state}`
              : 'identities';
      return { total, filtered: counterValue(name), exact: true };
    }
    const text = filter.text;
    if (text && options?.exact !== true) {
      // A lower bound that streams (no match set is built): the first CAP + 1 matches, however many there are.
      const complete = text.match === null || !text.pure;
      const bounded =
        complete
          ? `SELECT count(*) FROM (SELECT 1 FROM identities WHERE ${filter.sql} LIMIT ?)`
          : filter.base.sql === '1'
            ? 'SELECT count(*) FROM (SELECT rowid FROM identity_fts WHERE identity_fts MATCH ? LIMIT ?)'
            : `SELECT count(*) FROM (SELECT 1 FROM identity_fts CROSS JOIN identities ON identities.seq = identity_fts.rowid
                WHERE identity_fts MATCH ? AND ${filter.base.sql} LIMIT ?)`;
      const params = complete ? filter.params : filter.base.sql === '1' ? [text.match] : [text.match, ...filter.base.params];
      const found = prepare(bounded).pluck().get(...params, countCap + 1) as number;
      if (found > countCap) return { total, filtered: countCap, exact: false };
      // Below the cap it is every match: the whole filter was counted, or the index's match set is the whole text.
      return { total, filtered: found, exact: true };
    }
    const exact =
      text?.match != null && text.pure && filter.base.sql === '1'
        ? prepare('SELECT count(*) FROM identity_fts WHERE identity_fts MATCH ?').pluck().get(text.match)
        : filter.baseInSchemaIndex && filter.base.sql !== '1'
          ? // Schema and state from their covering index, each entry's rowid tested against the match set (`+`
            // keeps SQLite from probing the index once per match instead): no table row is read.
            prepare(`SELECT count(*) FROM identities INDEXED BY identities_schema WHERE ${filter.base.sql} AND +${text?.sql ?? '1'}`)
              .pluck()
              .get(...filter.base.params, ...(text?.params ?? []))
          : prepare(`SELECT count(*) FROM identities WHERE ${filter.sql}`).pluck().get(...filter.params);
    return { total, filtered: exact as number, exact: true };
  };

  const iterateRows = (q: SearchQuery): IterableIterator<IdentityRow> => {
    const s = shape(q);
    return db
      .prepare(`SELECT ${IDENTITY_COLUMNS} FROM identities WHERE ${s.filter.sql} ORDER BY ${s.col} ${s.dir}, seq ${s.dir}`)
      .iterate(...s.filter.params) as IterableIterator<IdentityRow>;
  };

  const matchFilter = (q: SearchQuery) => {
    const f = buildFilter(q);
    return { sql: f.sql, params: f.params };
  };

  return { query, count, iterateRows, matchFilter };
};

/**
 * `search_text_has(traits, metadata_public, metadata_admin, credentials, external_id, token)`: whether a 1-character
 * token is in one of the strings the identity's search text is built from (search-pairs.ts), case-folded. The
 * trigram index cannot answer one character, so a query like `example z` tests its `z` with this, on the rows the
 * longer tokens already found.
 */
const registerTextHas = (db: Db): void => {
  const parse = (text: unknown): unknown => (typeof text === 'string' ? (JSON.parse(text) as unknown) : null);
  db.function('search_text_has', { deterministic: true }, (traits, metadataPublic, metadataAdmin, credentials, externalId, token) => {
    if (typeof token !== 'string') return 0;
    const wanted = token.toLowerCase();
    let found = false;
    forEachSearchString(
      {
        traits: parse(traits),
        metadata_public: parse(metadataPublic),
        metadata_admin: parse(metadataAdmin),
        credentials: (parse(credentials) ?? {}) as StoredIdentity['credentials'],
        external_id: typeof externalId === 'string' ? externalId : null,
      } as StoredIdentity,
      (text) => {
        if (!found && text.replace(/[\u212a\u017f]/g, (c) => (c === '\u212a' ? 'k' : 's')).toLowerCase().includes(wanted)) found = true;
      },
    );
    return found ? 1 : 0;
  });
};
