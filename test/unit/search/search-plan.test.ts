import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchQuery, SearchSort } from '../../../shared/domain/search';
import type { PlanName } from '../../../electron/services/search/search-plan';
import type { ForcedPlan, SearchService } from '../../../electron/services/search/search-service';
import { createSearchService } from '../../../electron/services/search/search-service';
import { STRIDE } from '../../../electron/services/search/index';
import { FOLDS_TO_ASCII } from '../../../electron/services/search/search-sql';
import type { StoreFixture } from '../../fixtures/store/store-fixture';
import { openFixture, PERSON_SCHEMA, seedSchema } from '../../fixtures/store/store-fixture';

// Every plan (index, ordered walk, walk that runs out of budget and falls back) in every sort, direction and
// filter, checked page by page and jump by jump against a brute-force scan of the same SQLite file.
const N = 800;
const FIRST = ['Alice', 'Bob', 'Carol', 'Dave', 'Eve', 'Frank', 'Grace', 'Heidi', 'Ivan', 'Judy', 'Zoë', 'Mallory'];
const LAST = ['Smith', 'Jones', 'Müller', 'García', 'Rossi', 'Nguyen', 'Kowalski', 'Dubois', 'Okafor', 'Tanaka', 'Silva', 'Novak', 'Larsen', 'Moreau', 'Haddad', 'Quinn'];
/** Created order is a permutation of insertion order, so no sort follows rowids. */
const createdRank = (i: number) => (i * 389) % N;

let f: StoreFixture;
const ids: string[] = [];
beforeAll(() => {
  f = openFixture();
  seedSchema(f.services, 'person-b', PERSON_SCHEMA, false);
  const identities = f.services.identities;
  f.services.store.db.transaction(() => {
    for (let i = 0; i < N; i++) {
      const first = FIRST[i % FIRST.length] as string;
      const last = LAST[(i * 7) % LAST.length] as string;
      const domain = i % 20 < 9 ? 'postbox.com' : `example${i % 13}.com`;
      const late = createdRank(i) >= N - 12;
      const created = identities.create({
        schema_id: i % 5 === 3 ? 'person-b' : 'person',
        traits: { email: `${first}.${last}${i}@${domain}`.toLowerCase(), name: { first, last } },
        state: i % 4 === 1 ? 'inactive' : 'active',
        // Text only in metadata, a quote (JSON escapes it), characters the index folds into ASCII (K, ſ), and a
        // fragment held only by the identities created last (a walk in ascending order meets them at the end).
        metadata_public: late ? { tag: 'latecomer' } : i % 97 === 0 ? { quote: 'say "hi" now' } : null,
        metadata_admin: i % 111 === 5 ? { note: 'Straße \u017fpecial \u212aelvin' } : null,
        ...(i % 9 === 0 ? { external_id: `ext-${i}` } : {}),
        created_at: new Date(Date.UTC(2026, 0, 1) + createdRank(i) * 1000).toISOString(),
      });
      ids.push(created.id);
    }
  })();
  // Updated order differs from both: every 7th identity is edited afterwards.
  for (let i = 0; i < N; i += 7) identities.update(ids[i] as string, { metadata_admin: { touched: `edit ${i}` } });
});
afterAll(() => f.close());

interface Truth {
  seq: number;
  id: string;
  schema_id: string;
  state: string;
  created_key: number;
  updated_key: number;
  primary_identifier: string;
  body: string;
}

const truth = (): Truth[] =>
  f.services.store.db
    .prepare(
      `SELECT i.seq, i.id, i.schema_id, i.state, i.created_key, i.updated_key, i.primary_identifier, t.body
       FROM identities i JOIN identity_search_text t ON t.seq = i.seq`,
    )
    .all() as Truth[];

