import { expect } from 'vitest';
import type { DomainCases } from './case';
import { newIdentity, untyped } from './case';

export const identitiesCases: DomainCases<'identities'> = {
  'identities.create': async (h) => {
    const created = await h.client.api.identities.create({ traits: { email: 'Ada@Example.com' }, metadata_admin: { team: 'x' } });
    expect(created).toMatchObject({ schema_id: 'email-password', state: 'active', traits: { email: 'Ada@Example.com' }, metadata_admin: { team: 'x' } });
    expect(created.credentials['password']?.identifiers).toEqual(['ada@example.com']);
    expect(created.verifiable_addresses).toMatchObject([{ value: 'ada@example.com', via: 'email', verified: false }]);
    // A taken identifier is a CONFLICT naming the field and the identity that holds it.
    await expect(newIdentity(h, 'ada@example.com')).rejects.toMatchObject({ code: 'CONFLICT', details: { identityId: created.id } });
    await expect(h.client.api.identities.create({ traits: { email: 'not an address' } })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { issues: expect.arrayContaining([expect.objectContaining({ pointer: '#/traits/email', keyword: 'format' })]) },
    });
  },
  'identities.get': async (h) => {
    const created = await newIdentity(h, 'get@example.com');
    expect(await h.client.api.identities.get(created.id)).toEqual(created);
    await expect(h.client.api.identities.get('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  },
  'identities.update': async (h) => {
    const created = await newIdentity(h, 'update@example.com');
    const updated = await h.client.api.identities.update(created.id, { metadata_public: { plan: 'pro' } });
    expect(updated).toMatchObject({ traits: { email: 'update@example.com' }, metadata_public: { plan: 'pro' } });
    expect(updated.revision).toBeGreaterThan(created.revision);
    await expect(untyped(h.client.api).identities?.update?.(created.id, { password: 'x' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  },
  'identities.patch': async (h) => {
    const created = await newIdentity(h, 'patch@example.com');
    const patched = await h.client.api.identities.patch(created.id, [{ op: 'replace', path: '/traits/email', value: 'patched@example.com' }]);
    expect(patched.traits).toEqual({ email: 'patched@example.com' });
    await expect(h.client.api.identities.patch(created.id, [{ op: 'replace', path: '/id', value: 'x' }])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  },
  'identities.setState': async (h) => {
    const created = await newIdentity(h, 'state@example.com');
    expect((await h.client.api.identities.setState(created.id, 'inactive')).state).toBe('inactive');
    await expect(untyped(h.client.api).identities?.setState?.(created.id, 'banned')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  },
  'identities.delete': async (h) => {
    const created = await newIdentity(h, 'void@example.com');
    // A method that returns nothing answers null on every transport (undefined would vanish in JSON).
    await expect(h.client.api.identities.delete(created.id)).resolves.toBeNull();
    await expect(h.client.api.identities.get(created.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(h.client.api.identities.delete(created.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  },
  'identities.whoamiView': async (h) => {
    const created = await h.client.api.identities.create({ traits: { email: 'me@example.com' }, metadata_admin: { secret: 1 } });
    const view = await h.client.api.identities.whoamiView(created.id);
    expect(view).toMatchObject({ id: created.id, traits: { email: 'me@example.com' } });
    expect(view).not.toHaveProperty('metadata_admin');
    expect(view).not.toHaveProperty('credentials');
  },
};
