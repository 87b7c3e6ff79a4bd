import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSearchService } from '../../../electron/services/search/search-service';
import type { StoreFixture } from '../../fixtures/store/store-fixture';
import { openFixture } from '../../fixtures/store/store-fixture';

/** Issue 16 §5: a phone number is found however it is typed; no token of a query is silently dropped. */
let f: StoreFixture;
beforeAll(() => {
  f = openFixture();
  f.services.store.db.transaction(() => {
    for (let i = 0; i < 300; i++) f.services.identities.create({ traits: { email: `filler${i}@example.com`, phone: `+4930${String(1000000 + i)}` } });
  })();
  f.services.identities.create({ traits: { email: 'ann@example.com', phone: '+1 656 691 8536', name: { first: 'Zed' } } });
  f.services.identities.create({ traits: { email: 'bob@example.org', phone: '+44 20 7946 0958', name: { first: 'Bob' } } });
});
afterAll(() => f.close());

const emails = (items: { traits: unknown }[]) => items.map((i) => (i.traits as { email: string }).email);
const plans = () => [
  f.services.search,
  createSearchService({ db: f.services.store.db, force: { plan: 'index' } }),
  createSearchService({ db: f.services.store.db, force: { plan: 'walk', budget: 10_000 } }),
];

describe('phone search', () => {
  it.each(['+16566918536', '+1 656 691 8536', '656-691-8536', '(656) 691-8536', '+1 (656) 691-8536', '691 8536'])('%s finds the number stored as +1 656 691 8536, by every plan', (text) => {
    for (const search of plans()) expect(emails(search.query({ text }).items)).toEqual(['ann@example.com']);
    expect(f.services.search.count({ text }, { exact: true }).filtered).toBe(1);
    expect(f.services.search.count({ text }).filtered).toBe(1);
  });

  it('a national number with its trunk 0 finds the international one', () => {
    expect(emails(f.services.search.query({ text: '020 7946 0958' }).items)).toEqual(['bob@example.org']);
  });

  it('a changed or deleted number leaves the index', () => {
    const ann = f.services.search.query({ text: 'ann@example.com' }).items[0];
    if (!ann) throw new Error('ann missing');
    f.services.identities.update(ann.id, { traits: { email: 'ann@example.com', phone: '+1 656 691 0000', name: { first: 'Zed' } } });
    expect(f.services.search.query({ text: '656-691-8536' }).items).toHaveLength(0);
    expect(emails(f.services.search.query({ text: '656-691-0000' }).items)).toEqual(['ann@example.com']);
    f.services.identities.update(ann.id, { traits: { email: 'ann@example.com', phone: '+1 656 691 8536', name: { first: 'Zed' } } });
  });
});

describe('short tokens', () => {
  it('a 1-character token inside a longer query is a condition too, in every plan', () => {
    for (const search of plans()) {
      expect(emails(search.query({ text: 'example z' }).items)).toEqual(['ann@example.com']);
      expect(emails(search.query({ text: 'b example.org' }).items)).toEqual(['bob@example.org']);
    }
    expect(f.services.search.count({ text: 'example z' }, { exact: true }).filtered).toBe(1);
  });
});