/** The index's folding for the text here: lower case, and ſ → s (K → k is what toLowerCase does already). */
const fold = (s: string) => s.toLowerCase().replace(/\u017f/g, 's');
const prefixed = (prefix: string): Set<number> =>
  new Set(
    f.services.store.db
      .prepare(
        `SELECT seq FROM identifiers WHERE substr(identifier, 1, length(@p)) = @p
         UNION SELECT seq FROM addresses WHERE via IN ('email', 'sms') AND substr(value, 1, length(@p)) = @p`,
      )
      .pluck()
      .all({ p: prefix }) as number[],
  );

/** What a user expects, by brute force: every identity, tested one by one, sorted in JS. */
const bruteForce = (rows: Truth[], q: SearchQuery): string[] => {
  const tokens = (q.text ?? '').trim().split(/\s+/).filter((t) => t.length > 0);
  const long = tokens.filter((t) => [...t].length >= 2).map(fold);
  const prefixes = long.length === 0 && tokens.length > 0 ? prefixed(tokens.join(' ').toLowerCase()) : null;
  const uuid = /^[0-9a-f-]{8,36}$/i.test((q.text ?? '').trim()) ? (q.text ?? '').trim().toLowerCase() : null;
  const keep = rows.filter((r) => {
    if (q.schemaId !== undefined && r.schema_id !== q.schemaId) return false;
    if (q.state !== undefined && r.state !== q.state) return false;
    if (tokens.length === 0) return true;
    if (uuid !== null && r.id.startsWith(uuid)) return true;
    if (prefixes) return prefixes.has(r.seq);
    const body = fold(r.body);
    return long.every((t) => body.includes(t));
  });
  const key = (r: Truth) => (q.sort === 'updated' ? r.updated_key : q.sort === 'identifier' ? r.primary_identifier : r.created_key);
  const sign = q.direction === 'desc' ? -1 : 1;
  keep.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return sign * (ka < kb ? -1 : ka > kb ? 1 : a.seq - b.seq);
  });
  return keep.map((r) => r.id);
};

const walkAll = (service: SearchService, q: SearchQuery, limit: number): string[] => {
  const seen: string[] = [];
  let after: string | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const page = service.query({ ...q, limit, ...(after ? { after } : {}) });
    seen.push(...page.items.map((i) => i.id));
    if (!page.next) break;
    after = page.next;
  }
  return seen;
};

const FRAGMENTS = [
  'e.smith16', // rare
  'owal', // one last name, ~1/16
  'postbox.com', // the shared domain, 45%
  '.com', // near-universal
  'ar', // two letters
  'a', // one character: identifier and address prefixes
  'ülle', // a last name with a character outside ASCII
  'latecomer', // only the identities created last
  'Say "hi"', // a quote, escaped in the stored JSON
  'special kelvin', // two tokens, each matched through a character the index folds into ASCII
  'email', // a JSON key of every row, in nobody's text: the row test lets everyone through
  'carol postbox', // two tokens
  'ext-9',
  'zz', // nobody
];
const SORTS: [SearchSort, 'asc' | 'desc'][] = [
  ['created', 'asc'],
  ['created', 'desc'],
  ['updated', 'asc'],
  ['updated', 'desc'],
  ['identifier', 'asc'],
  ['identifier', 'desc'],
];
const FILTERS: Partial<SearchQuery>[] = [{}, { state: 'inactive' }, { schemaId: 'person-b' }, { schemaId: 'person-b', state: 'active' }, { schemaId: 'person', state: 'inactive' }];

const FORCED: [string, ForcedPlan][] = [
  ['index', { plan: 'index' }],
  ['walk', { plan: 'walk', budget: 1e9 }],
  ['walk, budget 30 rows', { plan: 'walk', budget: 30 }],
  // The fallback's walk of the sort index against the match set, with room to finish, and with a budget it runs out of.
  ['walk, budget 30 rows, then the match set walked', { plan: 'walk', budget: 30, probe: { min: 0, rowsPerMatch: 1e9 } }],
  ['walk, budget 30 rows, then the match set walked 60 entries', { plan: 'walk', budget: 30, probe: { min: 0, rowsPerMatch: 2 } }],
];
const used = new Set<PlanName>();

