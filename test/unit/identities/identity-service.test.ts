import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import type { StoreFixture } from '../../fixtures/store/store-fixture';
import { openFixture, person } from '../../fixtures/store/store-fixture';

let f: StoreFixture;
beforeEach(() => {
  f = openFixture();
});
afterEach(() => f.close());

const caught = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
};

describe('identities.create', () => {
  it('defaults id, schema and state, stores traits as given and derives identifiers and addresses', () => {
    const created = f.services.identities.create({ traits: { email: 'Alice@Example.com' } });
    expect(created.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(created.schema_id).toBe('person');
    expect(created.state).toBe('active');
    expect(created.traits).toEqual({ email: 'Alice@Example.com' });
    expect(created.credentials['password']?.identifiers).toEqual(['alice@example.com']);
    expect(created.verifiable_addresses).toMatchObject([{ value: 'alice@example.com', via: 'email', verified: false, status: 'pending' }]);
    expect(created.recovery_addresses).toMatchObject([{ value: 'alice@example.com', via: 'email' }]);
    expect(created.state_changed_at).toBe(created.created_at);
    expect(f.services.identities.get(created.id)).toEqual(created);
    expect(f.services.app.info().identityCount).toBe(1);
    expect(f.events).toContainEqual({ name: 'identities.changed', payload: { ids: [created.id] } });
  });

  it('keeps a given id and raw timestamps, never shows an imported password hash', () => {
    const id = '9f425a8d-7efc-4768-8f23-7647a74fdf13';
    const created = f.services.identities.create({
      id,
      ...person(1),
      created_at: '2026-03-20T10:11:12.123456789+02:00',
      credentials: { password: { config: { hashed_password: '$2a$10$abcdefghijklmnopqrstuv' } } },
      verifiable_addresses: [{ value: 'USER1@example.com', verified: true }],
    });
    expect(created.id).toBe(id);
    expect(created.created_at).toBe('2026-03-20T10:11:12.123456789+02:00');
    expect(created.verifiable_addresses[0]).toMatchObject({ value: 'user1@example.com', verified: true, status: 'completed' });
    expect(JSON.stringify(f.services.identities.get(id))).not.toContain('abcdefghijklmnop');
    expect(f.services.identities.findStored(id)?.credentials['password']?.config).toEqual({ hashed_password: '$2a$10$abcdefghijklmnopqrstuv' });
  });

  it('refuses invalid traits with Kratos pointers, but never validates metadata', () => {
    const err = caught(() => f.services.identities.create({ traits: { email: 'not-an-email' } }));
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(err.details)).toContain('#/traits/email');
    const ok = f.services.identities.create({ ...person(2), metadata_public: { anything: [1, 'two'] }, metadata_admin: 'x' });
    expect(ok.metadata_public).toEqual({ anything: [1, 'two'] });
  });

  it('names the clashing field, value and identity on a case-insensitive conflict', () => {
    const first = f.services.identities.create({ traits: { email: 'alice@example.com' } });
    const err = caught(() => f.services.identities.create({ traits: { email: '  ALICE@example.com' } }));
    expect(err.code).toBe('CONFLICT');
    expect(err.details).toMatchObject({ pointer: '#/traits/email', value: 'alice@example.com', identityId: first.id });
    expect(f.services.app.info().identityCount).toBe(1);
  });

  it('reports a username that clashes with another identity', () => {
    const first = f.services.identities.create({ traits: { email: 'a@example.com', username: 'Neo' } });
    const err = caught(() => f.services.identities.create({ traits: { email: 'b@example.com', username: 'neo' } }));
    expect(err.details).toMatchObject({ pointer: '#/traits/username', value: 'neo', identityId: first.id, type: 'password' });
  });

  it('refuses an empty identifier before the database (Kratos answers 500)', () => {
    const err = caught(() => f.services.identities.create({ traits: { email: 'a@example.com', username: '' } }));
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.message).toContain('#/traits/username');
  });
});

