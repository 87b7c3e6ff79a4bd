import { Configuration, IdentityApi, type BatchPatchIdentitiesResponse, type Identity } from '@ory/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKratosEmulator, type KratosEmulator } from './index';
import { specErrors } from './spec-check';

/**
 * The official models: every call goes through @ory/client's typed IdentityApi (compile-time shapes),
 * and every answer is also checked against the v26.2.0 OpenAPI spec at run time.
 */
describe('Kratos emulator against @ory/client and openapi.json', () => {
  let emu: KratosEmulator;
  let api: IdentityApi;
  beforeAll(async () => {
    emu = await startKratosEmulator({ kind: 'ory-network', key: 'ory_pat_client', seed: 40, rateLimit: false });
    api = new IdentityApi(new Configuration({ basePath: emu.url, accessToken: 'ory_pat_client' }));
  });
  afterAll(() => emu.close());

  it('listIdentities: typed Identity[], Link header readable, each item conforms', async () => {
    const res = await api.listIdentities({ pageSize: 25, includeCredential: ['password'] });
    const identities: Identity[] = res.data;
    expect(identities).toHaveLength(25);
    expect(String(res.headers.link)).toMatch(/rel="next"$/);
    for (const identity of identities) expect(specErrors('identity', identity)).toEqual([]);
    expect(identities[0]?.credentials?.password?.config).toHaveProperty('hashed_password');
    const byIds = await api.listIdentities({ ids: [identities[0]?.id ?? '', identities[1]?.id ?? ''] });
    expect(byIds.data.map((i) => i.id).sort()).toEqual([identities[0]?.id, identities[1]?.id].sort());
    expect(emu.log.entries.every((e) => e.auth === 'ok')).toBe(true);
  });

  it('createIdentity, getIdentity, patchIdentity, updateIdentity, deleteIdentity', async () => {
    const created = await api.createIdentity({
      createIdentityBody: { schema_id: 'default', traits: { email: 'Client.User@example.com' }, metadata_public: { via: 'sdk' } },
    });
    expect(created.status).toBe(201);
    const identity: Identity = created.data;
    expect(specErrors('identity', identity)).toEqual([]);
    const got = await api.getIdentity({ id: identity.id, includeCredential: ['password'] });
    expect(got.data.traits).toEqual({ email: 'Client.User@example.com' });
    const patched = await api.patchIdentity({
      id: identity.id,
      jsonPatch: [{ op: 'replace', path: '/metadata_admin', value: { ok: true } }],
    });
    expect(patched.data.metadata_admin).toEqual({ ok: true });
    expect(specErrors('identity', patched.data)).toEqual([]);
    const updated = await api.updateIdentity({
      id: identity.id,
      updateIdentityBody: { schema_id: 'default', state: 'inactive', traits: { email: 'client.user@example.com' } },
    });
    expect(updated.data.state).toBe('inactive');
    expect(specErrors('identity', updated.data)).toEqual([]);
    const deleted = await api.deleteIdentity({ id: identity.id });
    expect(deleted.status).toBe(204);
    await expect(api.getIdentity({ id: identity.id })).rejects.toMatchObject({ response: { status: 404 } });
  });

  it('batchPatchIdentities: typed per-item results', async () => {
    const res = await api.batchPatchIdentities({
      patchIdentitiesBody: {
        identities: [
          { create: { schema_id: 'default', traits: { email: 'b1@example.com' } }, patch_id: '0f9d3c1e-7a5b-4c2d-9e8f-1a2b3c4d5e6f' },
          { create: { schema_id: 'default', traits: { email: 'B1@example.com' } } },
        ],
      },
    });
    const body: BatchPatchIdentitiesResponse = res.data;
    expect(specErrors('batchPatchIdentitiesResponse', body)).toEqual([]);
    expect(body.identities?.map((i) => i.action)).toEqual(['create', 'error']);
    expect(body.identities?.[0]?.patch_id).toBe('0f9d3c1e-7a5b-4c2d-9e8f-1a2b3c4d5e6f');
  });

  it('errors are herodot bodies the spec accepts (errorGeneric)', async () => {
    const failure = await api
      .createIdentity({ createIdentityBody: { schema_id: 'default', traits: { email: 'b1@example.com' } } })
      .catch((e: unknown) => e);
    const response = (failure as { response?: { status: number; data: unknown } }).response;
    expect(response?.status).toBe(409);
    expect(specErrors('errorGeneric', response?.data)).toEqual([]);
  });
});