describe('search plans', () => {
  it.each(FRAGMENTS)('give exactly the brute-force result for %j, page by page, in every plan, sort, direction and filter', (text) => {
    const rows = truth();
    const db = f.services.store.db;
    const services: [string, SearchService][] = [
      ['auto', createSearchService({ db, onPlan: (p) => used.add(p) })],
      ...FORCED.map(([name, force]): [string, SearchService] => [name, createSearchService({ db, force, onPlan: (p) => used.add(p) })]),
    ];
    for (const [sort, direction] of SORTS)
      for (const filter of FILTERS) {
        const q: SearchQuery = { text, sort, direction, ...filter };
        const expected = bruteForce(rows, q);
        for (const [name, service] of services) {
          const label = `${name} ${JSON.stringify(q)}`;
          expect(service.query({ ...q, limit: 50 }).items.map((i) => i.id), label).toEqual(expected.slice(0, 50));
          if (['owal', 'postbox.com', 'a', 'latecomer'].includes(text)) expect(walkAll(service, q, 41), label).toEqual(expected);
        }
      }
  });

  it('took each path at least once above, so each was compared', () => {
    expect([...used].sort()).toEqual(['index', 'walk', 'walk-set', 'walk-then-index']);
  });

  it('chooses the walk for common fragments and the index for rare ones', () => {
    const db = f.services.store.db;
    const plan = (q: SearchQuery): PlanName | undefined => {
      let chosen: PlanName | undefined;
      createSearchService({ db, onPlan: (p) => (chosen = p) }).query({ ...q, limit: 50 });
      return chosen;
    };
    // A walk of the sort index: testing each row, or (a store this small keeps the set cheaply) against the set.
    expect(plan({ text: 'postbox.com' })).toMatch(/^walk(-set)?$/);
    expect(plan({ text: '.com', sort: 'identifier', direction: 'desc' })).toBe('walk');
    expect(plan({ text: 'e.smith16' })).toBe('index');
    expect(plan({ text: 'latecomer' })).toBe('index');
  });

  it('jumps to any position exactly, whichever plan serves the page there', () => {
    const rows = truth();
    const db = f.services.store.db;
    for (const force of [
      undefined,
      { plan: 'walk', budget: 1e9 } as const,
      { plan: 'walk', budget: 30 } as const,
      { plan: 'walk', budget: 30, probe: { min: 0, rowsPerMatch: 2 } } as const,
    ]) {
      const service = createSearchService({ db, ...(force ? { force } : {}) });
      for (const q of [
        { text: 'postbox.com', sort: 'identifier', direction: 'desc' },
        { text: 'ar', sort: 'updated', state: 'active' },
        { text: 'a', sort: 'created', direction: 'desc' },
      ] as SearchQuery[]) {
        const expected = bruteForce(rows, q);
        for (const position of [1, STRIDE - 1, STRIDE, STRIDE + 7, 2 * STRIDE + 5, expected.length - 3]) {
          const jump = service.query({ ...q, limit: 10, position });
          expect(jump.items.map((i) => i.id), `${JSON.stringify(q)} @${position}`).toEqual(expected.slice(position, position + 10));
          expect(jump.position).toBe(position);
        }
        expect(service.query({ ...q, position: expected.length + 2 }).items).toEqual([]);
      }
    }
  });

  it('counts exactly, or says it is a lower bound, and counts exactly when asked', () => {
    const rows = truth();
    for (const text of FRAGMENTS)
      for (const filter of FILTERS) {
        const q: SearchQuery = { text, ...filter };
        const expected = bruteForce(rows, q).length;
        const quick = f.services.search.count(q);
        expect(quick.total).toBe(N);
        // The quick count is exact here (the store is far below the cap), so it must be the number.
        expect(quick, JSON.stringify(q)).toEqual({ total: N, filtered: expected, exact: true });
        expect(f.services.search.count(q, { exact: true }), JSON.stringify(q)).toEqual({ total: N, filtered: expected, exact: true });
      }
  });
});

