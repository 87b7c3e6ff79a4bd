import { expect } from 'vitest';
import { primaryIdentifier } from '../../../shared/domain/identity';
import type { DomainCases } from './case';
import { newIdentity, untyped } from './case';

export const searchCases: DomainCases<'search'> = {
  'search.query': async (h) => {
    for (const name of ['ann', 'bob', 'cy']) await newIdentity(h, `${name}@example.com`);
    const first = await h.client.api.search.query({ text: 'example', sort: 'identifier', direction: 'asc', limit: 2 });
    expect(first.items.map((i) => i.traits)).toEqual([{ email: 'ann@example.com' }, { email: 'bob@example.com' }]);
    // The order is by the primary identifier the renderer shows (one rule, shared/domain/identity).
    expect(first.items.map(primaryIdentifier)).toEqual(['ann@example.com', 'bob@example.com']);
    expect(first.next).not.toBeNull();
    const rest = await h.client.api.search.query({ text: 'example', sort: 'identifier', direction: 'asc', limit: 2, after: first.next ?? '' });
    expect(rest.items.map((i) => i.traits)).toEqual([{ email: 'cy@example.com' }]);
    expect(rest.next).toBeNull();
    const jump = await h.client.api.search.query({ sort: 'identifier', direction: 'asc', position: 2, limit: 5 });
    expect(jump).toMatchObject({ position: 2, items: [{ traits: { email: 'cy@example.com' } }] });
    await expect(untyped(h.client.api).search?.query?.({ limit: 100_000 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  },
  'search.count': async (h) => {
    const a = await newIdentity(h, 'count-a@example.com');
    await newIdentity(h, 'count-b@example.org');
    await h.client.api.identities.setState(a.id, 'inactive');
    expect(await h.client.api.search.count({})).toMatchObject({ total: 2, filtered: 2, exact: true });
    expect(await h.client.api.search.count({ state: 'inactive' })).toMatchObject({ total: 2, filtered: 1 });
    expect(await h.client.api.search.count({ text: 'example.org' })).toMatchObject({ filtered: 1 });
  },
};
