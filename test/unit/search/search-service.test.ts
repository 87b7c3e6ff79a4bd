import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRIDE } from '../../../electron/services/search/index';
import type { StoreFixture } from '../../fixtures/store/store-fixture';
import { openFixture } from '../../fixtures/store/store-fixture';

const N = 700;
let f: StoreFixture;
beforeAll(() => {
  f = openFixture();
  const db = f.services.store.db;
  db.transaction(() => {
    for (let i = 0; i < N; i++) {
      const created = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
      f.services.identities.create({
        traits: { email: `user${String(i).padStart(4, '0')}@${i % 2 ? 'example.com' : 'corp.org'}`, name: { first: i === 5 ? 'Zoë' : `First${i}` } },
        state: i % 3 === 0 ? 'inactive' : 'active',
        metadata_admin: i === 7 ? { note: 'Needs Follow-Up' } : null,
        created_at: created,
      });
    }
  })();
});
afterAll(() => f.close());

const emails = (items: { traits: unknown }[]) => items.map((i) => (i.traits as { email: string }).email);

describe('search.query', () => {
  it('finds substrings anywhere, case-insensitively, in traits and metadata', () => {
    expect(emails(f.services.search.query({ text: 'ser0013@exam' }).items)).toEqual(['user0013@example.com']);
    expect(emails(f.services.search.query({ text: 'FOLLOW-up' }).items)).toEqual(['user0007@example.com']);
    expect(emails(f.services.search.query({ text: 'zoë' }).items)).toEqual(['user0005@example.com']);
    expect(f.services.search.query({ text: 'corp.org', limit: 500 }).items).toHaveLength(350);
  });

  it('answers 2-character queries at any position from the trigram index, exactly like a brute-force scan', () => {
    const all = f.services.search.query({ limit: 1000 }).items;
    const haystack = (i: (typeof all)[number]) => JSON.stringify([i.traits, i.metadata_public, i.metadata_admin]).toLowerCase();
    // Starts, middles, ends, across a join, case-folded, non-ASCII, and pairs nobody has.
    for (const q of ['us', 'r0', '13', '9@', 'rg', 'OM', 'oë', 'p-', 'zz', 'q1', 'xq']) {
      const expected = all.filter((i) => haystack(i).includes(q.toLowerCase())).map((i) => i.id).sort();
      const got = f.services.search.query({ text: q, limit: 1000 }).items.map((i) => i.id).sort();
      expect(got, q).toEqual(expected);
    }
    expect(f.services.search.query({ text: 'oë' }).items.map((i) => (i.traits as { name: { first: string } }).name.first)).toEqual(['Zoë']);
    // A 2-character token narrows a longer one (AND), as any other token does.
    expect(emails(f.services.search.query({ text: 'corp 13' }).items)).toEqual(['user0130@corp.org', 'user0132@corp.org', 'user0134@corp.org', 'user0136@corp.org', 'user0138@corp.org']);
  });

  it('matches 1-character queries against identifier and address prefixes', () => {
    expect(f.services.search.query({ text: 'u', limit: 5 }).items).toHaveLength(5);
    expect(f.services.search.query({ text: 'z' }).items).toHaveLength(0);
  });

  it('learns the pairs of later writes, so a new 2-character fragment is found at once', () => {
    expect(f.services.search.query({ text: 'qx' }).items).toHaveLength(0);
    const created = f.services.identities.create({ traits: { email: 'aqxb@example.com' } });
    expect(f.services.search.query({ text: 'QX' }).items.map((i) => i.id)).toEqual([created.id]);
    f.services.identities.delete(created.id);
  });

  it('keeps exactly the character pairs of the indexed text, outside Latin-1 too', () => {
    const odd = f.services.identities.create({ traits: { email: 'emoji@example.com', name: { first: '\u{1F600}漢字\u{1F601}', last: 'Ωμέγα' } } });
    const db = f.services.store.db;
    const stored = new Set(db.prepare('SELECT pair FROM search_pairs').pluck().all() as string[]);
    const fromBodies = new Set<string>();
    for (const body of db.prepare('SELECT body FROM identity_search_text').pluck().iterate() as IterableIterator<string>) {
      const chars = Array.from(` ${body} `);
      for (let i = 1; i < chars.length; i++) fromBodies.add(`${chars[i - 1] ?? ''}${chars[i] ?? ''}`);
    }
    // Every pair of the indexed text is known (pairs of deleted identities may stay: it is the set ever seen), and
    // every known pair is two whole code points, never half of a surrogate pair.
    expect([...fromBodies].filter((p) => !stored.has(p))).toEqual([]);
    expect([...stored].filter((p) => Array.from(p).length !== 2)).toEqual([]);
    for (const pair of ['\u{1F600}漢', '字\u{1F601}', 'Ωμ', ' \u{1F600}', '\u{1F601} ']) expect(stored.has(pair), pair).toBe(true);
    expect(f.services.search.query({ text: '漢字' }).items.map((i) => i.id)).toEqual([odd.id]);
    f.services.identities.delete(odd.id);
  });

  it('filters by state and schema, sorts by identifier, and pages by keyset to the end', () => {
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = f.services.search.query({ state: 'inactive', sort: 'identifier', limit: 64, ...(after ? { after } : {}) });
      seen.push(...emails(page.items));
      after = page.next ?? undefined;
    } while (after);
    expect(seen).toHaveLength(Math.ceil(N / 3));
    expect([...seen].sort()).toEqual(seen);
    expect(f.services.search.query({ schemaId: 'other' }).items).toHaveLength(0);
  });

  it('jumps to any position without OFFSET, matching a walk from the start', () => {
    const all: string[] = [];
    let after: string | undefined;
    do {
      const page = f.services.search.query({ sort: 'created', direction: 'desc', limit: 100, ...(after ? { after } : {}) });
      all.push(...emails(page.items));
      after = page.next ?? undefined;
    } while (after);
    for (const position of [1, STRIDE - 1, STRIDE, STRIDE + 7, 2 * STRIDE + 100, N - 3]) {
      const jump = f.services.search.query({ sort: 'created', direction: 'desc', limit: 10, position });
      expect(emails(jump.items)).toEqual(all.slice(position, position + 10));
      expect(jump.position).toBe(position);
    }
    expect(f.services.search.query({ position: N + 5 }).items).toHaveLength(0);
  });

  it('filters by created range and counts from counters or the index', () => {
    const range = { createdFrom: '2026-01-01T00:01:40Z', createdTo: '2026-01-01T00:01:49.000Z' };
    expect(f.services.search.query(range).items).toHaveLength(10);
    expect(f.services.search.count(range)).toEqual({ total: N, filtered: 10, exact: true });
    expect(f.services.search.count({})).toEqual({ total: N, filtered: N, exact: true });
    expect(f.services.search.count({ state: 'inactive', schemaId: 'person' }).filtered).toBe(Math.ceil(N / 3));
    expect(f.services.search.count({ text: 'example.com' })).toEqual({ total: N, filtered: 350, exact: true });
  });

  it('rejects a forged cursor with a clear error', () => {
    expect(() => f.services.search.query({ after: 'bm9wZQ' })).toThrow(/cursor/);
  });
});