describe('a quick count of many matches', () => {
  it('says it is a lower bound, with and without filters, and the exact count follows on request', () => {
    const rows = truth();
    const service = createSearchService({ db: f.services.store.db, countCap: 100 });
    for (const q of [{ text: 'postbox.com' }, { text: 'ar', state: 'active' }, { text: 'a' }, { text: 'e.smith16' }] as SearchQuery[]) {
      const expected = bruteForce(rows, q).length;
      const quick = service.count(q);
      expect(quick, JSON.stringify(q)).toEqual(expected > 100 ? { total: N, filtered: 100, exact: false } : { total: N, filtered: expected, exact: true });
      expect(service.count(q, { exact: true })).toEqual({ total: N, filtered: expected, exact: true });
    }
  });
});

describe('the row test of the walk', () => {
  it('folds into ASCII exactly the characters that the trigram tokenizer folds into ASCII', async () => {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(':memory:');
    db.exec("CREATE VIRTUAL TABLE t USING fts5 (b, tokenize = 'trigram')");
    const insert = db.prepare('INSERT INTO t (rowid, b) VALUES (?, ?)');
    db.transaction(() => {
      for (let c = 0x80; c < 0x10000; c++) if (c < 0xd800 || c > 0xdfff) insert.run(c, String.fromCodePoint(c).repeat(3));
    })();
    const found: [string, string][] = [];
    const match = db.prepare('SELECT rowid FROM t WHERE t MATCH ?').pluck();
    for (let a = 0x21; a < 0x7f; a++) {
      const ch = String.fromCharCode(a);
      if (ch === '"' || (ch >= 'A' && ch <= 'Z')) continue;
      for (const c of match.all(`"${ch.repeat(3)}"`) as number[]) found.push([String.fromCodePoint(c), ch]);
    }
    db.close();
    expect(found).toEqual(FOLDS_TO_ASCII.map(([from, to]) => [from, to]));
  });
});

describe('the match set a search keeps between queries', () => {
  it('follows every write: a new match, an edit that removes one, a delete, a state change', () => {
    const g = openFixture();
    try {
      const db = g.services.store.db;
      const make = (email: string) => g.services.identities.create({ traits: { email, name: { first: 'A', last: 'B' } } });
      for (let i = 0; i < 30; i++) make(`filler${i}@example.com`);
      const one = make('one.kowalski@example.com');
      make('two.kowalski@example.com');
      // Each plan that reads the kept set: the index plan, and the fallback's walk against it.
      for (const force of [{ plan: 'index' } as const, { plan: 'walk', budget: 2, probe: { min: 0, rowsPerMatch: 1e9 } } as const]) {
        const service = createSearchService({ db, force });
        const found = (q: Partial<SearchQuery> = {}) => service.query({ text: 'owal', sort: 'identifier', ...q }).items.map((i) => (i.traits as { email: string }).email);
        const expected = () =>
          (db.prepare("SELECT primary_identifier FROM identities WHERE primary_identifier LIKE '%owal%' ORDER BY primary_identifier").pluck().all() as string[]);
        expect(found()).toEqual(expected());
        const three = make('three.kowalski@example.com');
        expect(found()).toEqual(expected());
        g.services.identities.update(one.id, { traits: { email: `one.smith${force.plan}@example.com`, name: { first: 'A', last: 'B' } } });
        expect(found()).toEqual(expected());
        g.services.identities.setState(three.id, 'inactive');
        expect(found({ state: 'inactive' })).toEqual(['three.kowalski@example.com']);
        g.services.identities.delete(three.id);
        expect(found()).toEqual(expected());
        expect(found({ state: 'inactive' })).toEqual([]);
        g.services.identities.update(one.id, { traits: { email: 'one.kowalski@example.com', name: { first: 'A', last: 'B' } } });
      }
    } finally {
      g.close();
    }
  });
});
