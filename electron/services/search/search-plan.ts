import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/open-database';
import type { IdentityRow, StoredIdentity } from '../identities/stored-identity';
import { fromRow, IDENTITY_COLUMN_COUNT, IDENTITY_COLUMNS, rowFromValues } from '../identities/stored-identity';
import { forEachSearchString } from './search-pairs';
import type { Filter, TextSearch } from './search-sql';
import { CREDENTIAL_TYPES, FILTERED_SORT_INDEXES } from './search-sql';

/**
 * A search plan per query (issue 18). A text query can be answered two ways:
 * - the index plan: every match from the trigram index, then sorted. Its cost grows with the number of matches.
 * - the walk plan: the sort index in order, each row tested until a page is full. Its cost grows with the rows
 *   passed over, about page / (share of rows that match).
 * A fragment shared by a tenth of the store fills a page of 50 within a few hundred rows of any sort, while the
 * index would sort 100,000 matches; a rare one is the other way round. The planner estimates the number of matches
 * from the index itself (the rowid of its K-th match: matches come in rowid order), and walks only when that is
 * cheaper. A walk has a budget of rows; past it (the matches sit at the far end of this sort) the index plan
 * answers instead, so a wrong guess costs at most the budget.
 *
 * Three things make the plans cheaper than they were (issue 18, point 1):
 * - A state or schema filter walks that state's or schema's sort order (migration 0009), so a walk passes only
 *   rows the filter keeps, and the filter no longer decides how far it goes.
 * - The text's whole match set is kept in a temp table (search_matches) while the store is unchanged: built by
 *   the index plan or the fallback, or on a first query when it costs at most two walks. The next sort, filter or
 *   page of the same text walks the sort index against it (`walk-set`: a probe per index entry, no row read).
 * - The first index plan over a kept set keeps its matches' sort keys and filter columns too (search_keys), so a
 *   page whose matches are far away or absent scans those instead of reading every match's row.
 * Every budget is walked in windows that grow fourfold, each ended by an index-only OFFSET, so a page found early
 * pays for its window only.
 */

/** A row of a page; `parsed` when the walk's confirmation has parsed it already. */
export type PageRow = IdentityRow & { sort_key: number | string; parsed?: StoredIdentity };

export interface PageShape {
  col: string;
  index: string;
  dir: 'ASC' | 'DESC';
  filter: Filter;
}

/** Where a page starts in sort order: `(key) > k` (after a cursor) or `(key) >= k` (a jump), or the top. */
export interface PageStart {
  clause: string;
  params: unknown[];
}

/**
 * How a page was answered; the bench and the tests read it. `walk-set`: the text's match set was kept from an
 * earlier query (same text, store unchanged), and the sort index was walked against it.
 */
export type PlanName = 'index' | 'walk' | 'walk-then-index' | 'walk-set';

/** Matches the index lists before the planner estimates from the K-th one. */
const SAMPLE = 64;
/** Relative costs per row, measured at 1M (bench store): a matching row out of the index plan, a row walked. */
const INDEX_ROW_COST = 2;
const WALK_ROW_COST = 1;
/** An index entry tested against a kept match set (search_matches): no row is read for it. */
const PROBE_ROW_COST = 0.3;
/** A match put into the kept set (search_matches) from the trigram index, and how many walks keeping one may cost. */
const KEEP_ROW_COST = 0.2;
/** A kept match's keys scanned and sorted (search_keys), for the index plan over a kept set. */
const KEY_SCAN_COST = 0.15;
const AMORTIZE = 2;
const MIN_BUDGET = 2_000;
/** Below this many matches, sorting them all beats walking the sort index against their set. */
const PROBE_WALK_MIN = 5_000;
/** Index entries the fallback's walk against the match set may pass per match before it sorts the matches instead. */
const PROBE_ROWS_PER_MATCH = 2;

interface Estimate {
  generation: number;
  matches: number;
}

/** When the fallback walks the sort index against the match set (from `min` matches), and its budget per match. */
interface Probe {
  min: number;
  rowsPerMatch: number;
}
const PROBE: Probe = { min: PROBE_WALK_MIN, rowsPerMatch: PROBE_ROWS_PER_MATCH };

export interface SearchPlanner {
  /** Up to `limit + 1` rows from `start` in sort order, by the cheaper plan (or the one `force` names: tests). */
  page(shape: PageShape, start: PageStart, limit: number, force?: { plan: 'index' } | { plan: 'walk'; budget: number; probe?: Probe }): { rows: PageRow[]; plan: PlanName };
  /** The number of identities the text matches (exact below SAMPLE, else estimated from the index). */
  estimate(text: TextSearch): number;
}

