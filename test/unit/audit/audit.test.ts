import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyJsonPatch } from '../../../electron/services/identities/index';
import { jsonDiff } from '../../../electron/services/audit/index';
import type { StoreFixture } from '../../fixtures/store/store-fixture';
import { openFixture, person } from '../../fixtures/store/store-fixture';

let f: StoreFixture;
beforeEach(() => {
  f = openFixture();
});
afterEach(() => f.close());

describe('jsonDiff', () => {
  it('produces a patch that turns before into after, and back', () => {
    const a = { traits: { email: 'a', tags: [1, 2], gone: true }, state: 'active' };
    const b = { traits: { email: 'b', tags: [2], added: { x: 1 } }, state: 'active' };
    expect(applyJsonPatch(a, jsonDiff(a, b))).toEqual(b);
    expect(applyJsonPatch(b, jsonDiff(b, a))).toEqual(a);
    expect(jsonDiff(a, a)).toEqual([]);
  });
});

describe('audit', () => {
  it('records every change with actor, operation and a JSON Patch, newest first, keyset paged', () => {
    const id = f.services.identities.create(person(1)).id;
    f.services.identities.update(id, { metadata_public: { plan: 'pro' } });
    f.services.identities.setState(id, 'inactive');
    const page = f.services.audit.list({ identityId: id, limit: 2 });
    expect(page.items.map((e) => [e.action, e.origin])).toEqual([
      ['update', 'local'],
      ['update', 'local'],
    ]);
    expect(page.items[0]).toMatchObject({ actor: 'tester', identityId: id });
    // The whole record is diffed: the edit, and the timestamps the write stamped.
    expect(page.items[0]?.patch?.map((o) => o.path).sort()).toEqual(['/state', '/state_changed_at', '/updated_at']);
    expect(page.items[0]?.patch).toContainEqual({ op: 'replace', path: '/state', value: 'inactive' });
    expect(page.items[1]?.patch?.map((o) => o.path).sort()).toEqual(['/metadata_public', '/updated_at']);
    expect(page.items[1]?.patch).toContainEqual({ op: 'replace', path: '/metadata_public', value: { plan: 'pro' } });
    const rest = f.services.audit.list({ identityId: id, before: page.next ?? 0 });
    expect(rest.items.map((e) => e.action)).toEqual(['create']);
    expect(rest.next).toBeNull();
  });

  it('lists across identities, narrowed by action and by operation, each filter paged newest first', () => {
    const ids = [1, 2, 3, 4].map((n) => f.services.identities.create(person(n)).id);
    const [a = '', b = '', c = '', d = ''] = ids;
    f.services.identities.update(a, { metadata_public: { n: 1 } }, { operationId: 'op-batch' });
    f.services.identities.update(b, { metadata_public: { n: 2 } }, { operationId: 'op-batch' });
    f.services.identities.update(c, { metadata_public: { n: 3 } }, { operationId: 'op-batch' });
    f.services.identities.delete(d);
    f.services.identities.delete(c);

    const all = f.services.audit.list({});
    expect(all.items.map((e) => e.action)).toEqual(['delete', 'delete', 'update', 'update', 'update', 'create', 'create', 'create', 'create']);
    expect(all.items.map((e) => e.changeId)).toEqual([...all.items.map((e) => e.changeId)].sort((x, y) => y - x));

    const deletes = f.services.audit.list({ action: 'delete' });
    expect(deletes.items.map((e) => e.identityId)).toEqual([c, d]);
    // Each entry names the identity as it is now; one that no longer exists has no label.
    expect(deletes.items.map((e) => e.identityLabel)).toEqual([null, null]);
    expect(f.services.audit.list({ identityId: a }).items.map((e) => e.identityLabel)).toEqual([person(1).traits.email, person(1).traits.email]);
    const firstCreate = f.services.audit.list({ action: 'create', limit: 3 });
    expect(firstCreate.items.map((e) => e.identityId)).toEqual([d, c, b]);
    const restCreate = f.services.audit.list({ action: 'create', limit: 3, before: firstCreate.next ?? 0 });
    expect(restCreate.items.map((e) => e.identityId)).toEqual([a]);
    expect(restCreate.next).toBeNull();

    const batch = f.services.audit.list({ operationId: 'op-batch', limit: 2 });
    expect(batch.items.map((e) => e.identityId)).toEqual([c, b]);
    expect(f.services.audit.list({ operationId: 'op-batch', before: batch.next ?? 0 }).items.map((e) => e.identityId)).toEqual([a]);
    // Filters combine: all must hold.
    expect(f.services.audit.list({ operationId: 'op-batch', action: 'delete' }).items).toEqual([]);
    expect(f.services.audit.list({ identityId: c, action: 'update' }).items.map((e) => e.operationId)).toEqual(['op-batch']);
  });

  it('pages a rare action through its index instead of walking the whole log, and leaves imports and updates out of it', () => {
    // The plan of the query audit.list runs, captured as the service prepares it.
    const prepared: string[] = [];
    const db = f.services.store.db;
    const prepare = db.prepare.bind(db);
    db.prepare = ((sql: string) => {
      prepared.push(sql);
      return prepare(sql);
    }) as typeof db.prepare;
    try {
      for (const action of ['delete', 'create', 'revert'] as const) {
        prepared.length = 0;
        f.services.audit.list({ action });
        const sql = prepared.find((s) => s.includes('ORDER BY a.change_id DESC')) ?? '';
        const plan = (prepare(`EXPLAIN QUERY PLAN ${sql}`).all(1e9, action, 51) as { detail: string }[]).map((r) => r.detail).join(' ');
        expect(plan).toMatch(/USING (COVERING )?INDEX audit_rare_action/);
      }
    } finally {
      db.prepare = prepare;
    }
    // The index holds no import or update: the write paths the benchmarks measure do not pay for it.
    const id = f.services.identities.create(person(1)).id;
    f.services.identities.update(id, { metadata_public: { n: 1 } });
    f.services.identities.delete(id);
    const indexed = db.prepare("SELECT count(*) FROM audit_log INDEXED BY audit_rare_action WHERE action IN ('create', 'delete', 'revert')").pluck().get();
    expect(indexed).toBe(2);
    expect(f.services.audit.list({ action: 'update' }).items.map((e) => e.identityId)).toEqual([id]);
  });

  it('reverts a change as a new audited change, and refuses when a later change touched the same field', () => {
    const id = f.services.identities.create(person(1)).id;
    f.services.identities.update(id, { metadata_public: { plan: 'pro' } });
    const stateChange = f.services.audit.list({ identityId: id, limit: 1 }).items[0];
    f.services.identities.setState(id, 'inactive');
    const setState = f.services.audit.list({ identityId: id, limit: 1 }).items[0];
    f.services.identities.update(id, { metadata_public: { plan: 'team' } });
    // the metadata change was overwritten later: refused
    expect(() => f.services.audit.revert(stateChange?.changeId ?? 0)).toThrow(/later touched the same fields/);
    // the state change was not: reverted
    const revert = f.services.audit.revert(setState?.changeId ?? 0);
    expect(revert).toMatchObject({ action: 'revert', origin: 'undo', reverts: setState?.changeId });
    expect(revert.patch).toContainEqual({ op: 'replace', path: '/state', value: 'active' });
    expect(f.services.identities.get(id).state).toBe('active');
    expect(f.services.identities.get(id).metadata_public).toEqual({ plan: 'team' });
  });

  it('reverts a delete by recreating the identity, and a create by deleting it', () => {
    const id = f.services.identities.create(person(1, { age: 30 })).id;
    f.services.identities.delete(id);
    const deletion = f.services.audit.list({ identityId: id, limit: 1 }).items[0];
    f.services.audit.revert(deletion?.changeId ?? 0);
    expect(f.services.identities.get(id).traits).toEqual(person(1, { age: 30 }).traits);
    const other = f.services.identities.create(person(2)).id;
    const creation = f.services.audit.list({ identityId: other }).items[0];
    f.services.audit.revert(creation?.changeId ?? 0);
    expect(() => f.services.identities.get(other)).toThrow(/No identity/);
    expect(f.services.app.info().identityCount).toBe(1);
  });
});
