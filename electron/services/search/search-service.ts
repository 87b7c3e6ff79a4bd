import type { SearchCount, SearchPage, SearchQuery } from '../../../shared/domain/search';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/open-database';
import type { IdentityRow } from '../identities/stored-identity';
import { fromRow, IDENTITY_COLUMNS, toIdentity } from '../identities/stored-identity';
import { createCheckpoints, STRIDE } from './checkpoints';
import type { Filter, SortKey } from './search-sql';
import { buildFilter as buildSqlFilter, decodeCursor, encodeCursor, SORT_COLUMNS } from './search-sql';
import { trigramsFor } from './search-pairs';

export interface SearchService {
  query(q: SearchQuery): SearchPage;
  count(q: SearchQuery): SearchCount;
  /** Streams every matching identity's row in sort order (export, full validation). */
  iterateRows(q: SearchQuery): IterableIterator<IdentityRow>;
}

const DEFAULT_LIMIT = 50;
/** A text count stops here and says it is a lower bound, so a count never walks the whole index. */
export const TEXT_COUNT_CAP = 10_000;

export const createSearchService = ({ db }: { db: Db }): SearchService => {
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
  const counter = db.prepare('SELECT value FROM counters WHERE name = ?').pluck();
  const allPairs = db.prepare('SELECT pair FROM search_pairs').pluck();
  // Read once per filter, not cached across queries: a few thousand short rows, and another connection (an
  // import) may add pairs. Only 2-character tokens read them at all.
  const buildFilter = (q: SearchQuery): Filter => {
    let pairs: string[] | null = null;
    return buildSqlFilter(q, (token) => trigramsFor(token, (pairs ??= allPairs.all() as string[])));
  };
  const counterValue = (name: string): number => (counter.get(name) as number | undefined) ?? 0;

  const shape = (q: SearchQuery) => {
    const sort = q.sort ?? 'created';
    const desc = q.direction === 'desc';
    return { sort, col: SORT_COLUMNS[sort], desc, cmp: desc ? '<' : '>', dir: desc ? 'DESC' : 'ASC', filter: buildFilter(q) };
  };

  const pageSql = (col: string, filter: Filter, dir: string, keyClause: string) =>
    `SELECT ${IDENTITY_COLUMNS}, ${col} AS sort_key FROM identities WHERE ${filter.sql}${keyClause} ORDER BY ${col} ${dir}, seq ${dir} LIMIT ?`;

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
    const rows = prepare(pageSql(s.col, s.filter, s.dir, keyClause)).all(...s.filter.params, ...keyParams, limit + 1) as (IdentityRow & {
      sort_key: number | string;
    })[];
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => toIdentity(fromRow(r))),
      next: rows.length > limit && last ? encodeCursor([last.sort_key, last.seq]) : null,
      position,
    };
  };

  const count = (q: SearchQuery): SearchCount => {
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
    const cap = filter.hasText ? TEXT_COUNT_CAP : Number.MAX_SAFE_INTEGER;
    const filtered = db
      .prepare(`SELECT count(*) FROM (SELECT 1 FROM identities WHERE ${filter.sql} LIMIT ?)`)
      .pluck()
      .get(...filter.params, cap + 1) as number;
    return filtered > cap ? { total, filtered: cap, exact: false } : { total, filtered, exact: true };
  };

  const iterateRows = (q: SearchQuery): IterableIterator<IdentityRow> => {
    const s = shape(q);
    return db
      .prepare(`SELECT ${IDENTITY_COLUMNS} FROM identities WHERE ${s.filter.sql} ORDER BY ${s.col} ${s.dir}, seq ${s.dir}`)
      .iterate(...s.filter.params) as IterableIterator<IdentityRow>;
  };

  return { query, count, iterateRows };
};