/** What a connection's temp tables hold: one text's match set (and maybe its keys), for the store as it was. */
interface Kept {
  held: { signature: string; generation: number; size: number; keyed: boolean } | null;
  tempReady: boolean;
}
const keptByDb = new WeakMap<Db, Kept>();

export const createSearchPlanner = (db: Db, prepare: (sql: string) => Statement): SearchPlanner => {
  const generation = db.prepare("SELECT value FROM counters WHERE name = 'mutations'").pluck();
  const counter = db.prepare('SELECT value FROM counters WHERE name = ?').pluck();
  // Two subqueries: SQLite's min/max shortcut (one b-tree end each) does not apply to both in one SELECT.
  const seqRange = db.prepare('SELECT (SELECT min(seq) FROM identities), (SELECT max(seq) FROM identities)').raw();
  const estimates = new Map<string, Estimate>();

  const estimate = (text: TextSearch): number => {
    const current = generation.get() as number;
    const signature = JSON.stringify([text.match, text.params]);
    const hit = estimates.get(signature);
    if (hit && hit.generation === current) return hit.matches;
    let matches: number;
    if (text.match !== null) {
      // Matches come in rowid order: the K-th one's rowid says what share of the store the first K took.
      const rowids = prepare('SELECT rowid FROM identity_fts WHERE identity_fts MATCH ? LIMIT ?').pluck().all(text.match, SAMPLE) as number[];
      const last = rowids.at(-1);
      if (rowids.length < SAMPLE || last === undefined) matches = rowids.length;
      else {
        const [min, max] = seqRange.get() as [number, number];
        matches = Math.round((SAMPLE * (max - min + 1)) / Math.max(1, last - min + 1));
      }
    } else {
      // Identifier and address prefixes: the identifier keys in the range, counted up to a bound (a range scan of
      // the primary key; an identity with two such identifiers counts twice, which is close enough to plan by).
      const range = text.prefix ?? ['', ''];
      matches = prepare(`SELECT count(*) FROM (SELECT 1 FROM identifiers WHERE type IN (${CREDENTIAL_TYPES.map(() => '?').join(', ')}) AND identifier >= ? AND identifier < ? LIMIT ?)`)
        .pluck()
        .get(...CREDENTIAL_TYPES, ...range, 50 * MIN_BUDGET) as number;
    }
    estimates.delete(signature);
    estimates.set(signature, { generation: current, matches });
    if (estimates.size > 32) estimates.delete(estimates.keys().next().value as string);
    return matches;
  };

  /** The share of rows the non-text filters keep, from the incremental counters (dates: unknown, so 1). */
  const baseShare = (filter: Filter, total: number): number => {
    const [schemaId, state] = filter.baseKeys;
    const name =
      schemaId !== undefined && state !== undefined
        ? `schema_state:${state}:${schemaId}`
        : schemaId !== undefined
          ? `schema:${schemaId}`
          : state !== undefined
            ? `state:${state}`
            : null;
    if (name === null) return 1;
    return ((counter.get(name) as number | undefined) ?? 0) / Math.max(1, total);
  };

  /**
   * The index a walk reads: with a state or schema filter, the sort order within that state or schema (the one
   * that keeps fewer rows when both are set), so that only rows the filter keeps are walked; `prefix` is its
   * equality, which bounds the budget's index-only count too. `share` is the part of the store it holds.
   */
  const walkIndex = (shape: PageShape, total: number): { index: string; prefix: { sql: string; params: unknown[] }; share: number } => {
    const [schemaId, state] = shape.filter.baseKeys;
    const options: ['state' | 'schema_id', string, number][] = [];
    if (state !== undefined) options.push(['state', state, ((counter.get(`state:${state}`) as number | undefined) ?? 0) / Math.max(1, total)]);
    if (schemaId !== undefined) options.push(['schema_id', schemaId, ((counter.get(`schema:${schemaId}`) as number | undefined) ?? 0) / Math.max(1, total)]);
    const best = options.sort((a, b) => a[2] - b[2])[0];
    const index = best ? FILTERED_SORT_INDEXES[best[0]][shape.col] : undefined;
    if (!best || index === undefined) return { index: shape.index, prefix: { sql: '1', params: [] }, share: 1 };
    return { index, prefix: { sql: `${best[0]} = ?`, params: [best[1]] }, share: best[2] };
  };

  /**
   * The text's whole match set, kept in a temp table while the store is unchanged (the `mutations` counter): the
   * index plan and the fallback both need it, and the next query is most often the same text in another sort,
   * direction or filter, or the next page. One text at a time (the one being typed). Rowids in an INTEGER PRIMARY
   * KEY table, so `seq IN` it probes the table instead of building a set per statement. Where the temp table
   * cannot be written (a read-only connection) or inside a transaction, the text's own set is used as before.
   */
  // The temp tables belong to the connection, which several planners (services) may share: so does what they hold.
  let shared = keptByDb.get(db);
  if (!shared) {
    shared = { held: null, tempReady: false };
    keptByDb.set(db, shared);
  }
  const state = shared;
  const HELD_SET = { sql: 'seq IN (SELECT seq FROM temp.search_matches)', params: [] as unknown[] };
  const matchSet = (text: TextSearch): { sql: string; params: unknown[] } => {
    const current = generation.get() as number;
    const signature = JSON.stringify([text.sql, text.params]);
    // Inside a caller's transaction the temp table's rows would roll back with it: no cache there.
    if (db.inTransaction) return { sql: text.sql, params: text.params };
    if (state.held && state.held.signature === signature && state.held.generation === current) return HELD_SET;
    try {
      if (!state.tempReady) {
        db.exec(`CREATE TEMP TABLE IF NOT EXISTS search_matches (seq INTEGER PRIMARY KEY);
          CREATE TEMP TABLE IF NOT EXISTS search_keys (seq INTEGER PRIMARY KEY, schema_id TEXT, state TEXT, created_key REAL, updated_key REAL, primary_identifier TEXT)`);
        state.tempReady = true;
      }
      state.held = null;
      prepare('DELETE FROM temp.search_matches').run();
      prepare('DELETE FROM temp.search_keys').run();
      // The trigram index's rowids straight in when they are the whole text (a rowid it still held for a removed
      // identity would match no row of identities, which every use of the set reads).
      const { changes } =
        text.pure && text.match !== null
          ? prepare('INSERT INTO temp.search_matches SELECT rowid FROM identity_fts WHERE identity_fts MATCH ?').run(text.match)
          : prepare(`INSERT INTO temp.search_matches SELECT seq FROM identities WHERE ${text.sql}`).run(...text.params);
      state.held = { signature, generation: current, size: changes, keyed: false };
      return HELD_SET;
    } catch {
      return { sql: text.sql, params: text.params };
    }
  };

  /** The number of matches when the temp table holds this text's set for the store as it is, else null. */
  const heldSize = (text: TextSearch): number | null =>
    !db.inTransaction && state.held !== null && state.held.signature === JSON.stringify([text.sql, text.params]) && state.held.generation === (generation.get() as number)
      ? state.held.size
      : null;

  /**
   * The kept set's sort keys and filter columns (search_keys), read from identities once, on the first index plan
   * over the set: that plan reads every match's row anyway, and later ones scan the small temp rows instead (a
   * fragment whose matches are nowhere near where a sort or a filter starts, or nowhere at all).
   */
  const keyed = (text: TextSearch): boolean => {
    const held = state.held;
    if (heldSize(text) === null || !held) return false;
    if (held.keyed) return true;
    try {
      prepare(
        `INSERT INTO temp.search_keys SELECT seq, schema_id, state, created_key, updated_key, primary_identifier FROM identities
         WHERE seq IN (SELECT seq FROM temp.search_matches)`,
      ).run();
      held.keyed = true;
      return true;
    } catch {
      return false;
    }
  };

  /** The shape's filter with the text's set from the temp table. */
  const heldFilter = (shape: PageShape, text: TextSearch): { sql: string; params: unknown[] } => {
    const set = matchSet(text);
    return { sql: `${shape.filter.base.sql} AND ${set.sql}`, params: [...shape.filter.base.params, ...set.params] };
  };

  // With text, the index plan reads its matches by seq: left to itself, SQLite may walk a filter's sort index
  // (migration 0009) to skip the sort, testing each row against the match set, which is the walk without a budget.
  // It sorts the matches' keys only, then reads the page's rows: SQLite's sorter would otherwise copy every column
  // of every match (about half the plan's time for a few thousand matches).
  const indexPage = (shape: PageShape, start: PageStart, limit: number): PageRow[] => {
    const order = `ORDER BY ${shape.col} ${shape.dir}, seq ${shape.dir}`;
    if (!shape.filter.text)
      return pageRows(prepare(`SELECT ${IDENTITY_COLUMNS}, ${shape.col} AS sort_key FROM identities WHERE ${shape.filter.sql}${start.clause} ${order} LIMIT ?`), [
        ...shape.filter.params,
        ...start.params,
        limit + 1,
      ]);
    const filter = heldFilter(shape, shape.filter.text);
    // The base filter and the start name only columns that search_keys has, under the same names.
    if (keyed(shape.filter.text))
      return rowsOf(
        shape,
        prepare(`SELECT seq FROM temp.search_keys WHERE ${shape.filter.base.sql}${start.clause} ${order} LIMIT ?`)
          .pluck()
          .all(...shape.filter.base.params, ...start.params, limit + 1) as number[],
      );
    const seqs = prepare(`SELECT seq FROM identities NOT INDEXED WHERE ${filter.sql}${start.clause} ${order} LIMIT ?`)
      .pluck()
      .all(...filter.params, ...start.params, limit + 1) as number[];
    return rowsOf(shape, seqs);
  };

  /**
   * The rows of `seqs`, in the shape's order: `seq IN (?, …)` with the list padded with NULLs (which match
   * nothing) to a power of two, so that a few statements serve every page size (json_each took 4× as long).
   */
  const rowsOf = (shape: PageShape, seqs: number[]): PageRow[] => {
    if (seqs.length === 0) return [];
    if (seqs.length > 4096)
      return pageRows(
        prepare(
          `SELECT ${IDENTITY_COLUMNS}, ${shape.col} AS sort_key FROM identities WHERE seq IN (SELECT value FROM json_each(?)) ORDER BY ${shape.col} ${shape.dir}, seq ${shape.dir}`,
        ),
        [JSON.stringify(seqs)],
      );
    let slots = 64;
    while (slots < seqs.length) slots *= 2;
    const params: (number | null)[] = [...seqs, ...Array<null>(slots - seqs.length).fill(null)];
    return pageRows(
      prepare(
        `SELECT ${IDENTITY_COLUMNS}, ${shape.col} AS sort_key FROM identities WHERE seq IN (${params.map(() => '?').join(', ')}) ORDER BY ${shape.col} ${shape.dir}, seq ${shape.dir}`,
      ),
      params,
    );
  };

  /** A candidate of a superset row test is a match when the index (or, for ASCII tokens, the same folding) says so. */
  const confirmer = (text: TextSearch): ((row: WalkRow) => boolean) => {
    if (text.rowTest?.exact) return () => true;
    const tokens = text.tokens ?? [];
    const probe = text.match === null ? null : prepare('SELECT 1 FROM identity_fts WHERE identity_fts MATCH ? AND rowid = ?').pluck();
    const ascii = tokens.every((t) => /^[\x20-\x7e]*$/.test(t));
    return (row) => {
      if (row.walk_id === 1) return true;
      if (ascii) {
        row.parsed = fromRow(row);
        return matchesAsciiTokens(row.parsed, tokens);
      }
      return probe?.get(text.match, row.seq) !== undefined;
    };
  };

  const walk = (shape: PageShape, start: PageStart, limit: number, budget: number, text: TextSearch, firstWindow: number): PageRow[] | null => {
    const test = text.rowTest;
    if (!test) return null;
    const order = `${shape.col} ${shape.dir}, seq ${shape.dir}`;
    const cmp = shape.dir === 'DESC' ? '<' : '>';
    const { index, prefix } = walkIndex(shape, (counter.get('identities') as number | undefined) ?? 0);
    const idCol = text.alternative ? `, (${text.alternative.sql}) AS walk_id` : ', 0 AS walk_id';
    const confirm = confirmer(text);
    const out: PageRow[] = [];
    let candidates = 0;
    let windowClause = start.clause;
    let windowParams = start.params;
    let passed = 0;
    // The budget is in index entries, walked in windows that grow fourfold from about the rows a page needs: the
    // key ending each window is found index-only (an OFFSET as long as the window), so a page found early never
    // pays for the whole budget.
    for (let window = Math.max(256, Math.ceil(firstWindow)); ; window *= 4) {
      const size = Math.min(window, Math.ceil(budget - passed));
      const bound = boundKey(shape, index, prefix, { clause: windowClause, params: windowParams }, size);
      const boundClause = bound ? ` AND (${shape.col}, seq) ${cmp === '<' ? '>=' : '<='} (?, ?)` : '';
      let clause = windowClause;
      let params = windowParams;
      for (;;) {
        const want = limit + 1 - out.length + (test.exact ? 0 : 8);
        // One flat statement: SQLite walks the index, reads each row and tests it in C, and stops at `want`.
        const rows = pageRows(
          prepare(
            `SELECT ${IDENTITY_COLUMNS}, ${shape.col} AS sort_key${idCol} FROM identities INDEXED BY ${index}
           WHERE ${shape.filter.base.sql} AND (${test.sql})${clause}${boundClause} ORDER BY ${order} LIMIT ?`,
          ),
          [...(text.alternative?.params ?? []), ...shape.filter.base.params, ...test.params, ...params, ...(bound ?? []), want],
        ) as WalkRow[];
        for (const row of rows) {
          candidates++;
          if (confirm(row)) out.push(row);
          if (out.length === limit + 1) return out;
        }
        const last = rows.at(-1);
        // Walked to the window's end.
        if (rows.length < want || last === undefined) break;
        // A superset test that lets through mostly rows that do not match: the index is cheaper.
        if (candidates > limit + 1 + budget / 8) return null;
        clause = ` AND (${shape.col}, seq) ${cmp} (?, ?)`;
        params = [last.sort_key, last.seq];
      }
      // The index ended inside the window: every match from `start` is in `out`.
      if (!bound) return out;
      passed += size;
      if (passed >= budget) return null;
      windowClause = ` AND (${shape.col}, seq) ${cmp} (?, ?)`;
      windowParams = bound;
    }
  };

  const page: SearchPlanner['page'] = (shape, start, limit, force) => {
    const text = shape.filter.text;
    if (!text?.rowTest || force?.plan === 'index') return { rows: indexPage(shape, start, limit), plan: 'index' };
    if (force) {
      const rows = walk(shape, start, limit, force.budget, text, 0);
      return rows ? { rows, plan: 'walk' } : { rows: fallback(shape, start, limit, force.budget, force.probe ?? PROBE, force.budget), plan: 'walk-then-index' };
    }
    const kept = heldSize(text);
    const matches = kept ?? estimate(text);
    const total = (counter.get('identities') as number | undefined) ?? 0;
    // Rows walked: the walk's index holds only `walkShare` of the store, all of which the filter's prefix keeps.
    const walkShare = walkIndex(shape, total).share;
    const share = ((matches / Math.max(1, total)) * baseShare(shape.filter, total)) / Math.max(walkShare, 1e-9);
    const walkRows = share > 0 ? (limit + 1) / share : Infinity;
    if (kept !== null) {
      // The set is at hand: walking the sort index against it costs a probe per entry, not a row read and test;
      // with its keys kept too, scanning them is cheaper still than reading the matches' rows.
      const withKeys = state.held?.keyed === true;
      const perMatch = withKeys ? KEY_SCAN_COST : INDEX_ROW_COST;
      if (walkRows * PROBE_ROW_COST >= matches * perMatch) return { rows: indexPage(shape, start, limit), plan: 'index' };
      const probe = { min: 0, rowsPerMatch: withKeys ? KEY_SCAN_COST / PROBE_ROW_COST : PROBE_ROWS_PER_MATCH };
      return { rows: fallback(shape, start, limit, matches, probe, 2 * walkRows), plan: 'walk-set' };
    }
    if (walkRows * WALK_ROW_COST >= matches * INDEX_ROW_COST) return { rows: indexPage(shape, start, limit), plan: 'index' };
    // Keeping the set costs up to AMORTIZE walks more on this query, and makes the next ones on the same text (other
    // sorts, filters, pages) probe walks: worth it for a fragment of a few percent, not for a near-universal one.
    if (!db.inTransaction && matches * KEEP_ROW_COST <= AMORTIZE * walkRows * WALK_ROW_COST && matchSet(text) === HELD_SET)
      return { rows: fallback(shape, start, limit, matches, { min: 0, rowsPerMatch: PROBE_ROWS_PER_MATCH }, 2 * walkRows), plan: 'walk-set' };
    const budget = Math.max(MIN_BUDGET, Math.ceil(4 * walkRows));
    const rows = walk(shape, start, limit, budget, text, 2 * walkRows);
    return rows ? { rows, plan: 'walk' } : { rows: fallback(shape, start, limit, matches, PROBE, 4 * budget), plan: 'walk-then-index' };
  };

  /**
   * The matches are many but not where this sort starts (an e-mail sort groups people by first name, say). The
   * index still lists them faster than the walk's row test, so keep the set it lists (rowids only) and walk the
   * sort index against it: SQLite tests the rowid from the index entry before it reads the row. That walk has a
   * budget too (a few index entries per match): past it the matches are far from here (`a` in the identifier
   * sort, descending) or the filter keeps few of them, and sorting the matches' keys is cheaper.
   */
  const fallback = (shape: PageShape, start: PageStart, limit: number, matches: number, probe: Probe, firstWindow: number): PageRow[] => {
    if (matches < probe.min) return indexPage(shape, start, limit);
    const { index, prefix } = walkIndex(shape, (counter.get('identities') as number | undefined) ?? 0);
    const order = `${shape.col} ${shape.dir}, seq ${shape.dir}`;
    const cmp = shape.dir === 'DESC' ? '<' : '>';
    const filter = shape.filter.text ? heldFilter(shape, shape.filter.text) : shape.filter;
    const budget = probe.rowsPerMatch * matches;
    // In windows that grow fourfold: each window's end is found by an index-only OFFSET, which costs as much as
    // the window, so a page found near `start` never pays for the whole budget.
    const found: number[] = [];
    let clause = start.clause;
    let params = start.params;
    let passed = 0;
    for (let window = Math.max(256, Math.ceil(firstWindow)); ; window *= 4) {
      const size = Math.min(window, Math.ceil(budget - passed));
      const bound = boundKey(shape, index, prefix, { clause, params }, size);
      const boundClause = bound ? ` AND (${shape.col}, seq) ${cmp === '<' ? '>=' : '<='} (?, ?)` : '';
      const seqs = prepare(`SELECT seq FROM identities INDEXED BY ${index} WHERE ${filter.sql}${clause}${boundClause} ORDER BY ${order} LIMIT ?`)
        .pluck()
        .all(...filter.params, ...params, ...(bound ?? []), limit + 1 - found.length) as number[];
      found.push(...seqs);
      if (found.length === limit + 1 || !bound) return rowsOf(shape, found);
      passed += size;
      if (passed >= budget) return indexPage(shape, start, limit);
      clause = ` AND (${shape.col}, seq) ${cmp} (?, ?)`;
      params = bound;
    }
  };

  /** The key `budget` entries on from `start` in `index` (index-only), or none when the index ends before. */
  const boundKey = (shape: PageShape, index: string, prefix: { sql: string; params: unknown[] }, start: PageStart, budget: number) =>
    prepare(`SELECT ${shape.col}, seq FROM identities INDEXED BY ${index} WHERE ${prefix.sql}${start.clause} ORDER BY ${shape.col} ${shape.dir}, seq ${shape.dir} LIMIT 1 OFFSET ?`)
      .raw()
      .get(...prefix.params, ...start.params, Math.max(1, Math.ceil(budget)) - 1) as [number | string, number] | undefined;

  return { page, estimate };
};