describe('identities.update, patch, setState, delete', () => {
  it('keeps the verified status of addresses still derived and drops the others', () => {
    const id = f.services.identities.create({ id: '11111111-1111-4111-8111-111111111111', ...person(1), verifiable_addresses: [{ value: 'user1@example.com', verified: true }] }).id;
    const kept = f.services.identities.update(id, { traits: { email: 'user1@example.com', name: { first: 'Renamed' } } });
    expect(kept.verifiable_addresses[0]).toMatchObject({ value: 'user1@example.com', verified: true });
    expect(kept.revision).toBe(2);
    const moved = f.services.identities.update(id, { traits: { email: 'new@example.com' } });
    expect(moved.verifiable_addresses).toMatchObject([{ value: 'new@example.com', verified: false }]);
    // the old address is free again
    expect(f.services.identities.create(person(1)).traits).toMatchObject({ email: 'user1@example.com' });
  });

  it('applies add/remove/replace patches, turning replace on a missing path into add', () => {
    const id = f.services.identities.create(person(1)).id;
    const patched = f.services.identities.patch(id, [
      { op: 'replace', path: '/metadata_admin/notes/first', value: 'hi' },
      { op: 'remove', path: '/traits/name/last' },
      { op: 'add', path: '/traits/age', value: 42 },
    ]);
    expect(patched.metadata_admin).toEqual({ notes: { first: 'hi' } });
    expect(patched.traits).toEqual({ email: 'user1@example.com', name: { first: 'First1' }, age: 42 });
  });

  it('refuses denied patch paths and invalid states like Kratos', () => {
    const id = f.services.identities.create(person(1)).id;
    expect(caught(() => f.services.identities.patch(id, [{ op: 'replace', path: '/ID', value: 'x' }])).message).toBe('patch includes denied path: /ID');
    expect(caught(() => f.services.identities.patch(id, [{ op: 'add', path: '/credentials/oidc/config', value: {} }])).message).toContain('denied path');
    expect(caught(() => f.services.identities.patch(id, [{ op: 'replace', path: '/state', value: 'x' }])).message).toBe(
      "The supplied state ('x') was not valid. Valid states are ('active', 'inactive').",
    );
    const hashed = f.services.identities.patch(id, [{ op: 'add', path: '/credentials/password/config', value: { hashed_password: '$2a$10$x' } }]);
    expect(hashed.credentials['password']).not.toHaveProperty('config');
  });

  it('bumps state_changed_at only when the state changes, and deletes for good', async () => {
    const created = f.services.identities.create(person(1));
    await new Promise((r) => setTimeout(r, 5));
    const inactive = f.services.identities.setState(created.id, 'inactive');
    expect(inactive.state).toBe('inactive');
    expect(inactive.state_changed_at).not.toBe(created.state_changed_at);
    expect(f.services.search.count({ state: 'inactive' }).filtered).toBe(1);
    f.services.identities.delete(created.id);
    expect(caught(() => f.services.identities.get(created.id)).code).toBe('NOT_FOUND');
    expect(f.services.app.info().identityCount).toBe(0);
  });

  it('whoamiView shows what /sessions/whoami shows: no credentials, no admin metadata', () => {
    const id = f.services.identities.create({ ...person(1), metadata_public: { plan: 'pro' }, metadata_admin: { secret: true } }).id;
    const view = f.services.identities.whoamiView(id);
    expect(view).not.toHaveProperty('credentials');
    expect(view).not.toHaveProperty('metadata_admin');
    expect(view).toMatchObject({ id, state: 'active', metadata_public: { plan: 'pro' }, traits: person(1).traits });
    expect(view.verifiable_addresses).toHaveLength(1);
  });

  it('goes through the router with argument checks', async () => {
    const { createRouter } = await import('../../../electron/ipc/router');
    const { createApi } = await import('../../../electron/ipc/create-api');
    const router = createRouter(createApi(f.services), () => undefined);
    const bad = await router.call('identities.create', [{ traits: {}, unknown: 1 }]);
    expect(bad.ok).toBe(false);
    const good = await router.call('identities.create', [person(3)]);
    expect(good.ok).toBe(true);
    const clash = await router.call('identities.create', [person(3)]);
    expect(clash).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { pointer: '#/traits/email' } } });
  });
});
