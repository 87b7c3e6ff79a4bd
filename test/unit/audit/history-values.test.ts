import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changeLines, entryIdentityLabel } from '../../../renderer/features/identity-browser/audit-view';
import type { StoreFixture } from '../../fixtures/store/store-fixture';
import { openFixture, person } from '../../fixtures/store/store-fixture';

/** Issue 16 §7: the history shows values (before → after), not only paths, and pages past 50. */
let f: StoreFixture;
beforeEach(() => {
  f = openFixture();
});
afterEach(() => f.close());

describe('audit entries', () => {
  it('carry the inverse too, so a change reads as before → after per field', () => {
    const id = f.services.identities.create(person(1)).id;
    f.services.identities.update(id, { traits: { ...person(1).traits, name: { first: 'Ann', last: 'Last1' }, age: 40 } });
    const [latest] = f.services.audit.list({ identityId: id }).items;
    if (!latest) throw new Error('no entry');
    expect(changeLines(latest)).toEqual([
      { path: '/traits/name/first', before: 'First1', after: 'Ann' },
      { path: '/traits/age', before: undefined, after: 40 },
    ]);
  });

  it('pages past 50 with the cursor the history follows', () => {
    const id = f.services.identities.create(person(2)).id;
    for (let i = 0; i < 60; i++) f.services.identities.update(id, { metadata_admin: { n: i } });
    const first = f.services.audit.list({ identityId: id, limit: 50 });
    expect(first.items).toHaveLength(50);
    expect(first.next).not.toBeNull();
    const second = f.services.audit.list({ identityId: id, limit: 50, before: first.next ?? 0 });
    expect(second.items).toHaveLength(11);
    expect(second.next).toBeNull();
  });

  it('reads a delete as the fields the identity had, and names it by the record it kept once it is gone', () => {
    const id = f.services.identities.create(person(3)).id;
    f.services.identities.delete(id);
    const [deleted] = f.services.audit.list({ identityId: id }).items;
    if (!deleted) throw new Error('no entry');
    expect(deleted.identityLabel).toBeNull();
    const lines = changeLines(deleted);
    expect(lines.map((l) => l.path)).toEqual(['/schema_id', '/state', '/traits']);
    expect(lines.find((l) => l.path === '/traits')).toEqual({ path: '/traits', before: person(3).traits, after: undefined });
    expect(entryIdentityLabel(deleted)).toBe('user3@example.com');

    // Undone: the revert reads as the same fields coming back, and the identity is named as it is now.
    const revert = f.services.audit.revert(deleted.changeId);
    expect(changeLines(revert).find((l) => l.path === '/state')).toEqual({ path: '/state', before: undefined, after: 'active' });
    expect(revert.identityLabel).toBe('user3@example.com');
  });
});