type WalkRow = PageRow & { walk_id: number };

/**
 * The rows of a `SELECT ${IDENTITY_COLUMNS}, sort_key[, walk_id]`, read as arrays (see rowFromValues: a row object
 * from better-sqlite3 costs more than the query). Every statement here that reads identity rows goes through this,
 * so a cached statement is always in raw mode.
 */
const pageRows = (statement: Statement, params: readonly unknown[]): PageRow[] =>
  (statement.raw(true).all(...params) as unknown[][]).map((v) => {
    const row = rowFromValues(v) as WalkRow;
    row.sort_key = v[IDENTITY_COLUMN_COUNT] as number | string;
    if (v.length > IDENTITY_COLUMN_COUNT + 1) row.walk_id = v[IDENTITY_COLUMN_COUNT + 1] as number;
    return row;
  });

/** The index's folding of ASCII text: A–Z, and the two characters outside ASCII that it folds into ASCII. */
const foldAscii = (s: string): string => s.replace(/[A-Z\u212a\u017f]/g, (c) => (c === '\u212a' ? 'k' : c === '\u017f' ? 's' : c.toLowerCase()));

/** True when every token (ASCII, lower case) is a substring of some string of the identity's search text. */
export const matchesAsciiTokens = (s: StoredIdentity, tokens: readonly string[]): boolean => {
  const strings: string[] = [];
  forEachSearchString(s, (text) => strings.push(foldAscii(text)));
  return tokens.every((t) => strings.some((text) => text.includes(t)));
};
